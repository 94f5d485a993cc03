import { useState } from 'react';
import { useT } from '../i18n';
import { useAppStore } from '../state/store';
import { downloadBlob } from '../export/file-name';
import { runTask } from '../workers/run-task';
import { projectParts } from '../workers/tasks/export-project';

/**
 * 导出项目: the open project as its project folder, zipped (src/export/project-folder.ts) — the
 * work taken out of the browser, to open again with 打开文件 here or on another PC. The zip is
 * written in a worker (src/workers/tasks/export-project.ts), the project sent there in pieces, so
 * the map stays responsive (the demo county: no main-thread task over 50 ms instead of one of ~1 s,
 * test/bench/export-block.bench.ts); the button shows the share of files written.
 */
export function ExportProjectButton() {
  const t = useT();
  const ready = useAppStore((s) => !!s.project.project);
  // null: idle; 0–1: the share of files written
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = progress !== null;
  const run = async () => {
    const project = useAppStore.getState().project.project;
    if (!project) return;
    setProgress(0);
    setError(null);
    // the layers go to the worker in pieces, so no single copy blocks the map (the demo's in one: ~0.5 s)
    const { head, parts } = projectParts(project);
    try {
      const { zip } = await runTask('exportProject', { project: head }, { parts, onProgress: (p) => setProgress(p.fraction ?? 0) });
      downloadBlob(`${project.name}.zip`, new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), 60_000);
    } catch (err) {
      setError(`${t.common.exportProjectFailed}${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setProgress(null);
    }
  };
  return (
    <>
      <button
        type="button"
        disabled={!ready || busy}
        title={t.common.exportProjectTitle}
        data-testid="export-project"
        data-progress={busy ? Math.round(progress * 100) : undefined}
        onClick={() => void run()}
      >
        {busy ? `${t.common.exportingProject}${progress > 0 ? ` ${Math.round(progress * 100)}%` : ''}` : t.common.exportProject}
      </button>
      {error ? (
        <span role="alert" className="db-error" data-testid="export-project-error">
          {error}
        </span>
      ) : null}
    </>
  );
}
