import { create } from 'zustand';
import type { Lang } from '../../layers/types';
import type { Orientation, Paper } from './print-layout';
import { PRINT_DPI } from './print-layout';
import type { ReportContent } from './report';

/** The print choices remembered between sessions (the issuing unit above all). */
export interface PrintSettings {
  paper: Paper;
  orientation: Orientation;
  dpi: number;
  issuer: string;
}

/** An open print view: builds its content in the UI language (figures come from the computed results). */
export interface PrintRequest {
  build(lang: Lang): ReportContent;
}

const KEY = 'coverage-planner/print/v1';
const DEFAULTS: PrintSettings = { paper: 'A4', orientation: 'landscape', dpi: 200, issuer: '' };

/** Saved print settings, each checked (anything malformed falls back to its default). */
export function sanitizePrintSettings(v: unknown): PrintSettings {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Partial<Record<keyof PrintSettings, unknown>>;
  return {
    paper: o.paper === 'A3' ? 'A3' : 'A4',
    orientation: o.orientation === 'portrait' ? 'portrait' : 'landscape',
    dpi: (PRINT_DPI as readonly number[]).includes(o.dpi as number) ? (o.dpi as number) : DEFAULTS.dpi,
    issuer: typeof o.issuer === 'string' ? o.issuer.slice(0, 200) : '',
  };
}

function readSettings(): PrintSettings {
  try {
    return sanitizePrintSettings(JSON.parse(localStorage.getItem(KEY) ?? 'null'));
  } catch {
    return DEFAULTS;
  }
}

interface PrintState {
  request: PrintRequest | null;
  settings: PrintSettings;
  open(request: PrintRequest): void;
  close(): void;
  setSettings(patch: Partial<PrintSettings>): void;
}

/** The print view's store: the open request (null: closed) and the remembered settings. */
export const usePrintStore = create<PrintState>()((set) => ({
  request: null,
  settings: typeof localStorage === 'undefined' ? DEFAULTS : readSettings(),
  open: (request) => set({ request }),
  close: () => set({ request: null }),
  setSettings: (patch) =>
    set((s) => {
      const settings = sanitizePrintSettings({ ...s.settings, ...patch });
      try {
        localStorage.setItem(KEY, JSON.stringify(settings));
      } catch {
        // storage full or denied: the choice still holds for this session
      }
      return { settings };
    }),
}));
