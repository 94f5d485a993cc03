import { assertFireOptions } from '../../../analysis/fire-params';
import type { FirePrepareOptions, FireRunOptions } from '../../../analysis/fire-coverage';
import { computeFireFacts, runRules } from '../../../analysis/rules/run-rules';
import type { RuleResult, RulesInput } from '../../../analysis/rules/rule';
import type { TaskFn } from '../protocol';

export interface RulesTaskInput {
  /** The project's layers (without `fire`: it is computed here). */
  input: Omit<RulesInput, 'fire'>;
  /** Resolved values keyed as ALL_RULE_PARAMS. */
  values: Record<string, unknown>;
  /** Fire-coverage options for the fire rules (from the project's params). */
  fireOptions: FirePrepareOptions & FireRunOptions;
}

/** Worker task: the rulebook (analysis/rules/), with the fire coverage its fire rules read computed first. */
export const rulesTask: TaskFn<RulesTaskInput, RuleResult[]> = ({ input, values, fireOptions }, progress) => {
  assertFireOptions('rules', fireOptions as Record<string, unknown>);
  progress({ stage: 'fire-coverage' });
  const fire = computeFireFacts(input, fireOptions);
  progress({ stage: 'rules' });
  return runRules({ ...input, fire }, values);
};
