import { useState } from 'react';
import { useT } from '../i18n';
import { useAppStore } from '../state/store';
import { projectFolderZip } from '../export/project-folder';
import { downloadBlob } from '../export/file-name';

/**
 * 导出项目: the open project as its project folder, zipped (src/export/project-folder.ts) — the
 * work taken out of the browser, to open again with 打开文件 here or on another PC. The demo county
 * takes about a second to write (2.7 MB zip); the button says so while it works.
 */
export function ExportProjectButton() {
  const t = useT();
  const ready = useAppStore((s) => !!s.project.project);
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={!ready || busy}
      title={t.common.exportProjectTitle}
      data-testid="export-project"
      onClick={() => {
        setBusy(true);
        // a frame first, so the button reads 正在导出… while the files are written
        requestAnimationFrame(() =>
          setTimeout(() => {
            try {
              const project = useAppStore.getState().project.project;
              if (project) downloadBlob(`${project.name}.zip`, new Blob([projectFolderZip(project).zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), 60_000);
            } finally {
              setBusy(false);
            }
          }, 0),
        );
      }}
    >
      {busy ? t.common.exportingProject : t.common.exportProject}
    </button>
  );
}
