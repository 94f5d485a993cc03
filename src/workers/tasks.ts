import { columnsGeojsonTask } from './tasks/columns-geojson';
import { loadProjectTask } from './tasks/load-project';
import { hydrantGapsTask } from './tasks/hydrant-gaps';
import { kindergartenAccessTask } from './tasks/kindergarten-access';
import { uncoveredHouseholdsTask } from './tasks/uncovered-households';
import { fireCoverageTask } from './tasks/fire-coverage';
import { siteFacilitiesTask } from './tasks/site-facilities';
import { plotReviewTask } from './tasks/plot-review';
import { rulesTask } from './tasks/rules';
import { scenarioFiguresTask } from './tasks/scenario-figures';
import { readForeignTask } from './tasks/read-foreign';
import { importForeignTask } from './tasks/import-foreign';
import { exportProjectTask } from './tasks/export-project';

/**
 * Every task the analysis worker can run, by name. To add one: a file in src/workers/tasks/
 * exporting a `TaskFn<Input, Output>` (protocol.ts) that calls one analysis/ function, and one line
 * here. Run it from a panel with `runTask('name', input, { onProgress, signal })`.
 */
export const TASKS = {
  loadProject: loadProjectTask,
  columnsGeojson: columnsGeojsonTask,
  hydrantGaps: hydrantGapsTask,
  kindergartenAccess: kindergartenAccessTask,
  uncoveredHouseholds: uncoveredHouseholdsTask,
  fireCoverage: fireCoverageTask,
  siteFacilities: siteFacilitiesTask,
  plotReview: plotReviewTask,
  rules: rulesTask,
  scenarioFigures: scenarioFiguresTask,
  readForeign: readForeignTask,
  importForeign: importForeignTask,
  exportProject: exportProjectTask,
};

export type TaskMap = typeof TASKS;
