import common from './common';
import importText from './import';
import fire from './fire';
import radii from './radii';
import siting from './siting';
import plots from './plots';
import db from './db';
import exportsText from './exports';
import rules from './rules';
import scenarios from './scenarios';
import foreign from './foreign';
import find from './find';
import print from './print';

/** All zh-CN strings, one namespace per file. To add a namespace: a file here, one in ../en/, one line in each index. */
export const zh = {
  common,
  import: importText,
  fire,
  radii,
  siting,
  plots,
  db,
  exports: exportsText,
  rules,
  scenarios,
  foreign,
  find,
  print,
};
