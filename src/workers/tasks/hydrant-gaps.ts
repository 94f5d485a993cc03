import { hydrantGaps, type HydrantGapsInput, type HydrantGapsOptions, type HydrantGapsResult } from '../../../analysis/hydrant-gaps';
import type { TaskFn } from '../protocol';

/** Worker task: hydrant gaps along the built-up roads (analysis/hydrant-gaps.ts). */
export const hydrantGapsTask: TaskFn<{ input: HydrantGapsInput; options: HydrantGapsOptions }, HydrantGapsResult> = ({ input, options }, progress) => {
  progress({ stage: 'hydrant-gaps' });
  return hydrantGaps(input, options);
};
