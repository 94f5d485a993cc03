/// <reference lib="webworker" />
import { loadProjectTask } from './tasks/load-project';
import { serveTasks } from './serve-tasks';

// Only the project loader (layers/load): a project opens without fetching and compiling the
// analyses' code (analysis.worker.ts, ~4× the size), and the demo's load starts sooner.
serveTasks({ loadProject: loadProjectTask });
