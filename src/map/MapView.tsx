import { shownResults } from '../state/results-slice';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FeatureCollection } from 'geojson';
import { LAYERS } from '../../layers/index';
import type { LayerDefinition, Project } from '../../layers/types';
import { MESSAGES, useT, useText } from '../i18n';
import { effectiveProject, useAppStore, type Basemap, type Selection } from '../state/store';
import { MapController } from './map-controller';
import { setLiveMap } from './live-map';
import { SearchBox, type SearchTarget } from './SearchBox';
import { MeasureTool, type MeasureTarget } from './MeasureTool';
import { SwipeMap } from './SwipeMap';
import { useSwipeStore } from './swipe-store';
import { markPreviewDrawn, useLoadPreview, type LoadPreview } from '../project/load-preview';
import './find.css';

declare global {
  interface Window {
    /** The MapLibre map, for browser tests and the console (read it; don't drive the app through it). */
    __coverageMap?: import('maplibre-gl').Map;
    /** The app store, for browser tests. */
    __coverageStore?: typeof useAppStore;
  }
}

const DEFS: Record<string, LayerDefinition> = LAYERS;

/** The map: follows the store (project, layer UI, results, language) and writes back view and selection. */
export function MapView() {
  const container = useRef<HTMLDivElement>(null);
  const ctrl = useRef<MapController | null>(null);
  const t = useT();
  const tx = useText();
  const clickMode = useAppStore((s) => s.ui.mapClickMode);
  const swipe = useSwipeStore((s) => s.scenarioId !== null);
  const [mainMap, setMainMap] = useState<import('maplibre-gl').Map | null>(null);
  const tools = useMemo<SearchTarget & MeasureTarget>(
    () => ({
      showPosition: (p) => {
        const c = ctrl.current;
        if (!c) return;
        const features: FeatureCollection['features'] = p ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } }] : [];
        c.setOverlay('search', { type: 'FeatureCollection', features });
        if (p) c.flyTo(p.lon, p.lat);
      },
      drawMeasure: (fc) => ctrl.current?.setOverlay('measure', fc),
    }),
    [],
  );

  useEffect(() => {
    const store = useAppStore;
    const c = new MapController(container.current!, DEFS, store.getState().view);
    ctrl.current = c;
    setLiveMap(c);
    window.__coverageMap = c.map;
    window.__coverageStore = store;
    setMainMap(c.map);
    let shownRevision = 0;
    let shownProject: Project | null = null;
    let shownSelection: Selection | null | undefined;
    let shownBasemap: Basemap | undefined;
    const apply = () => {
      const s = store.getState();
      const words = MESSAGES[s.ui.lang].common;
      c.setLanguage(s.ui.lang, { yes: words.yes, no: words.no, empty: words.fieldEmpty, aggregate: words.aggregatePopup, where: MESSAGES[s.ui.lang].find.whereLabel });
      // the map draws the project under its active scenario (its added, moved or removed facilities)
      const shown = effectiveProject(s.project.project);
      if (shown && shownProject && s.project.revision === shownRevision && shown !== shownProject) {
        // a scenario switch or edit: redraw only the layers it changed
        const changed = (Object.keys(shown.layers) as (keyof typeof shown.layers)[]).filter((id) => shown.layers[id] !== shownProject!.layers[id]);
        shownProject = shown;
        if (changed.length > 0) c.updateLayers(shown, changed);
      }
      if (shown && s.project.revision !== shownRevision) {
        const first = shownRevision === 0;
        shownRevision = s.project.revision;
        shownProject = shown;
        c.setProject(shown);
        // Keep a restored view on the first load, and the view of the preview that framed this
        // load's county (the user may have moved since); frame the county otherwise.
        const framed = framedLoad === useLoadPreview.getState().loadId;
        framedLoad = -1;
        if (!(first && s.view) && !framed) c.fitProject(false);
      }
      // the open panel's results (and the groups the user showed); the others stay one click away
      c.sync(s.layerUi, shownResults(s.results, s.ui.activePanel, s.ui.resultGroupsShown));
      if (s.ui.basemap !== shownBasemap) {
        shownBasemap = s.ui.basemap;
        c.setBasemap(s.ui.basemap);
      }
      if (s.selection !== shownSelection) {
        shownSelection = s.selection;
        c.setSelection(s.selection);
        if (s.selection?.focus) c.focusOn(s.selection.focus);
      }
      c.clickHandler = s.ui.mapClickMode ? (ll) => store.getState().ui.mapClickMode?.onClick(ll) : null;
    };
    c.onPick = (f) => store.getState().setSelection(f ? { layerId: f.owner.kind === 'data' ? f.owner.layerId : f.owner.id, ids: [f.id] } : null);
    // a print snapshot moves the camera for a moment: that is not the user's view
    c.map.on('moveend', () => {
      if (!c.snapshotting) store.getState().setView(c.view());
    });
    // A project still loading: draw its layers as they arrive (the households come last).
    let framedLoad = -1;
    const applyPreview = (p: LoadPreview) => {
      const s = store.getState();
      if (Object.keys(p.layers).length > 0 || Object.keys(p.lines).length > 0) {
        // big line layers cut into tiles ahead of their GeoJSON: drawn from those tiles at once
        c.previewLineTiles(p.lines);
        c.previewLayers(p.layers);
        c.sync(s.layerUi, shownResults(s.results, s.ui.activePanel, s.ui.resultGroupsShown));
        // idle: every tile of the view loaded and drawn (the load then reads the households)
        c.map.once('idle', () => markPreviewDrawn(p.loadId, p));
        if (p.layers.townships && framedLoad !== p.loadId && !(shownRevision === 0 && s.view)) {
          c.fitProject(false);
          framedLoad = p.loadId;
        }
      } else if (c.shownProject !== shownProject) {
        // the load ended without a project: back to the one the app has (or none)
        c.setProject(shownProject ?? { name: '', params: {}, layers: {} as Project['layers'] });
        c.sync(s.layerUi, shownResults(s.results, s.ui.activePanel, s.ui.resultGroupsShown));
      }
    };
    let unsub = () => {};
    let unsubPreview = () => {};
    performance.mark('coverage:map:made');
    c.map.on('load', () => {
      performance.mark('coverage:map:load');
      const p = useLoadPreview.getState();
      if (Object.keys(p.layers).length > 0 || Object.keys(p.lines).length > 0) applyPreview(p);
      apply();
      unsub = store.subscribe((s, prev) => {
        if (s.project !== prev.project || s.layerUi !== prev.layerUi || s.results !== prev.results || s.ui !== prev.ui || s.selection !== prev.selection) apply();
      });
      unsubPreview = useLoadPreview.subscribe((p, prev) => {
        if (p.layers !== prev.layers || p.lines !== prev.lines) applyPreview(p);
      });
    });
    return () => {
      unsub();
      unsubPreview();
      setLiveMap(null);
      c.destroy();
      ctrl.current = null;
      delete window.__coverageMap;
      setMainMap(null);
    };
  }, []);

  // Esc closes the popup (and, below, ends a click mode such as measuring)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') ctrl.current?.closePopup();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const canvas = ctrl.current?.map.getCanvas();
    if (canvas) canvas.style.cursor = clickMode?.cursor ?? '';
    if (!clickMode) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') useAppStore.getState().setMapClickMode(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [clickMode]);

  return (
    <div className="map-wrap">
      <div ref={container} className="map" data-testid="map" />
      {swipe && mainMap ? <SwipeMap main={mainMap} /> : null}
      {clickMode?.hint ? (
        <div className="map-hint" role="status">
          {t.common.clickMode(tx(clickMode.hint))}
          <button type="button" onClick={() => useAppStore.getState().setMapClickMode(null)}>
            {t.common.cancel}
          </button>
        </div>
      ) : null}
      <div className="map-tools">
        <button type="button" className="fit-button" onClick={() => ctrl.current?.fitProject(true)} title={t.common.fitCounty}>
          {t.common.fitCounty}
        </button>
        <SearchBox defs={DEFS} target={tools} />
        <MeasureTool target={tools} />
      </div>
    </div>
  );
}
