export { loadProject, loadProjectFrom, FILE_HEAD_BYTES, loadLayerFile, emptyLayer, matchLayerFile, MAX_JSON_BYTES, SMALL_FILE_BYTES, OSM_PBF_LAYERS, isOsmPbfName, projectExtent } from './load-project.ts';
export type { InputFile, PendingFile, FileRequest, LoadProjectOptions, LoadLayerOptions, LayerFileResult, ProjectExtent } from './load-project.ts';
export { formatIssue, MAX_ISSUES_PER_CODE } from './issues.ts';
export { guessCrs, CHINA_BBOX } from './crs.ts';
export type { CoordinateOptions } from './coordinate-fix.ts';
export { gaussKrugerCrs, gaussKrugerToLonLat, lonLatToGaussKruger } from './gauss-kruger.ts';
export { parseNumberText, parseBooleanValue, parseCoordinateText, normaliseText, M2_PER_MU } from './values.ts';
