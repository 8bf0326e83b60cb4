// "Restore" buttons on the removed-blocks list that render.js draws (issue 5.5). render.js
// builds one <li> per entry of doc.removed, in order, inside .removed-list; this adds a button
// to each, so render.js needs no change. The core does the restoring (restoreRemoved).

/** Adds a Restore button to every removed block shown in `container`; onRestore(index). */
export function addRestoreButtons(container, doc, onRestore) {
  const items = container.querySelectorAll('.removed-list > li');
  items.forEach((li, i) => {
    if (i >= (doc.removed || []).length) return;
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'restore-block';
    b.textContent = 'Restore';
    const words = doc.removed[i].text.trim().split(/\s+/).slice(0, 6).join(' ');
    b.setAttribute('aria-label', `Restore “${words}” into the article`);
    b.addEventListener('click', () => onRestore(i));
    li.prepend(b);
  });
}
