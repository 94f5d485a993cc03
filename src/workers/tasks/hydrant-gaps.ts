import { hydrantGaps, type HydrantGapsInput, type HydrantGapsOptions, type HydrantGapsResult } from '../../../analysis/hydrant-gaps';
import { assertOptions } from '../../../analysis/params';
import { HYDRANT_OPTION_FIELDS, HYDRANT_PARAMS } from '../../../analysis/radii-params';
import type { TaskFn } from '../protocol';

/** Worker task: hydrant gaps along the built-up roads (analysis/hydrant-gaps.ts). */
export const hydrantGapsTask: TaskFn<{ input: HydrantGapsInput; options: HydrantGapsOptions }, HydrantGapsResult> = ({ input, options }, progress) => {
  assertOptions('hydrantGaps', HYDRANT_PARAMS, HYDRANT_OPTION_FIELDS, options as Record<string, unknown>);
  progress({ stage: 'hydrant-gaps' });
  return hydrantGaps(input, options);
};
