import type zh from '../zh/foreign';

/** Strings of the dialog that imports Shapefiles, Excel/CSV point tables and other foreign formats (English). */
const foreign: typeof zh = {
  title: "Import your own data",
  intro: 'Choose the target layer of each layer read, and whether to add to it or replace it. The project is not changed until you confirm.',
  layer: 'Layer in the file',
  features: (n: number) => `${n} features`,
  target: 'Import into',
  skip: 'Do not import',
  mode: 'How',
  add: 'Add to the layer',
  replace: 'Replace the layer',
  crs: 'Coordinate system',
  crsStated: (label: string) => `As the file states: ${label}`,
  crsNone: 'The file states no coordinate system; for projected metres enter the EPSG code:',
  encoding: 'Attribute text encoding',
  encodingAuto: 'Automatic',
  preview: 'Attribute preview (first 3 rows)',
  offsetAsk: (what: string, before: number, after: number) =>
    `These points look like ${what} offset coordinates: median distance to the nearest road ${before} m, ${after} m after correction.`,
  offsetAskStated: (what: string) => `The file says these points are ${what} offset coordinates.`,
  offsetConvert: 'Convert to WGS 84',
  gcj02: 'GCJ-02 (Amap/Tencent)',
  bd09: 'BD-09 (Baidu)',
  fields: 'Field mapping',
  confirm: 'Import',
  cancel: 'Cancel',
  issues: (n: number) => `Problems found while reading (${n})`,
  nothing: 'No layer that could be imported was read.',
  result: (layer: string, loaded: number, rejected: number, before: number, after: number) => `${layer}: ${loaded} imported, ${rejected} rejected; ${before} → ${after} features`,
  reading: (files: number, stage: string) => `Reading ${files} file${files === 1 ? '' : 's'}${stage ? `: ${stage}` : ''}… (cancel at any time; the project is not changed)`,
  importing: 'Importing and checking against the data contract… (cancel leaves the project unchanged)',
};
export default foreign;
