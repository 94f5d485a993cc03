import { describe, expect, test } from 'vitest';
import { builtUpPixel, openApp, screenshot, waitForMapIdle, type AppPage, useAppServer } from './harness';

const SLOW = 300_000;

/** Adds a what-if station by clicking 添加消防站 and then the map. */
async function addStation(x: AppPage, dx: number, id: string): Promise<void> {
  const xy = await builtUpPixel(x.page, '羊平镇', dx);
  await x.page.getByTestId('fire-add-station').click();
  await x.page.mouse.click(xy.x, xy.y);
  await x.page.getByTestId(`fire-remove-${id}`).waitFor();
}

describe('a what-if made under another 方案 is said, not hidden (session 14)', () => {
  const server = useAppServer({ county: 'small' });

  test('switching 方案 shows a note naming the what-if and its 方案, with a button back to it; discarding it is one undoable step', async () => {
    const x = await openApp(server.app);
    const p = x.page;
    await waitForMapIdle(p);
    await p.getByTestId('panel-tab-fire').click();
    // NEW-1 adopted into 方案A; there, a what-if adds NEW-2
    await addStation(x, 0, 'NEW-1');
    await p.getByTestId('fire-adopt').click();
    await expect.poll(() => p.getByTestId('scenario-switcher').getAttribute('data-active')).toBe('方案A');
    await addStation(x, 60, 'NEW-2');
    expect(await p.getByTestId('fire-whatif-hidden').count()).toBe(0);

    // back to 现状: the stations differ, the what-if is not listed — and the panel says so
    await p.getByTestId('scenario-select').selectOption({ label: '现状' });
    const note = p.getByTestId('fire-whatif-hidden');
    await note.waitFor();
    expect(await p.getByTestId('fire-remove-NEW-2').count()).toBe(0);
    const text = (await note.textContent()) ?? '';
    expect(text).toContain('方案“方案A”');
    expect(text).toContain('新增站点 2');
    await note.scrollIntoViewIfNeeded();
    await screenshot(p, 'fire-whatif-hidden');

    // its button goes back to 方案A, where the what-if is listed again and the note is gone
    await p.getByTestId('fire-whatif-switch').click();
    await p.getByTestId('fire-remove-NEW-2').waitFor();
    expect(await p.getByTestId('scenario-switcher').getAttribute('data-active')).toBe('方案A');
    expect(await note.count()).toBe(0);

    // discarded from 现状: the note goes; 撤销 brings the what-if (and the note) back
    await p.getByTestId('scenario-select').selectOption({ label: '现状' });
    await note.waitFor();
    await p.getByTestId('fire-whatif-discard').click();
    await expect.poll(() => note.count(), { timeout: 30_000 }).toBe(0);
    await p.getByTestId('history-undo').click();
    await note.waitFor();

    expect(x.errors).toEqual([]);
    expect(x.externalRequests).toEqual([]);
    await x.context.close();
  }, SLOW);
});
