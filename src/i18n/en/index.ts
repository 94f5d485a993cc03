import type { zh } from '../zh/index';
import common from './common';
import importText from './import';
import fire from './fire';
import radii from './radii';

/** All English strings; must have exactly the namespaces and keys of zh. */
export const en: typeof zh = {
  common,
  import: importText,
  fire,
  radii,
};
