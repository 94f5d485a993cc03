import { describe, expect, test } from 'vitest';
import { loadProject } from '../../layers/load/load-project.ts';

/** Session 13 red-team of project.json: one bad member must not take the others with it. */
describe('project.json with a params member that is not an object', () => {
  test('params is ignored with its warning, and the scenarios after it are still read', () => {
    const json = { name: '测试县', params: ['turnout', 1], scenarios: { active: 'b', list: [{ id: 'a', name: '现状', edits: [], params: {} }, { id: 'b', name: '方案A', edits: [], params: { turnout: 0.5 } }] } };
    const { project, report } = loadProject([{ name: 'project.json', bytes: new TextEncoder().encode(JSON.stringify(json)) }]);
    expect(report.issues.map((i) => i.code)).toContain('bad-params');
    expect(project.params).toEqual({});
    expect(project.scenarios?.list.map((s) => s.name)).toEqual(['现状', '方案A']);
    expect(project.scenarios?.active).toBe('b');
  });
});
