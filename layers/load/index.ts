export { loadProject, loadLayerFile, emptyLayer, matchLayerFile, MAX_JSON_BYTES } from './load-project.ts';
export type { InputFile, LoadProjectOptions, LoadLayerOptions, LayerFileResult } from './load-project.ts';
export { formatIssue, MAX_ISSUES_PER_CODE } from './issues.ts';
export { guessCrs, CHINA_BBOX } from './crs.ts';
export { parseNumberText, parseBooleanValue, parseCoordinateText, normaliseText, M2_PER_MU } from './values.ts';
