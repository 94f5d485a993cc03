/// <reference lib="webworker" />
import { prepareFireCoverage, type PreparedFireCoverage } from '../../../analysis/fire-coverage';
import { runFireScenario } from '../../workers/tasks/fire-coverage';
import type { FireSessionReply, FireSessionRequest } from './fire-session';

// A long-lived worker for the fire panel: it keeps the prepared county (graph, grid, snapped
// households), so a what-if edit costs one search and linear passes, not a new preparation.
const scope = self as unknown as DedicatedWorkerGlobalScope;
let prep: PreparedFireCoverage | null = null;

function post(m: FireSessionReply): void {
  scope.postMessage(m);
}

scope.onmessage = (e: MessageEvent<FireSessionRequest>) => {
  const m = e.data;
  try {
    if (m.type === 'prepare') {
      post({ id: m.id, type: 'progress', progress: { stage: 'prepare', fraction: 0.05 } });
      prep = prepareFireCoverage(m.input, m.options);
      post({ id: m.id, type: 'done', output: null });
    } else {
      if (!prep) throw new Error('fire session: prepare first');
      const output = runFireScenario(prep, m.run, (progress) => post({ id: m.id, type: 'progress', progress }));
      post({ id: m.id, type: 'done', output });
    }
  } catch (err) {
    post({ id: m.id, type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
