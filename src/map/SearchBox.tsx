import { useMemo, useState } from 'react';
import type { LayerDefinition } from '../../layers/types';
import { useT, useText } from '../i18n';
import { useAppStore } from '../state/store';
import { buildSearchIndex, searchIndex, type SearchHit } from './search-index';

/** What the search box asks of the map. */
export interface SearchTarget {
  /** Shows a typed position (null clears it) and moves the map there. */
  showPosition(p: { lon: number; lat: number } | null): void;
}

const fmt5 = (v: number) => v.toFixed(5);

/**
 * The map's search box: facilities, roads, villages, townships, plot ids and coordinates. The index
 * is built once per opened project; choosing a hit selects its features (shown in the highlight,
 * its layer switched on) and brings them into view, or marks a typed position.
 */
export function SearchBox({ defs, target }: { defs: Record<string, LayerDefinition>; target: SearchTarget }) {
  const t = useT();
  const tx = useText();
  const project = useAppStore((s) => s.project.project);
  const index = useMemo(() => (project ? buildSearchIndex(project, defs) : null), [project, defs]);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const hits = useMemo(() => (index && query.trim() ? searchIndex(index, query, 12) : []), [index, query]);

  function choose(h: SearchHit): void {
    const store = useAppStore.getState();
    setOpen(false);
    if (h.kind === 'position') {
      store.setSelection(null);
      target.showPosition({ lon: h.lon, lat: h.lat });
      return;
    }
    target.showPosition(null);
    const e = h.entry;
    if (defs[e.layerId] && !(store.layerUi.visible[e.layerId] ?? defs[e.layerId].defaultVisible)) store.setLayerVisible(e.layerId, true);
    store.setSelection({ layerId: e.layerId, ids: e.ids, focus: e.bounds });
  }

  function label(h: SearchHit): { main: string; sub: string } {
    if (h.kind === 'position') return { main: t.find.position(fmt5(h.lon), fmt5(h.lat)), sub: h.system === 'gk' ? t.find.gk(h.centralMeridian ?? 0) : t.find.lonLat };
    const e = h.entry;
    const sub = [tx(e.layerTitle), e.township, e.ids.length > 1 ? t.find.features(e.ids.length) : ''].filter(Boolean).join(' · ');
    return { main: e.text, sub };
  }

  return (
    <div className="map-search" role="search">
      <input
        type="search"
        value={query}
        placeholder={t.find.searchPlaceholder}
        aria-label={t.find.searchLabel}
        data-testid="map-search"
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, hits.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter' && hits[active]) choose(hits[active]);
          else if (e.key === 'Escape') setOpen(false);
          else return;
          e.preventDefault();
        }}
      />
      {open && query.trim() ? (
        <ul className="map-search-hits" role="listbox" data-testid="map-search-hits">
          {hits.length === 0 ? <li className="note">{t.find.noMatch}</li> : null}
          {hits.map((h, i) => {
            const l = label(h);
            return (
              <li key={i} role="option" aria-selected={i === active}>
                <button type="button" data-testid="map-search-hit" onMouseDown={(e) => e.preventDefault()} onClick={() => choose(h)}>
                  <span>{l.main}</span>
                  <small>{l.sub}</small>
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
