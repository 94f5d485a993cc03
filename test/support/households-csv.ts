import { strToU8 } from 'fflate';
import { loadProject } from '../../layers/load/load-project.ts';
import type { ValidationIssue } from '../../layers/types.ts';

/** A project folder holding only households.csv with this text: the households, their counts and the file's issues. */
export function households(text: string) {
  const { project, report } = loadProject([{ name: 'households.csv', bytes: strToU8(text) }]);
  const h = project.layers.households;
  if (h.kind !== 'columns') throw new Error('households are columns');
  const issues = report.issues.filter((i) => i.file === 'households.csv');
  return { h, counts: report.counts.households, issues };
}

/** The issues of one code. */
export function codes(issues: readonly ValidationIssue[], code: string) {
  return issues.filter((i) => i.code === code);
}
