import type { PopupRow } from './popup-rows';

/**
 * The DOM of a feature popup: a title and a label/value table. Every string goes in through
 * `textContent`, so attribute values can never become HTML.
 */
export function popupElement(title: string, rows: readonly PopupRow[], doc: Document = document): HTMLElement {
  const root = doc.createElement('div');
  root.className = 'feature-popup';
  root.setAttribute('data-testid', 'feature-popup');
  const h = doc.createElement('h4');
  h.textContent = title;
  root.appendChild(h);
  const table = doc.createElement('table');
  for (const r of rows) {
    const tr = doc.createElement('tr');
    const th = doc.createElement('th');
    th.textContent = r.label;
    const td = doc.createElement('td');
    td.textContent = r.value;
    tr.append(th, td);
    table.appendChild(tr);
  }
  root.appendChild(table);
  return root;
}
