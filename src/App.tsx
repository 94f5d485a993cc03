import { useEffect, useMemo, useRef, useState } from 'react';
import { MapView } from './map/MapView';
import { PANELS } from './panels/index';
import { PanelActiveProvider, sortPanels } from './panels/registry';
import { useT, useText } from './i18n';
import { useAppStore } from './state/store';
import { openDemo, openInitialProject } from './project/start-project';
import { WorkControls } from './project/WorkControls';
import { ScenarioSwitcher } from './project/ScenarioSwitcher';
import { importFiles } from './project/import-files';
import { ImportDialog, ImportStatus } from './project/ImportDialog';
import { ConfirmDialog } from './project/ConfirmDialog';
import { NewProjectDialog } from './project/NewProjectDialog';
import { WorkBanner } from './project/WorkBanner';
import { askConfirm, type ConfirmText } from './project/confirm';
import { hasUserWork } from './state/work-store';
import './project/import.css';
import { PrintView } from './print/PrintView';
import { PrintMapButton } from './print/PrintButtons';
import { ExportProjectButton } from './project/ExportProjectButton';
import { warmDbWhenIdle } from './panels/db-app';
import { whenProjectDrawn } from './map/live-map';

/** Asks before an action that would replace what the user made (nothing to ask about: true). */
function mayReplaceWork(text: ConfirmText): Promise<boolean> {
  return hasUserWork() ? askConfirm(text) : Promise.resolve(true);
}

function Header() {
  const t = useT();
  const lang = useAppStore((s) => s.ui.lang);
  const status = useAppStore((s) => s.project.status);
  const message = useAppStore((s) => s.project.message);
  const name = useAppStore((s) => s.project.project?.name);
  const region = useAppStore((s) => s.project.project?.region);
  const fileInput = useRef<HTMLInputElement>(null);
  const [newProject, setNewProject] = useState(false);
  const [projectInfo, setProjectInfo] = useState(false);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = `${t.common.appTitle} · ${t.common.appSubtitle}`;
  }, [lang, t]);
  return (
    <header className="app-header">
      <h1 title={name ? `${t.common.appTitle} · ${name}` : t.common.appTitle}>
        {t.common.appTitle}
        <small>
          {name ? ' · ' : ''}
          {name ? (
            <button type="button" className="project-info" data-testid="project-info" title={t.import.projectInfo} onClick={() => setProjectInfo(true)}>
              {name}
              <span className="project-region" data-testid="project-region">{region ? `（${region}）` : ` · ${t.import.projectNoRegion}`}</span> ✎
            </button>
          ) : null}
        </small>
      </h1>
      {projectInfo ? <NewProjectDialog mode="edit" onClose={() => setProjectInfo(false)} /> : null}
      <div className="header-actions">
        <span className={`status status-${status}`} data-testid="project-status" data-status={status}>
          {status === 'loading' ? (message ? t.common.loadingStage(message) : t.common.loading) : ''}
          {status === 'error' ? t.common.loadFailed(message ?? '') : ''}
        </span>
        <ImportStatus />
        <ScenarioSwitcher />
        <WorkControls />
        <PrintMapButton />
        <button
          type="button"
          data-testid="open-files-button"
          onClick={() => void mayReplaceWork((m) => ({ title: m.replaceTitle, message: m.replaceByFiles, ok: m.replaceOk })).then((ok) => ok && fileInput.current?.click())}
        >
          {t.common.openFiles}
        </button>
        <ExportProjectButton />
        <input
          ref={fileInput}
          type="file"
          multiple
          accept=".geojson,.json,.csv,.pbf,.zip,.shp,.shx,.dbf,.prj,.cpg,.xlsx,.txt,.kml,.kmz,.dxf,.gpkg"
          hidden
          data-testid="open-files"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length) void importFiles(files);
          }}
        />
        <button
          type="button"
          data-testid="new-project"
          onClick={() => void mayReplaceWork((m) => ({ title: m.replaceTitle, message: m.replaceByNew, ok: m.replaceOk })).then((ok) => ok && setNewProject(true))}
        >
          {t.import.newProject}
        </button>
        {newProject ? <NewProjectDialog onClose={() => setNewProject(false)} /> : null}
        <button
          type="button"
          data-testid="open-demo"
          onClick={() => void mayReplaceWork((m) => ({ title: m.replaceTitle, message: m.replaceByDemo, ok: m.replaceOk })).then((ok) => (ok ? openDemo() : undefined))}
        >
          {t.common.openDemo}
        </button>
        <button
          type="button"
          data-testid="lang-switch"
          title={t.common.language}
          onClick={() => useAppStore.getState().setLang(lang === 'zh' ? 'en' : 'zh')}
        >
          {t.common.switchLanguage}
        </button>
      </div>
    </header>
  );
}

function SideBar() {
  const tx = useText();
  const panels = useMemo(() => sortPanels(PANELS), []);
  const active = useAppStore((s) => s.ui.activePanel);
  const current = panels.find((p) => p.id === active) ?? panels[0];
  // keep-alive panels opened once stay mounted, hidden, beside the open one (PanelDefinition.keepAlive)
  const [opened, setOpened] = useState<ReadonlySet<string>>(() => new Set());
  if (current.keepAlive && !opened.has(current.id)) setOpened(new Set([...opened, current.id]));
  const mounted = panels.filter((p) => p.id === current.id || (p.keepAlive && opened.has(p.id)));
  return (
    <aside className="side-bar">
      <nav className="tabs" role="tablist">
        {panels.map((p) => (
          <button
            key={p.id}
            type="button"
            role="tab"
            aria-selected={p.id === current.id}
            data-testid={`panel-tab-${p.id}`}
            onClick={() => useAppStore.getState().setActivePanel(p.id)}
          >
            {tx(p.title)}
          </button>
        ))}
      </nav>
      {mounted.map((p) => (
        <div key={p.id} className="panel" role="tabpanel" hidden={p.id !== current.id}>
          <PanelActiveProvider value={p.id === current.id}>
            <p.component />
          </PanelActiveProvider>
        </div>
      ))}
    </aside>
  );
}

let dbWarmAsked = false;

/** The app shell: header, side bar with the registered panels, and the map. */
export function App() {
  useEffect(() => {
    void openInitialProject();
    // DuckDB gets ready in idle time once the county is drawn, not before (src/panels/db-app.ts)
    if (!dbWarmAsked) {
      dbWarmAsked = true;
      warmDbWhenIdle(whenProjectDrawn());
    }
  }, []);
  return (
    <div className="app">
      <Header />
      <WorkBanner />
      <main className="app-main">
        <SideBar />
        <MapView />
      </main>
      <ImportDialog />
      <ConfirmDialog />
      <PrintView />
    </div>
  );
}
