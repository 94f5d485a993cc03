import { useT } from '../i18n';
import { useAppStore } from '../state/store';
import { usePrintStore, type PrintRequest } from './print-store';
import { mapContent } from './reports';

/** 打印地图: opens the print view on the map as shown (layers, results, legend). */
export function PrintMapButton() {
  const t = useT();
  const ready = useAppStore((s) => !!s.project.project);
  return (
    <button
      type="button"
      disabled={!ready}
      data-testid="print-map"
      onClick={() => usePrintStore.getState().open({ build: (lang) => mapContent(useAppStore.getState().project.project!, lang) })}
    >
      {t.print.openMap}
    </button>
  );
}

/** 打印报告 on an analysis panel: opens the print view with the panel's report. */
export function ReportButton({ request, testId, disabled }: { request: () => PrintRequest | null; testId: string; disabled?: boolean }) {
  const t = useT();
  return (
    <button
      type="button"
      disabled={disabled}
      data-testid={testId}
      onClick={() => {
        const r = request();
        if (r) usePrintStore.getState().open(r);
      }}
    >
      {t.print.report}
    </button>
  );
}
