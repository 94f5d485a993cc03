import type { Project } from '../../../layers/types';
import { projectFolderZip } from '../../export/project-folder';
import type { TaskFn } from '../protocol';

/** Worker task (导出项目): the open project as its zipped project folder, written off the main thread; progress per file written. */
export const exportProjectTask: TaskFn<{ project: Project }, { zip: Uint8Array; files: string[] }> = ({ project }, progress) =>
  projectFolderZip(project, ({ file, fraction }) => progress({ stage: file, fraction }));
