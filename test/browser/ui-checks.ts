import type { Page } from 'playwright-core';

/**
 * Layout checks of the side bar shared by the English walk (english-ui.test.ts) and the office-screen
 * walk (office-screen.test.ts); each runs in the page and returns findings as text.
 */

/**
 * Drop-downs of the side bar whose chosen option is wider than the box ("CGCS2000 3° Gauss-Krüge"):
 * the text measured in the box's own font against the box less its padding and the arrow.
 */
export function cutDropDowns(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const side = document.querySelector('.side-bar');
    if (!side || getComputedStyle(side).display === 'none') return [];
    const out: string[] = [];
    const ctx = document.createElement('canvas').getContext('2d')!;
    for (const el of side.querySelectorAll<HTMLSelectElement>('select')) {
      const r = el.getBoundingClientRect();
      const chosen = el.selectedOptions[0]?.textContent ?? '';
      if (r.width === 0 || !chosen) continue;
      const cs = getComputedStyle(el);
      ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 16;
      if (ctx.measureText(chosen).width > room + 1) out.push(`select "${chosen.slice(0, 60)}" cut`);
    }
    return out;
  });
}

/**
 * A panel's sortable table (`.table-wrap`) wider than its own box: its last columns are hidden until
 * scrolled (session 18: the hydrants' By road table showed "To add" as "P…", 336 px in a 287 px box).
 * The 表格 / SQL views' database tables scroll sideways by design and are not in a `.table-wrap`.
 * @param allowed - test ids of tables allowed to scroll sideways
 */
export function tablesWiderThanBox(page: Page, allowed: readonly string[] = []): Promise<string[]> {
  return page.evaluate((ok) => {
    const side = document.querySelector('.side-bar');
    if (!side || getComputedStyle(side).display === 'none') return [];
    const out: string[] = [];
    for (const w of side.querySelectorAll<HTMLElement>('.table-wrap')) {
      const t = w.querySelector<HTMLElement>(':scope > table');
      if (!t || w.clientWidth === 0 || ok.includes(t.dataset.testid ?? '')) continue;
      const extra = t.getBoundingClientRect().width - w.clientWidth;
      if (extra > 1) out.push(`table ${t.dataset.testid ?? `"${(t.querySelector('th')?.textContent ?? '').trim().slice(0, 30)}…"`} ${Math.round(extra)} px wider than its box`);
    }
    return out;
  }, allowed);
}
