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

describe('a what-if station off every usable road is said where it was placed (session 15)', () => {
  const server = useAppServer({ county: 'small' });

  test('added 600 m or more from any road: its list entry says it is not on the network and reaches nothing; the figures stay; in English too', async () => {
    const x = await openApp(server.app, { viewport: { width: 1400, height: 900 } });
    const p = x.page;
    await waitForMapIdle(p);
    await p.getByTestId('panel-tab-fire').click();
    await p.getByTestId('fire-run').click();
    await p.getByTestId('fire-figures').waitFor({ timeout: 180_000 });
    await p.locator('.button-row[data-result-status="current"]').waitFor({ timeout: 180_000 });
    const before = await p.getByTestId('fire-households-covered').locator('.figure-value').textContent();
    // a pixel inside a township with no road drawn within 600 m (twice the 300 m access limit)
    const xy = await p.evaluate(`(() => {
      const m = window.__coverageMap;
      const box = m.getCanvas().getBoundingClientRect();
      const roads = m.getStyle().layers.filter((l) => /^roads-\\d+$/.test(l.id)).map((l) => l.id);
      const mPerPx = (40075016 * Math.cos((m.getCenter().lat * Math.PI) / 180)) / (512 * 2 ** m.getZoom());
      const r = Math.ceil(600 / mPerPx);
      for (let y = 60; y < box.height - 60; y += 10)
        for (let x = 60; x < box.width - 60; x += 10) {
          if (m.queryRenderedFeatures([[x - r, y - r], [x + r, y + r]], { layers: roads }).length) continue;
          if (!m.queryRenderedFeatures([x, y], { layers: ['townships-0'] }).length) continue;
          if (document.elementFromPoint(box.left + x, box.top + y) !== m.getCanvas()) continue;
          return { x: box.left + x, y: box.top + y };
        }
      return null;
    })()`) as { x: number; y: number } | null;
    expect(xy).not.toBeNull();
    await p.getByTestId('fire-add-station').click();
    await p.mouse.click(xy!.x, xy!.y);
    const said = p.getByTestId('fire-off-network-NEW-1');
    await said.waitFor({ timeout: 180_000 });
    expect(await said.textContent()).toBe('未接入路网：离可通行道路超过 300 米，不覆盖任何区域；请移近道路');
    expect(await p.getByTestId('fire-households-covered').locator('.figure-value').textContent()).toBe(before);
    await said.scrollIntoViewIfNeeded();
    await screenshot(p, 'fire-off-network');
    await p.getByTestId('lang-switch').click();
    await p.locator('html[lang="en"]').waitFor({ state: 'attached' });
    expect(await said.textContent()).toBe('Not on the network: more than 300 m from any road engines can use, it reaches nothing; move it closer to a road');
    expect(x.errors).toEqual([]);
    await x.context.close();
  }, SLOW);
});
