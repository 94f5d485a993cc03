import { useEffect, useState } from 'react';
import type { Feature, FeatureCollection, Position } from 'geojson';
import { measure } from '../../analysis/measure';
import { MESSAGES, useT } from '../i18n';
import { useAppStore } from '../state/store';

const MODE_ID = 'measure';

/** Where the measure tool draws its line or polygon. */
export interface MeasureTarget {
  drawMeasure(fc: FeatureCollection): void;
}

/** The clicked points as map shapes: the path (closed for an area) and a ring at each point. */
export function measureShapes(points: readonly Position[], mode: 'line' | 'area'): FeatureCollection {
  const features: Feature[] = points.map((p) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [...p] } }));
  if (mode === 'area' && points.length >= 3) {
    features.unshift({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[...points, points[0]].map((p) => [...p])] } });
  } else if (points.length >= 2) {
    features.unshift({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: points.map((p) => [...p]) } });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * Distance and area on the map: a button starts clicking points (the map's click mode, so popups
 * stay shut), the figure updates with every click, Esc ends the tool and keeps the figure until
 * it is cleared or a new measurement starts.
 */
export function MeasureTool({ target }: { target: MeasureTarget }) {
  const t = useT();
  const clickMode = useAppStore((s) => s.ui.mapClickMode);
  const [mode, setMode] = useState<'line' | 'area' | null>(null);
  const [points, setPoints] = useState<Position[]>([]);
  const measuring = clickMode?.id === MODE_ID;

  useEffect(() => {
    if (mode) target.drawMeasure(measureShapes(points, mode));
  }, [points, mode, target]);

  function start(m: 'line' | 'area'): void {
    setMode(m);
    setPoints([]);
    const hint = (lang: 'zh' | 'en') => (m === 'line' ? MESSAGES[lang].find.measureHintLine : MESSAGES[lang].find.measureHintArea);
    useAppStore.getState().setMapClickMode({
      id: MODE_ID,
      cursor: 'crosshair',
      hint: { zh: hint('zh'), en: hint('en') },
      onClick: ({ lng, lat }) => setPoints((p) => [...p, [lng, lat]]),
    });
  }

  function clear(): void {
    if (useAppStore.getState().ui.mapClickMode?.id === MODE_ID) useAppStore.getState().setMapClickMode(null);
    setMode(null);
    setPoints([]);
    target.drawMeasure({ type: 'FeatureCollection', features: [] });
  }

  const m = mode ? measure(points, mode) : null;
  const distance = (v: number) => (v < 1000 ? t.find.metres(v.toFixed(1)) : t.find.kilometres((v / 1000).toFixed(3)));
  const locale = useAppStore((s) => (s.ui.lang === 'zh' ? 'zh-CN' : 'en'));
  return (
    <div className="map-measure">
      <button type="button" aria-pressed={measuring && mode === 'line'} onClick={() => start('line')} data-testid="measure-line">
        {t.find.measureDistance}
      </button>
      <button type="button" aria-pressed={measuring && mode === 'area'} onClick={() => start('area')} data-testid="measure-area">
        {t.find.measureArea}
      </button>
      {m && points.length > 0 ? (
        <div className="map-measure-result" role="status" data-testid="measure-result">
          <span>{mode === 'area' && m.areaM2 !== null ? t.find.area(Math.round(m.areaM2).toLocaleString(locale), m.areaMu!.toFixed(2)) : t.find.distance(distance(m.lengthM))}</span>
          <button type="button" className="link" onClick={clear} data-testid="measure-clear">
            {t.find.measureClear}
          </button>
        </div>
      ) : null}
    </div>
  );
}
