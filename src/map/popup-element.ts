import type { PopupRow } from './popup-rows';

/**
 * The DOM of a feature popup: a title, an optional summary line, a label/value table (left out
 * when empty) and an optional hint below. Every string goes in through `textContent`, so attribute
 * values can never become HTML.
 */
export function popupElement(
  title: string,
  rows: readonly PopupRow[],
  doc: Document = document,
  text: { summary?: string; hint?: string } = {},
): HTMLElement {
  const root = doc.createElement('div');
  root.className = 'feature-popup';
  root.setAttribute('data-testid', 'feature-popup');
  const h = doc.createElement('h4');
  h.textContent = title;
  root.appendChild(h);
  if (text.summary) {
    const p = doc.createElement('p');
    p.className = 'feature-popup-summary';
    p.textContent = text.summary;
    root.appendChild(p);
  }
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
  if (rows.length > 0) root.appendChild(table);
  if (text.hint) {
    const p = doc.createElement('p');
    p.className = 'feature-popup-hint';
    p.textContent = text.hint;
    root.appendChild(p);
  }
  return root;
}
