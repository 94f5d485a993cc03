import { useEffect, useRef, useState } from 'react';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { LAYERS } from '../../layers/index';
import type { LayerDefinition } from '../../layers/types';
import { activeScenario, applyScenario, scenariosOf, SCENARIO_LAYERS } from '../../analysis/scenarios';
import { MESSAGES, useT, useText } from '../i18n';
import { effectiveProject, useAppStore } from '../state/store';
import { MapController } from './map-controller';
import { splitAt, useSwipeStore } from './swipe-store';

declare global {
  interface Window {
    /** The swipe view's second map (right of the divider), for browser tests. */
    __coverageSwipeMap?: MaplibreMap;
  }
}

const DEFS: Record<string, LayerDefinition> = LAYERS;

/**
 * The swipe view over the main map: a second map, clipped to the right of a draggable divider,
 * draws the project under another scenario with the same camera (it follows every move of the
 * main map), the same basemap and layer settings; the main map left of the divider shows the
 * active scenario. Labels name each side's scenario and its facility layers that differ.
 */
export function SwipeMap({ main }: { main: MaplibreMap }) {
  const t = useT().scenarios;
  const tx = useText();
  const el = useRef<HTMLDivElement>(null);
  const ctrl = useRef<MapController | null>(null);
  const scenarioId = useSwipeStore((s) => s.scenarioId);
  const split = useSwipeStore((s) => s.split);
  const base = useAppStore((s) => s.project.project);
  const [width, setWidth] = useState(() => main.getContainer().clientWidth);
  const right = base ? scenariosOf(base).list.find((s) => s.id === scenarioId) ?? null : null;
  const left = base ? activeScenario(base) : null;
  const rightProject = base && right ? applyScenario(base, right) : null;
  const leftProject = effectiveProject(base);
  const differs = leftProject && rightProject ? SCENARIO_LAYERS.filter((id) => leftProject.layers[id] !== rightProject.layers[id] && (leftProject.layers[id] || rightProject.layers[id])) : [];

  useEffect(() => {
    const c = new MapController(el.current!, DEFS, { center: main.getCenter().toArray() as [number, number], zoom: main.getZoom(), bearing: main.getBearing(), pitch: main.getPitch() }, { print: { pixelRatio: window.devicePixelRatio || 1 } });
    ctrl.current = c;
    window.__coverageSwipeMap = c.map;
    const follow = () => c.map.jumpTo({ center: main.getCenter(), zoom: main.getZoom(), bearing: main.getBearing(), pitch: main.getPitch() });
    const resize = () => {
      c.map.resize();
      setWidth(main.getContainer().clientWidth);
      follow();
    };
    main.on('move', follow);
    main.on('resize', resize);
    let loaded = false;
    c.map.once('load', () => {
      loaded = true;
      draw();
    });
    let shown: unknown = null;
    const draw = () => {
      if (!loaded) return;
      const s = useAppStore.getState();
      const b = s.project.project;
      const sc = b ? scenariosOf(b).list.find((x) => x.id === useSwipeStore.getState().scenarioId) : undefined;
      if (!b || !sc) return;
      const p = applyScenario(b, sc);
      const words = MESSAGES[s.ui.lang].common;
      c.setLanguage(s.ui.lang, { yes: words.yes, no: words.no, empty: words.fieldEmpty, aggregate: words.aggregatePopup, where: MESSAGES[s.ui.lang].find.whereLabel });
      if (p !== shown) {
        shown = p;
        c.setProject(p);
      }
      // result layers belong to the active scenario: only the data layers are drawn for the other one
      c.sync(s.layerUi, []);
      c.setBasemap(s.ui.basemap);
      follow();
    };
    const unsubApp = useAppStore.subscribe((s, prev) => {
      if (s.project !== prev.project || s.layerUi !== prev.layerUi || s.ui !== prev.ui) draw();
    });
    const unsubSwipe = useSwipeStore.subscribe((s, prev) => {
      if (s.scenarioId !== prev.scenarioId) draw();
    });
    return () => {
      unsubApp();
      unsubSwipe();
      main.off('move', follow);
      main.off('resize', resize);
      c.destroy();
      ctrl.current = null;
      delete window.__coverageSwipeMap;
    };
  }, [main]);

  /** Drags the divider with the pointer (mouse, pen or touch). */
  function onPointerDown(e: React.PointerEvent<HTMLDivElement>) {
    e.preventDefault();
    const box = main.getContainer().getBoundingClientRect();
    const target = e.currentTarget;
    target.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => useSwipeStore.getState().set({ split: splitAt(ev.clientX - box.left, box.width) });
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>) {
    const step = e.key === 'ArrowLeft' ? -0.05 : e.key === 'ArrowRight' ? 0.05 : 0;
    if (step) useSwipeStore.getState().set({ split: Math.min(0.95, Math.max(0.05, useSwipeStore.getState().split + step)) });
  }

  const x = Math.round(split * width);
  const layerNames = differs.map((id) => tx(DEFS[id]?.title ?? { zh: id, en: id })).join(t.swipeListSeparator);
  return (
    <>
      <div ref={el} className="swipe-map" style={{ clipPath: `inset(0 0 0 ${x}px)` }} aria-hidden="true" data-testid="swipe-map" data-scenario={right?.name ?? ''} />
      <div
        className="swipe-divider"
        style={{ left: `${x}px` }}
        role="separator"
        aria-orientation="vertical"
        aria-valuenow={Math.round(split * 100)}
        aria-valuemin={5}
        aria-valuemax={95}
        aria-label={t.swipeDivider}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
        data-testid="swipe-divider"
      />
      <div className="swipe-label swipe-label-left" style={{ right: `${width - x + 8}px` }} data-testid="swipe-left">
        <strong>{t.swipeLeft(left?.name ?? '')}</strong>
        {layerNames ? <small>{t.swipeLayers(layerNames, left?.name ?? '')}</small> : null}
      </div>
      <div className="swipe-label swipe-label-right" style={{ left: `${x + 8}px` }} data-testid="swipe-right">
        <strong>{t.swipeRight(right?.name ?? '')}</strong>
        {layerNames ? <small>{t.swipeLayers(layerNames, right?.name ?? '')}</small> : <small>{t.swipeSame}</small>}
      </div>
    </>
  );
}
