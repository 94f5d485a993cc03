import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { LAYERS } from '../../layers/index';
import type { LayerDefinition, LegendEntry, I18nText } from '../../layers/types';
import { MESSAGES, useT } from '../i18n';
import { projectBounds } from '../map/bounds';
import { useAppStore, useShownResults } from '../state/store';
import { COMMON_SCALES, PAPER_MM, PRINT_DPI, fitScale, framePixels, mercatorCenter, roundScaleUp, scaleBar, scaleForZoom, scaleText, sheetLayout, zoomForScale, type Orientation, type Paper } from './print-layout';
import { usePrintStore } from './print-store';
import { mapPng, releaseMapImage, renderMapImage, type MapImage } from './render-map';
import { cellText, type ReportContent } from './report';
import { CoverageCurveChart } from './CoverageCurveChart';
import { dossierCamera, dossierMapMm, ringsToFrame, type DossierPage } from './plot-dossier';
import './print.css';
import { downloadBlob } from '../export/file-name';

const DEFS: Record<string, LayerDefinition> = LAYERS;
const MIN_SCALE = 500;
const MAX_SCALE = 50_000_000;

type Extent = 'county' | 'view';
type MapState = { state: 'rendering' } | { state: 'ready'; image: MapImage; dpi: number; key: string } | { state: 'error'; message: string };

/** The legend of what the map shows: each visible data layer, then each visible result, with its entries. */
function useLegendGroups(): { title: I18nText; entries: readonly LegendEntry[] }[] {
  const layerUi = useAppStore((s) => s.layerUi);
  const results = useShownResults();
  const project = useAppStore((s) => s.project.project);
  return useMemo(() => {
    const groups: { title: I18nText; entries: readonly LegendEntry[] }[] = [];
    for (const r of [...results].reverse()) if (r.visible && r.legend.length) groups.push({ title: r.title, entries: r.legend });
    for (const id of [...layerUi.order].reverse()) {
      const def = DEFS[id];
      if (!def || !project?.layers[def.id] || !(layerUi.visible[id] ?? def.defaultVisible)) continue;
      groups.push({ title: def.title, entries: def.legend });
    }
    return groups;
  }, [layerUi, results, project]);
}

function Swatch({ e }: { e: LegendEntry }) {
  if (e.shape === 'line') return <svg className="print-swatch" viewBox="0 0 20 10"><line x1="1" y1="5" x2="19" y2="5" stroke={e.color} strokeWidth="3" /></svg>;
  if (e.shape === 'circle') return <svg className="print-swatch" viewBox="0 0 20 10"><circle cx="10" cy="5" r="4" fill={e.color} stroke="#333" strokeWidth="0.6" /></svg>;
  return <svg className="print-swatch" viewBox="0 0 20 10"><rect x="2" y="1" width="16" height="8" fill={e.color} fillOpacity="0.6" stroke={e.color} strokeWidth="1" /></svg>;
}

function NorthArrow({ label }: { label: string }) {
  return (
    <svg className="print-north" viewBox="0 0 20 30" aria-label={label} data-testid="print-north">
      <polygon points="10,2 17,24 10,19 3,24" fill="#222" />
      <polygon points="10,2 10,19 3,24" fill="#fff" stroke="#222" strokeWidth="0.8" />
      <text x="10" y="30" textAnchor="middle" fontSize="7" fontWeight="700">
        N
      </text>
    </svg>
  );
}

function ScaleBar({ scale }: { scale: number }) {
  const bar = scaleBar(scale, 40);
  const seg = bar.mm / 4;
  return (
    <div className="print-scalebar" data-testid="print-scalebar">
      <svg width={`${bar.mm + 2}mm`} height="5mm" viewBox={`-1 0 ${bar.mm + 2} 5`}>
        {[0, 1, 2, 3].map((i) => (
          <rect key={i} x={i * seg} y={1} width={seg} height={1.6} fill={i % 2 ? '#fff' : '#222'} stroke="#222" strokeWidth={0.2} />
        ))}
        <text x={0} y={4.8} fontSize={2.2} textAnchor="start">
          0
        </text>
        <text x={bar.mm} y={4.8} fontSize={2.2} textAnchor="end">
          {bar.label}
        </text>
      </svg>
    </div>
  );
}

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="print-field" data-testid={testId}>
      <span className="print-field-label">{label}</span>
      <span>{children}</span>
    </div>
  );
}

/**
 * A drawn map image in the page: its canvas itself (printed as it is, so no PNG is encoded for the
 * print or the PDF), stretched over the frame.
 */
function MapCanvas({ image, label, testId }: { image: MapImage; label: string; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (image.png) {
      // benchmark only: the way before (a PNG in an <img>)
      const img = document.createElement('img');
      const url = URL.createObjectURL(image.png);
      img.src = url;
      img.alt = label;
      if (testId) img.setAttribute('data-testid', testId);
      el.replaceChildren(img);
      return () => URL.revokeObjectURL(url);
    }
    const c = image.canvas;
    c.setAttribute('role', 'img');
    c.setAttribute('aria-label', label);
    if (testId) c.setAttribute('data-testid', testId);
    el.replaceChildren(c);
    return () => {
      if (c.parentNode === el) el.removeChild(c);
    };
  }, [image, label, testId]);
  return <div ref={ref} className="print-map-image" />;
}

type PageImages = { state: 'rendering' } | { state: 'ready'; images: MapImage[]; key: string } | { state: 'error'; message: string };

/** The map image of each dossier page (drawn one after another, after the map sheet's). */
function usePageImages(pages: readonly DossierPage[] | undefined, frameMm: [number, number], dpi: number, key: string): PageImages {
  const lang = useAppStore((s) => s.ui.lang);
  const project = useAppStore((s) => s.project.project);
  const layerUi = useAppStore((s) => s.layerUi);
  const results = useShownResults();
  const [images, setImages] = useState<PageImages>({ state: 'rendering' });
  useEffect(() => {
    if (!project || !pages?.length) {
      setImages({ state: 'ready', images: [], key });
      return;
    }
    let live = true;
    const images: MapImage[] = [];
    const abort = new AbortController();
    setImages({ state: 'rendering' });
    const words = MESSAGES[lang].common;
    const timer = setTimeout(async () => {
      try {
        for (const pg of pages) {
          const cam = dossierCamera(pg.bounds, frameMm);
          const image = await renderMapImage({ project, layerUi, results, lang, words: { yes: words.yes, no: words.no, empty: words.fieldEmpty, aggregate: words.aggregatePopup, where: MESSAGES[lang].find.whereLabel }, center: cam.center, scale: cam.scale, frameMm, dpi, signal: abort.signal });
          if (!live) return;
          images.push(image);
        }
        if (live) setImages({ state: 'ready', images: [...images], key });
      } catch (e) {
        if (live) setImages({ state: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
      abort.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pages, project, layerUi, results, lang, frameMm[0], frameMm[1], dpi, key]);
  return images;
}

/** A dossier page: the plot's map with its outline, the area check and the findings with their rule. */
function DossierSheet({ page, image, frameMm, dpi, size, title }: { page: DossierPage; image: MapImage | undefined; frameMm: [number, number]; dpi: number; size: [number, number]; title: string }) {
  const tp = useT().print;
  const cam = dossierCamera(page.bounds, frameMm);
  const px = framePixels(frameMm[0], frameMm[1], dpi);
  const rings = ringsToFrame(page.rings, cam.center, zoomForScale(cam.scale, cam.center[1]), px.css);
  return (
    <section className="print-sheet print-dossier" style={{ width: `${size[0]}mm`, height: `${size[1]}mm` }} data-testid="print-dossier-page" data-plot={page.id}>
      <h1 className="print-dossier-title">{title}</h1>
      <h2 className="print-dossier-heading">{page.heading}</h2>
      <div className={`print-dossier-body${frameMm[0] > frameMm[1] * 1.3 ? ' portrait' : ''}`}>
        <div className="print-map" style={{ width: `${frameMm[0]}mm`, height: `${frameMm[1]}mm` }}>
          {image ? <MapCanvas image={image} label={page.id} /> : null}
          <svg className="print-dossier-outline" viewBox={`0 0 ${px.css[0]} ${px.css[1]}`} aria-label={tp.dossierPlotOutline}>
            {rings.map((r, i) => (
              <polygon key={i} points={r.map((p) => `${p[0].toFixed(1)},${p[1].toFixed(1)}`).join(' ')} fill="none" stroke="#d50000" strokeWidth={2} strokeDasharray="6 3" />
            ))}
          </svg>
          <NorthArrow label={tp.north} />
          <div className="print-dossier-scale">
            {scaleText(cam.scale)}
            <ScaleBar scale={cam.scale} />
          </div>
        </div>
        <div className="print-dossier-tables">
          <h3>{tp.dossierFacts}</h3>
          <table className="print-table" data-testid="print-dossier-facts">
            <tbody>
              {page.facts.map(([k, v]) => (
                <tr key={k}>
                  <th>{k}</th>
                  <td>{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{tp.dossierFindings}</h3>
          {page.findings.length ? (
            <table className="print-table" data-testid="print-dossier-findings">
              <thead>
                <tr>
                  {tp.dossierFindingsHeader.map((h) => (
                    <th key={h}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {page.findings.map((f, i) => (
                  <tr key={i} className={`print-finding-${f.severity}`}>
                    <td>{f.level}</td>
                    <td>{f.text}</td>
                    <td className="print-rule">{f.rule}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="print-meta">{tp.dossierNone}</p>
          )}
        </div>
      </div>
      <footer className="print-footer">
        <strong>{tp.notSurvey}</strong>
        <span>{tp.crs}</span>
      </footer>
    </section>
  );
}

/**
 * The print view: a toolbar (title, issuing unit, paper, orientation, scale, extent, resolution,
 * print, PNG) over the pages as they will print — the map sheet (title, map at 1:N, legend, scale
 * bar, north arrow, date, data source, scenario, parameters, issuing unit, "not a surveying
 * product") and then the report's figures and tables. Printing uses the browser's print to PDF
 * (`@page` set to the chosen paper), so Chinese text is set in the local fonts.
 */
export function PrintView() {
  const request = usePrintStore((s) => s.request);
  if (!request) return null;
  return createPortal(<PrintDocument />, document.body);
}

function PrintDocument() {
  const t = useT();
  const tp = t.print;
  const lang = useAppStore((s) => s.ui.lang);
  const project = useAppStore((s) => s.project.project);
  const layerUi = useAppStore((s) => s.layerUi);
  const results = useShownResults();
  const view = useAppStore((s) => s.view);
  const request = usePrintStore((s) => s.request)!;
  const settings = usePrintStore((s) => s.settings);
  const content: ReportContent | null = useMemo(() => (project ? request.build(lang) : null), [request, lang, project]);
  const [title, setTitle] = useState<string | null>(null);
  const [extent, setExtent] = useState<Extent>('county');
  const [scaleInput, setScaleInput] = useState<string | null>(null);
  const [map, setMap] = useState<MapState>({ state: 'rendering' });
  /** The first drawing starts at once; later ones after a pause (settings changed in quick succession). */
  const drawn = useRef(false);
  const [pngError, setPngError] = useState<string | null>(null);
  const layout = sheetLayout(settings.paper, settings.orientation);
  const frame: [number, number] = [layout.map.w, layout.map.h];

  const bounds = useMemo(() => (project ? projectBounds(project) : null), [project]);
  const center: [number, number] = extent === 'view' && view ? view.center : bounds ? mercatorCenter(bounds) : view?.center ?? [116.4, 39.9];
  const autoScale = extent === 'view' && view ? roundScaleUp(scaleForZoom(view.zoom, view.center[1])) : bounds ? fitScale(bounds, frame) : 100_000;
  const typed = scaleInput === null ? autoScale : Number(scaleInput.replace(/[,，\s]/g, ''));
  const scaleOk = Number.isInteger(typed) && typed >= MIN_SCALE && typed <= MAX_SCALE;
  const scale = scaleOk ? typed : autoScale;
  const dpi = settings.dpi;
  /** What the map image is drawn for: an image for another key is never shown as ready. */
  const mapKey = `${settings.paper}-${settings.orientation}-${dpi}-${scale}-${center[0]}-${center[1]}`;

  // Draw the map image whenever what it shows or its frame changes (the latest request wins).
  useEffect(() => {
    if (!project) return;
    let live = true;
    const abort = new AbortController();
    setMap({ state: 'rendering' });
    const words = MESSAGES[lang].common;
    // Settings changed in quick succession draw once: start after a short pause, abort on change.
    const timer = setTimeout(() => {
      renderMapImage({ project, layerUi, results, lang, words: { yes: words.yes, no: words.no, empty: words.fieldEmpty, aggregate: words.aggregatePopup, where: MESSAGES[lang].find.whereLabel }, center, scale, frameMm: frame, dpi, signal: abort.signal }).then(
        (image) => {
          if (!live) return;
          setMap({ state: 'ready', image, dpi, key: mapKey });
        },
        (e: unknown) => live && setMap({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
      );
    }, drawn.current ? 250 : 0);
    drawn.current = true;
    return () => {
      live = false;
      clearTimeout(timer);
      abort.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [project, layerUi, results, lang, center[0], center[1], scale, frame[0], frame[1], dpi]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') usePrintStore.getState().close();
    };
    window.addEventListener('keydown', onKey);
    document.body.classList.add('printing');
    return () => {
      window.removeEventListener('keydown', onKey);
      document.body.classList.remove('printing');
      releaseMapImage(); // the app's map back on screen (after the drawings aborted above)
    };
  }, []);

  const dossierFrame = dossierMapMm(settings.paper, settings.orientation);
  const pageKey = `${settings.paper}-${settings.orientation}-${dpi}`;
  const pageImages = usePageImages(content?.pages, dossierFrame, dpi, pageKey);
  const pagesReady = pageImages.state === 'ready' && pageImages.key === pageKey;
  const legend = useLegendGroups();
  // Paper does not zoom: the legend lists what the map drawn at this scale shows (a class drawn only
  // from a zoom on, `minzoom`, is left out below it; MapLibre filters per tile, at whole zooms).
  const printTileZoom = Math.floor(zoomForScale(scale, center[1]));
  // The report's pages (thousands of table cells) are built in the task after the map drawing
  // starts: the page lays them out while the map waits for its tiles, not before it starts.
  const [reportShown, setReportShown] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setReportShown(true), 0);
    return () => clearTimeout(t);
  }, []);
  if (!project || !content) return null;
  const shownTitle = title ?? content.title;
  const today = new Date();
  const date = lang === 'zh' ? `${today.getFullYear()}年${today.getMonth() + 1}月${today.getDate()}日` : today.toISOString().slice(0, 10);
  const [pw, ph] = layout.pageMm;
  const m = layout.marginMm;
  const set = usePrintStore.getState().setSettings;

  const downloadPng = async () => {
    if (map.state !== 'ready') return;
    const file = `${shownTitle || tp.pngFile}-${scaleText(scale).replace(':', '-')}-${map.dpi}dpi.png`;
    let png: Blob;
    try {
      png = await mapPng(map.image);
      setPngError(null);
    } catch (e) {
      setPngError(e instanceof Error ? e.message : String(e));
      return;
    }
    downloadBlob(file, png, 60_000);
  };

  return (
    <div className="print-root" data-testid="print-view" data-kind={content.kind} data-map-state={map.state === 'error' || pageImages.state === 'error' ? 'error' : map.state === 'ready' && map.key === mapKey && pagesReady && reportShown ? 'ready' : 'rendering'} data-paper={`${settings.paper}-${settings.orientation}`} data-scale={scale}>
      <style>{`@page { size: ${pw}mm ${ph}mm; margin: ${m}mm; }`}</style>
      <div className="print-toolbar" role="toolbar" aria-label={tp.viewTitle}>
        <label>
          {tp.title}
          <input value={shownTitle} onChange={(e) => setTitle(e.target.value)} data-testid="print-title-input" size={30} />
        </label>
        <label>
          {tp.issuer}
          <input value={settings.issuer} placeholder={tp.issuerPlaceholder} onChange={(e) => set({ issuer: e.target.value })} data-testid="print-issuer" size={Math.max(22, tp.issuerPlaceholder.length)} />
        </label>
        <label>
          {tp.paper}
          <select value={settings.paper} onChange={(e) => set({ paper: e.target.value as Paper })} data-testid="print-paper">
            {Object.keys(PAPER_MM).map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label>
          {tp.orientation}
          <select value={settings.orientation} onChange={(e) => set({ orientation: e.target.value as Orientation })} data-testid="print-orientation">
            <option value="landscape">{tp.landscape}</option>
            <option value="portrait">{tp.portrait}</option>
          </select>
        </label>
        <label>
          {tp.extent}
          <select value={extent} onChange={(e) => { setExtent(e.target.value as Extent); setScaleInput(null); }} data-testid="print-extent">
            <option value="county">{tp.extentCounty}</option>
            <option value="view">{tp.extentView}</option>
          </select>
        </label>
        <label>
          {tp.scale}
          <input
            list="print-scales"
            value={scaleInput ?? String(autoScale)}
            onChange={(e) => setScaleInput(e.target.value)}
            aria-invalid={!scaleOk}
            data-testid="print-scale"
            size={10}
          />
          <datalist id="print-scales">
            {COMMON_SCALES.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </label>
        <label>
          {tp.dpi}
          <select value={dpi} onChange={(e) => set({ dpi: Number(e.target.value) })} data-testid="print-dpi">
            {PRINT_DPI.map((d) => (
              <option key={d} value={d}>
                {d} dpi
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => window.print()} disabled={map.state !== 'ready'} data-testid="print-print">
          {tp.printPdf}
        </button>
        <button type="button" onClick={() => void downloadPng()} disabled={map.state !== 'ready'} data-testid="print-png">
          {tp.png}
        </button>
        <button type="button" onClick={() => usePrintStore.getState().close()} data-testid="print-close">
          {tp.close}
        </button>
        <span className="print-status" role="status" data-testid="print-status">
          {!scaleOk ? <span className="error">{tp.badScale} </span> : null}
          {map.state === 'rendering' ? tp.rendering : map.state === 'ready' ? tp.rendered(map.image.width, map.image.height, map.dpi) : tp.renderFailed(map.message)}
          {pngError ? ` ${tp.renderFailed(pngError)}` : null}
          {pageImages.state === 'error' ? ` ${tp.renderFailed(pageImages.message)}` : content.pages?.length && !pagesReady ? ` ${tp.rendering}` : null}
        </span>
        <p className="print-hint">{tp.printHint}</p>
      </div>

      <div className="print-pages">
        <section className={`print-sheet print-${layout.side.placement}`} style={{ width: `${pw - 2 * m}mm`, height: `${ph - 2 * m}mm` }} data-testid="print-sheet">
          <h1 className="print-title" style={{ height: `${layout.titleMm}mm` }} data-testid="print-title">
            {shownTitle}
          </h1>
          <div className="print-body">
            <div className="print-map" style={{ width: `${layout.map.w}mm`, height: `${layout.map.h}mm` }}>
              {map.state === 'ready' ? <MapCanvas image={map.image} label={shownTitle} testId="print-map-img" /> : null}
              <NorthArrow label={tp.north} />
            </div>
            <aside className="print-side" style={{ width: `${layout.side.w}mm`, height: `${layout.side.h}mm` }}>
              <h2 className="print-legend-heading">{tp.legend}</h2>
              <div className="print-legend" data-testid="print-legend">
                {legend.map((g, i) => (
                  <div key={i} className="print-legend-group">
                    <div className="print-legend-title">{g.title[lang]}</div>
                    {g.entries.filter((e) => e.minzoom === undefined || e.minzoom <= printTileZoom).map((e, j) => (
                      <div key={j} className="print-legend-entry">
                        <Swatch e={e} /> {e.label[lang]}
                      </div>
                    ))}
                  </div>
                ))}
              </div>
              <div className="print-info">
                <Field label={tp.scaleLabel} testId="print-scale-text">
                  {scaleText(scale)}
                </Field>
                <ScaleBar scale={scale} />
                <Field label={tp.scenario} testId="print-scenario">
                  {content.scenario}
                </Field>
                <Field label={tp.params} testId="print-params">
                  {content.params.length === 0
                    ? tp.paramsDefault
                    : content.params
                        .slice(0, 4)
                        .map((p) => `${p.label} ${p.value}`)
                        .join(lang === 'zh' ? '；' : '; ') + (content.params.length > 4 ? ` … ${tp.paramsSee}` : '')}
                </Field>
                <Field label={tp.source}>{tp.sourceText(project.name)}</Field>
                <Field label={tp.issuer} testId="print-issuer-text">
                  {settings.issuer || '—'}
                </Field>
                <Field label={tp.date}>{date}</Field>
              </div>
            </aside>
          </div>
          <footer className="print-footer" style={{ height: `${layout.footerMm}mm` }}>
            <strong data-testid="print-not-survey">{tp.notSurvey}</strong>
            <span>{tp.crs}</span>
          </footer>
        </section>

        {content.pages?.map((pg, i) => (
          <DossierSheet key={pg.id + i} page={pg} image={pageImages.state === 'ready' ? pageImages.images[i] : undefined} frameMm={dossierFrame} dpi={dpi} size={[pw - 2 * m, ph - 2 * m]} title={shownTitle} />
        ))}

        {reportShown && !content.pages && (content.figures.rows.length || content.tables.length || content.params.length) ? (
          <section className="print-report" style={{ width: `${pw - 2 * m}mm` }} data-testid="print-report">
            <h1>{shownTitle}</h1>
            <p className="print-meta">
              {tp.scenario}
              {t.common.colon}
              {content.scenario} · {tp.date}
              {t.common.colon}
              {date}
              {settings.issuer ? ` · ${tp.issuer}${t.common.colon}${settings.issuer}` : ''}
            </p>
            {content.figures.rows.length ? (
              <>
                <h2>{tp.figures}</h2>
                <table className="print-table print-figures" data-testid="print-figures">
                  <thead>
                    <tr>
                      {content.figures.header.map((h, j) => (
                        <th key={j}>{h}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {content.figures.rows.map((r, i) => (
                      <tr key={i}>
                        {r.map((v, j) => (j === 0 ? <th key={j}>{v}</th> : <td key={j} className={j < r.length - 1 ? 'num' : undefined}>{v}</td>))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            ) : null}
            {content.charts?.map((c, i) => (
              <div key={`c${i}`} className="print-table-block">
                <h2>{c.title}</h2>
                <CoverageCurveChart curve={{ ...c, title: '' }} testId="print-curve" format={(v) => cellText(v, lang)} />
              </div>
            ))}
            {content.tables.map((tb, i) => (
              <div key={i} className="print-table-block">
                <h2>{tb.title}</h2>
                <table className="print-table">
                  <thead>
                    <tr>
                      {tb.header.map((h, j) => (
                        <th key={j}>{h}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {tb.rows.map((r, j) => (
                      <tr key={j}>
                        {r.map((v, k) => (
                          <td key={k} className={typeof v === 'number' ? 'num' : undefined}>
                            {cellText(v, lang)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
                {tb.omitted ? <p className="print-meta">{tp.more(tb.omitted)}</p> : null}
              </div>
            ))}
            {content.params.length ? (
              <div className="print-table-block">
                <h2>{tp.paramsTitle}</h2>
                <table className="print-table" data-testid="print-params-table">
                  <thead>
                    <tr>
                      {tp.paramsHeader.map((h) => (
                        <th key={h}>{h}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {content.params.map((p) => (
                      <tr key={p.key}>
                        <td>{p.label}</td>
                        <td className="num">{p.value}</td>
                        <td>
                          {p.source}
                          {p.confirm && !/请确认|to confirm/i.test(p.source) ? tp.confirm : ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            <p className="print-meta">
              <strong>{tp.notSurvey}</strong>
            </p>
          </section>
        ) : null}
      </div>
    </div>
  );
}
