/**
 * A default parameter of an analysis, with the source it comes from (shared/STANDARDS.md).
 * `key` is the CLI option name and the key in project.json `params`.
 */
export interface ParamDef<T = number | string | boolean> {
  key: string;
  value: T;
  unit?: string;
  label: { zh: string; en: string };
  /** Where the default comes from; `confirm: true` when no standard was found and the user should confirm it. */
  source: { zh: string; en: string };
  confirm?: boolean;
  min?: number;
  max?: number;
}

/** Resolve option values: explicit options over project params over defaults. */
export function resolveParams<T extends Record<string, unknown>>(
  defs: readonly ParamDef[],
  ...overrides: (Record<string, unknown> | undefined)[]
): T {
  const out: Record<string, unknown> = Object.create(null);
  for (const d of defs) out[d.key] = d.value;
  for (const o of overrides) {
    if (!o) continue;
    for (const d of defs) {
      if (Object.prototype.hasOwnProperty.call(o, d.key) && o[d.key] !== undefined) {
        const v = o[d.key];
        out[d.key] = typeof d.value === 'number' && typeof v === 'string' ? Number(v) : v;
      }
    }
  }
  return { ...out } as T;
}
