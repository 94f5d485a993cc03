import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { LAYER_LIST } from '../../layers/index.ts';
import { formatIssue } from '../../layers/load/index.ts';

describe('the demo county (data/demo)', () => {
  test('is present', () => {
    expect(existsSync('data/demo/project.json')).toBe(true);
  });

  test('loads every layer with zero errors and zero rejected features', async () => {
    const { project, report } = await loadProjectDir('data/demo');
    const errors = report.issues.filter((i) => i.severity === 'error').map((i) => formatIssue(i, 'en'));
    expect(errors).toEqual([]);
    for (const def of LAYER_LIST) {
      const c = report.counts[def.id];
      expect(c, `${def.id} has a file`).toBeDefined();
      expect(c?.read, def.id).toBeGreaterThan(0);
      expect(c?.rejected, def.id).toBe(0);
      expect(c?.loaded, def.id).toBe(c?.read);
      const layer = project.layers[def.id];
      expect(layer.kind === 'columns' ? layer.count : layer.data.features.length, def.id).toBe(c?.loaded);
    }
    expect(project.name).toBe('曲阳县（演示）');
  });
});
