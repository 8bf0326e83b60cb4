// The label settings panel (issue 6.4): one row per label with "shown", its name and colour
// (a custom label can also be removed), and a form to add a label. Every change goes straight
// to labels.js, which saves the set with the workspace and redraws the marks.

import * as labels from './labels.js';

// Default colours offered by the colour box for labels that still use the built-in palette.
const FALLBACK = '#4338ca';

function rowFor(l, onError) {
  const li = document.createElement('li');
  li.className = 'label-row';
  li.dataset.key = l.key;
  const shown = document.createElement('input');
  shown.type = 'checkbox';
  shown.checked = !l.hidden;
  shown.className = 'label-shown';
  shown.setAttribute('aria-label', `Show ${l.name}`);
  shown.addEventListener('change', () => labels.update(l.key, { hidden: !shown.checked }).catch(onError));
  const name = document.createElement('input');
  name.type = 'text';
  name.value = l.name;
  name.className = 'label-name';
  name.setAttribute('aria-label', `Name of label ${l.key}`);
  name.addEventListener('keydown', (e) => {
    e.stopPropagation(); // typing is not a review key
    if (e.key === 'Enter') name.blur();
  });
  name.addEventListener('change', () => labels.update(l.key, { name: name.value }).catch(onError));
  const color = document.createElement('input');
  color.type = 'color';
  color.value = l.color || FALLBACK;
  color.className = 'label-color';
  color.setAttribute('aria-label', `Colour of ${l.name}`);
  color.addEventListener('change', () => labels.update(l.key, { color: color.value }).catch(onError));
  li.append(shown, name, color);
  if (l.name !== l.key) {
    const key = document.createElement('span');
    key.className = 'muted label-key';
    key.textContent = l.key;
    li.append(key);
  }
  if (l.custom) {
    const del = document.createElement('button');
    del.type = 'button';
    del.className = 'label-remove';
    del.textContent = '✕';
    del.setAttribute('aria-label', `Remove label ${l.name}`);
    del.addEventListener('click', () => labels.removeCustom(l.key).catch(onError));
    li.append(del);
  }
  return li;
}

/** Draws the panel into `container` (a list and an "add" form); onError(err) shows problems. */
export function renderLabelSettings(container, onError) {
  const list = document.createElement('ul');
  list.className = 'label-list';
  list.append(...labels.all().map((l) => rowFor(l, onError)));
  const form = document.createElement('form');
  form.className = 'row label-add';
  const name = document.createElement('input');
  name.type = 'text';
  name.id = 'new-label-name';
  name.placeholder = 'New label';
  name.setAttribute('aria-label', 'Name of a new label');
  name.addEventListener('keydown', (e) => e.stopPropagation());
  const add = document.createElement('button');
  add.type = 'submit';
  add.id = 'btn-add-label';
  add.textContent = 'Add label';
  const reset = document.createElement('button');
  reset.type = 'button';
  reset.textContent = 'Defaults';
  reset.title = 'Back to the 18 OntoNotes labels';
  reset.addEventListener('click', () => labels.reset().catch(onError));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    try {
      labels.add(name.value);
    } catch (err) {
      onError(err);
    }
  });
  form.append(name, add, reset);
  container.replaceChildren(list, form);
}
