/// <reference lib="webworker" />
import { TASKS } from './tasks';
import { serveTasks } from './serve-tasks';

serveTasks(TASKS);
