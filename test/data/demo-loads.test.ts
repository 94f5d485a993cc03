import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadProjectDir } from '../../cli/load-project-dir.ts';

const DEMO = join(import.meta.dirname, '..', '..', 'data', 'demo');

describe('demo county through the project loader', () => {
  test('loads with no errors or warnings and every feature and row kept', async () => {
    const { project, report } = await loadProjectDir(DEMO);
    expect(report.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(project.name).toBe('曲阳县（演示）');
    expect(project.region).toBe('130634');
    for (const c of Object.values(report.counts)) {
      expect(c!.rejected).toBe(0);
      expect(c!.loaded).toBe(c!.read);
    }
    const hh = project.layers.households;
    expect(hh.kind).toBe('columns');
    if (hh.kind === 'columns') expect(hh.count).toBe(200_000);
    // Chinese low-income values are normalised to the loader's codes; the demo writes all three.
    if (hh.kind === 'columns') {
      const col = hh.columns.low_income;
      expect(col.type).toBe('category');
      if (col.type === 'category') expect([...col.dict].sort()).toHaveLength(3);
    }
  });
});
