// A small filterable list that pops up next to the current annotation: the label picker (l)
// and the speaker picker (s with nothing selected). Typing filters, arrows move, Enter picks,
// Esc closes. One at a time. Built with createElement/textContent (entity texts are data).

let open = null; // {root, close}

/** The picker that is open, or null. */
export function openPicker() {
  return open;
}

export function closePicker() {
  if (open) open.close();
}

/**
 * Shows a picker. items: [{value, text, hint}]; onPick(value) after Enter or a click;
 * onClose() whenever it closes (picked or not). `anchor` is the element to sit next to. A
 * press outside closes it, unless keepOpenOn(target) says that press is for the picker (the
 * speaker picker takes clicks on entities in the article).
 */
export function showPicker({ title, items, anchor, onPick, onClose, note, keepOpenOn }) {
  closePicker();
  const root = document.createElement('div');
  root.className = 'picker';
  root.setAttribute('role', 'dialog');
  root.setAttribute('aria-label', title);
  const head = document.createElement('p');
  head.className = 'picker-title';
  head.textContent = title;
  const input = document.createElement('input');
  input.type = 'text';
  input.className = 'picker-filter';
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-expanded', 'true');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-label', `${title}: type to filter`);
  input.autocomplete = 'off';
  input.spellcheck = false;
  const list = document.createElement('ul');
  list.className = 'picker-list';
  list.setAttribute('role', 'listbox');
  list.id = 'picker-list';
  input.setAttribute('aria-controls', list.id);
  root.append(head, input, list);
  if (note) {
    const p = document.createElement('p');
    p.className = 'picker-note muted';
    p.textContent = note;
    root.appendChild(p);
  }

  let shown = [];
  let active = 0;
  const paint = () => {
    const f = input.value.trim().toLowerCase();
    shown = items.filter((it) => !f || it.text.toLowerCase().includes(f) || (it.hint || '').toLowerCase().includes(f));
    active = Math.min(active, Math.max(shown.length - 1, 0));
    list.replaceChildren(...shown.map((it, i) => {
      const li = document.createElement('li');
      li.setAttribute('role', 'option');
      li.id = `picker-opt-${i}`;
      li.dataset.index = String(i);
      li.textContent = it.text;
      if (it.hint) {
        const h = document.createElement('span');
        h.className = 'picker-hint';
        h.textContent = it.hint;
        li.appendChild(h);
      }
      li.setAttribute('aria-selected', String(i === active));
      return li;
    }));
    if (shown.length === 0) {
      const li = document.createElement('li');
      li.className = 'muted';
      li.textContent = 'No match';
      list.appendChild(li);
      input.removeAttribute('aria-activedescendant');
    } else {
      input.setAttribute('aria-activedescendant', `picker-opt-${active}`);
      list.children[active].scrollIntoView({ block: 'nearest' });
    }
  };

  let closed = false;
  const outside = (e) => {
    if (root.contains(e.target) || (keepOpenOn && keepOpenOn(e.target))) return;
    close();
  };
  const close = () => {
    if (closed) return;
    closed = true;
    document.removeEventListener('pointerdown', outside, true);
    root.remove();
    open = null;
    onClose();
  };
  const pick = (i) => {
    const it = shown[i];
    if (!it) return;
    close();
    onPick(it.value);
  };
  input.addEventListener('input', () => {
    active = 0;
    paint();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      active = (active + (e.key === 'ArrowDown' ? 1 : -1) + shown.length) % Math.max(shown.length, 1);
      paint();
    } else if (e.key === 'Enter') {
      pick(active);
    } else if (e.key === 'Escape') {
      close();
    } else return;
    e.preventDefault();
    e.stopPropagation();
  });
  // Keep the filter focused while an option is clicked.
  list.addEventListener('mousedown', (e) => e.preventDefault());
  list.addEventListener('click', (e) => {
    const li = e.target.closest('li[data-index]');
    if (li) pick(Number(li.dataset.index));
  });

  document.body.appendChild(root);
  const r = anchor ? anchor.getBoundingClientRect() : { left: 20, bottom: 80 };
  const w = root.offsetWidth;
  root.style.left = `${Math.max(8, Math.min(r.left, window.innerWidth - w - 8))}px`;
  root.style.top = `${Math.max(8, Math.min(r.bottom + 4, window.innerHeight - root.offsetHeight - 8))}px`;
  paint();
  input.focus();
  document.addEventListener('pointerdown', outside, true);
  open = { root, close };
  return open;
}
