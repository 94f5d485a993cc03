import { useState } from 'react';
import { useT } from '../i18n';
import { useAppStore } from '../state/store';
import { downloadText } from '../panels/radii/ui';
import { downloadBlob } from './file-name';
import { resultsGeojson, resultsShapefile, shapefileFeatureCount, type ShpCrsChoice } from './geo-export';
import './geo-export.css';

/**
 * 导出 GeoJSON and 导出 Shapefile for the named result layers (those on the map now): the
 * Shapefile with a CRS choice (CGCS2000 Gauss-Krüger zone, CGCS2000 or WGS 84 lon/lat), GBK or
 * UTF-8 attributes and a field-name mapping in the zip. Disabled while none of the layers is drawn
 * (or `disabled`: the panel's figures are stale).
 */
export function GeoExportButtons({ layerIds, file, testId, disabled }: { layerIds: readonly string[]; file: string; testId: string; /** e.g. while the figures are stale */ disabled?: boolean }) {
  const t = useT();
  const g = t.exports.geo;
  const lang = useAppStore((s) => s.ui.lang);
  const results = useAppStore((s) => s.results);
  const [crs, setCrs] = useState<ShpCrsChoice>('gk');
  const [encoding, setEncoding] = useState<'gbk' | 'utf-8'>('gbk');
  const layers = layerIds.map((id) => results.find((r) => r.id === id)).filter((r) => r !== undefined);
  const none = layers.length === 0 || !!disabled;
  // a Shapefile of no feature would be a zip holding only the mapping's header (GeoJSON and KML of none are valid files)
  const noFeatures = layers.length > 0 && shapefileFeatureCount(layers) === 0;
  const shp = () => {
    const { zip } = resultsShapefile(layers, { crs, encoding }, lang);
    downloadBlob(`${file}-shp.zip`, new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
  };
  return (
    <span className="geo-export" title={layers.length === 0 ? g.none : undefined}>
      <button type="button" disabled={none} onClick={() => downloadText(`${file}.geojson`, JSON.stringify(resultsGeojson(layers, lang)), 'application/geo+json')} data-testid={`${testId}-geojson`}>
        {g.geojsonButton}
      </button>
      <label>
        {g.crs}
        <select value={crs} onChange={(e) => setCrs(e.target.value as ShpCrsChoice)} data-testid={`${testId}-shp-crs`}>
          {(['gk', 'cgcs2000', 'wgs84'] as const).map((c) => (
            <option key={c} value={c}>
              {g.crsOptions[c]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {g.encoding}
        <select value={encoding} onChange={(e) => setEncoding(e.target.value as 'gbk' | 'utf-8')} data-testid={`${testId}-shp-encoding`}>
          <option value="gbk">GBK</option>
          <option value="utf-8">UTF-8</option>
        </select>
      </label>
      <button type="button" disabled={none || noFeatures} title={noFeatures ? g.noFeatures : undefined} onClick={shp} data-testid={`${testId}-shp`}>
        {g.shpButton}
      </button>
    </span>
  );
}
