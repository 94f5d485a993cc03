import { useMemo, useRef, useState } from 'react';
import type { LayerData, LayerDefinition } from '../../../layers/types';
import { LAYERS } from '../../../layers/index';
import { formatIssue } from '../../../layers/load/issues';
import { projectParamProblems, scenarioParamProblems } from '../../../analysis/project-params';
import { projectJsonFindings } from '../../../layers/load/project-findings';
import { INDICATOR_PARAMS } from '../../db/policy';
import { useT, useText } from '../../i18n';
import { useAppStore } from '../../state/store';
import { useDraft } from '../../state/drafts';
import { panelTitle, type PanelDefinition } from '../registry';
import { groupShown, resultFeatures, resultGroups } from '../../state/results-slice';
import { Legend } from './Legend';
import { AGGREGATE_BELOW_ZOOM, AGGREGATE_CELL_DEG } from '../../map/map-controller';
import { openLocalTiles } from '../../map/local-tiles';
import { PmtilesError } from '../../map/pmtiles-file';
import { MbtilesError } from '../../map/mbtiles-file';
import { cspAllowsImage } from '../../map/csp-check';
import { basemapTemplateProblem } from '../../state/ui-slice';

const DEFS: Record<string, LayerDefinition> = LAYERS;

/** Number of features of a loaded layer (rows for columnar layers). */
export function featureCount(data: LayerData | undefined): number {
  if (!data) return 0;
  return data.kind === 'columns' ? data.count : data.data.features.length;
}

function DataLayerRow({ id }: { id: string }) {
  const t = useT();
  const tx = useText();
  const def = DEFS[id];
  const visible = useAppStore((s) => s.layerUi.visible[id]);
  const opacity = useAppStore((s) => s.layerUi.opacity[id]);
  const data = useAppStore((s) => s.project.project?.layers[def.id]);
  const unlocated = useAppStore((s) => s.project.report?.counts[def.id]?.unlocated ?? 0);
  const { setLayerVisible, setLayerOpacity, moveLayer } = useAppStore.getState();
  const n = featureCount(data);
  return (
    <li className="layer-row" data-testid={`layer-row-${id}`}>
      <div className="layer-head">
        <label>
          <input type="checkbox" checked={visible} onChange={(e) => setLayerVisible(id, e.target.checked)} data-testid={`layer-toggle-${id}`} />
          <span className="layer-title">{tx(def.title)}</span>
        </label>
        <span className="layer-count" data-testid={`layer-count-${id}`}>
          {/* the layer's own noun where it has one (200,000 户, not 个; session 20 walk) */}
          {n > 0 ? t.common.features(n, def.rowUnit ? tx(def.rowUnit) : null) : t.common.noFeatures}
          {unlocated > 0 ? ` · ${t.common.unlocated(unlocated)}` : ''}
        </span>
      </div>
      <div className="layer-controls">
        <label className="opacity">
          <span>{t.common.opacity}</span>
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={opacity}
            onChange={(e) => setLayerOpacity(id, Number(e.target.value))}
            aria-label={`${t.common.opacity} ${tx(def.title)}`}
          />
        </label>
        <button type="button" title={t.common.moveUp} aria-label={`${t.common.moveUp} ${tx(def.title)}`} onClick={() => moveLayer(id, 'up')}>
          ↑
        </button>
        <button type="button" title={t.common.moveDown} aria-label={`${t.common.moveDown} ${tx(def.title)}`} onClick={() => moveLayer(id, 'down')}>
          ↓
        </button>
      </div>
      {visible ? <Legend entries={def.legend} /> : null}
      {visible && def.storage === 'columns' ? (
        <p className="layer-note">{t.common.aggregatedNote(AGGREGATE_BELOW_ZOOM, Math.round(AGGREGATE_CELL_DEG * 111_320))}</p>
      ) : null}
    </li>
  );
}

function ResultLayerList() {
  const t = useT();
  const tx = useText();
  const results = useAppStore((s) => s.results);
  const activePanel = useAppStore((s) => s.ui.activePanel);
  const chosen = useAppStore((s) => s.ui.resultGroupsShown);
  const { setResultVisible, removeResultLayer, setResultGroupShown } = useAppStore.getState();
  if (results.length === 0) return null;
  // grouped by the analysis that made them, the latest group first; each group shown or hidden on the map in one click
  return (
    <section>
      <h3>{t.common.resultLayers}</h3>
      <p className="note">{t.common.resultGroupsNote}</p>
      {resultGroups(results)
        .reverse()
        .map(({ group, layers }) => {
          const title = group ? panelTitle(group) : null;
          const shown = groupShown(group || undefined, activePanel, chosen);
          return (
            <div key={group || '-'} className="result-group" data-testid={`result-group-${group || 'other'}`}>
              <h4 className="layer-head">
                <span className="layer-title">{title ? tx(title) : t.common.resultGroupOther}</span>
                {group ? (
                  <label className="layer-count">
                    <input type="checkbox" checked={chosen[group] === true} onChange={(e) => setResultGroupShown(group, e.target.checked)} data-testid={`result-group-pin-${group}`} />
                    {t.common.resultGroupPin}
                  </label>
                ) : null}
              </h4>
              <ul className="layer-list">
                {[...layers].reverse().map((r) => (
          <li key={r.id} className="layer-row" data-testid={`result-row-${r.id}`}>
            <div className="layer-head">
              <label>
                <input type="checkbox" checked={r.visible} onChange={(e) => setResultVisible(r.id, e.target.checked)} />
                <span className="layer-title">{tx(r.title)}</span>
              </label>
              <span className="layer-count">{t.common.features(resultFeatures(r).length)}</span>
              <button type="button" onClick={() => removeResultLayer(r.id)}>
                {t.common.remove}
              </button>
            </div>
            {r.visible && shown ? <Legend entries={r.legend} /> : null}
          </li>
                ))}
              </ul>
            </div>
          );
        })}
    </section>
  );
}

function BasemapChooser() {
  const t = useT();
  const tx = useText();
  const basemap = useAppStore((s) => s.ui.basemap);
  const [key, setKey] = useDraft('layers.basemapKey', basemap.kind === 'tianditu' ? basemap.key : '');
  const [template, setTemplate] = useDraft('layers.basemapTemplate', basemap.kind === 'template' ? basemap.url : '');
  const [fileNote, setFileNote] = useState<{ ok: boolean; text: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const valid = /^[A-Za-z0-9]{16,64}$/.test(key.trim());
  const problem = basemapTemplateProblem(template);
  const problemText = problem === 'empty' ? t.find.basemapTemplateEmpty : problem === 'not-http' ? t.find.basemapTemplateNotHttp : problem === 'no-placeholders' ? t.find.basemapTemplateNoPlaceholders : null;
  const blockedOrigin = problem === null ? templateBlockedOrigin(template) : null;
  async function pick(file: File) {
    try {
      const opened = await openLocalTiles(file);
      useAppStore.getState().setBasemap({ kind: 'file', name: opened.name });
      setFileNote({ ok: true, text: t.find.basemapFileOpened(opened.name) });
    } catch (e) {
      const byCode = { signature: t.find.pmtilesSignature, version: t.find.pmtilesVersion, compression: t.find.pmtilesCompression, corrupt: t.find.pmtilesCorrupt };
      const reason = e instanceof PmtilesError ? byCode[e.code] : e instanceof MbtilesError ? tx(e.reason) : e instanceof Error ? e.message : String(e);
      setFileNote({ ok: false, text: t.find.basemapFileError(file.name, reason) });
    }
  }
  return (
    <section className="basemap" data-testid="basemap">
      <h3>{t.common.basemap}</h3>
      <label>
        <input type="radio" name="basemap" checked={basemap.kind === 'none'} onChange={() => useAppStore.getState().setBasemap({ kind: 'none' })} />
        {t.common.basemapOffline}
      </label>
      <label>
        <input
          type="radio"
          name="basemap"
          checked={basemap.kind === 'tianditu'}
          disabled={!valid}
          onChange={() => useAppStore.getState().setBasemap({ kind: 'tianditu', key })}
        />
        {t.common.basemapTianditu}
      </label>
      <input
        type="text"
        className="basemap-key"
        placeholder={t.common.basemapKey}
        value={key}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => setKey(e.target.value)}
      />
      <p className="layer-note">{t.common.basemapOnlineNote}</p>
      <label>
        <input type="radio" name="basemap" checked={basemap.kind === 'file'} disabled={basemap.kind !== 'file'} readOnly />
        {t.find.basemapFile}
      </label>
      <button type="button" onClick={() => fileInput.current?.click()} data-testid="basemap-file-button">
        {t.find.basemapPickFile}
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".pmtiles,.mbtiles"
        hidden
        data-testid="basemap-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void pick(f);
        }}
      />
      {fileNote ? (
        <p className={fileNote.ok ? 'layer-note' : 'error'} role={fileNote.ok ? 'status' : 'alert'} data-testid="basemap-file-note">
          {fileNote.text}
        </p>
      ) : null}
      <label>
        <input
          type="radio"
          name="basemap"
          checked={basemap.kind === 'template'}
          disabled={problem !== null}
          onChange={() => useAppStore.getState().setBasemap({ kind: 'template', url: template })}
          data-testid="basemap-template-radio"
        />
        {t.find.basemapTemplate}
      </label>
      <input
        type="url"
        className="basemap-key"
        placeholder={t.find.basemapTemplatePlaceholder}
        value={template}
        spellCheck={false}
        autoComplete="off"
        data-testid="basemap-template"
        onChange={(e) => setTemplate(e.target.value)}
      />
      {template.trim() && problemText ? <p className="error">{problemText}</p> : null}
      {blockedOrigin ? <p className="error" data-testid="basemap-csp-blocked">{t.find.basemapCspBlocked(blockedOrigin)}</p> : null}
      <p className="layer-note">{t.find.basemapTemplateNote}</p>
    </section>
  );
}

/** The origin of a tile template that the page's CSP would block, or null when it may load. */
function templateBlockedOrigin(template: string): string | null {
  const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
  if (!csp) return null;
  const url = template.trim().replace(/\{(z|x|y)\}/g, '0');
  if (cspAllowsImage(csp, url, location.origin)) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The layers panel: every registered layer with toggle, opacity, order, count and legend. */
export function LayersPanel() {
  const t = useT();
  const order = useAppStore((s) => s.layerUi.order);
  const report = useAppStore((s) => s.project.report);
  const layers = useAppStore((s) => s.project.project?.layers);
  const params = useAppStore((s) => s.project.project?.params);
  const scenarios = useAppStore((s) => s.project.project?.scenarios);
  const lang = useAppStore((s) => s.ui.lang);
  // project.json params outside their declared range (the project's and its scenarios'): reported with the load issues (the analyses refuse them)
  const paramProblems = useMemo(
    () => [...projectParamProblems(params, INDICATOR_PARAMS), ...scenarioParamProblems(scenarios, INDICATOR_PARAMS)],
    [params, scenarios],
  );
  // params keys nothing reads, scenario edits that do nothing: validate's findings, from the project as it is now
  const findings = useMemo(() => (layers && params ? projectJsonFindings({ layers, params, scenarios }, INDICATOR_PARAMS) : []), [layers, params, scenarios]);
  const errors = (report?.issues.filter((i) => i.severity === 'error').length ?? 0) + paramProblems.length;
  const warnings = (report?.issues.filter((i) => i.severity === 'warning').length ?? 0) + findings.length;
  return (
    <div className="layers-panel">
      <ResultLayerList />
      <h3>{t.common.layers}</h3>
      <ul className="layer-list">
        {[...order].reverse().filter((id) => DEFS[id]).map((id) => (
          <DataLayerRow key={id} id={id} />
        ))}
      </ul>
      {report ? (
        <details className="validation-summary" data-testid="validation">
          <summary>{t.common.validation(errors, warnings)}</summary>
          <ul>
            {paramProblems.map((p, i) => (
              <li key={`param-${i}`} className="issue-error" data-testid="validation-param">
                {p.message[lang]}
              </li>
            ))}
            {findings.map((issue, i) => (
              <li key={`project-${i}`} className={`issue-${issue.severity}`} data-testid="validation-project" data-code={issue.code}>
                {formatIssue(issue, lang)}
              </li>
            ))}
            {report.issues.slice(0, 200).map((issue, i) => (
              <li key={i} className={`issue-${issue.severity}`}>
                {formatIssue(issue, lang)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <BasemapChooser />
    </div>
  );
}

/** Registry entry of the layers panel (always the first tab). */
export const layersPanel: PanelDefinition = {
  id: 'layers',
  title: { zh: '图层', en: 'Layers' },
  order: 0,
  component: LayersPanel,
};
