import { writeKml, type KmlFolder } from '../../analysis/kml-export.ts';
import type { Lang } from '../../layers/types.ts';
import { resultFeatures, type ResultLayer } from '../state/results-slice.ts';

/**
 * Result layers (the ones an analysis drew on the map) as one KML document for 奥维互动地图 or Google
 * Earth: a folder per layer named by its title, in its legend colour; each feature's declared
 * fields under their labels in the UI language (with the unit), and the first text field (or the
 * layer title and a number) as the placemark name. Features without geometry are left out.
 *
 * @param layers - the result layers to write, in order
 * @param lang - 'zh' or 'en'
 * @param documentName - the list title shown in 奥维 / Google Earth
 * @returns KML text (UTF-8 when saved)
 */
export function resultLayersKml(layers: readonly ResultLayer[], lang: Lang, documentName: string): string {
  const folders: KmlFolder[] = layers.map((l) => {
    const title = l.title[lang];
    const fields = l.fields ?? [];
    const nameField = fields.find((f) => f.type === 'string')?.name;
    const features = resultFeatures(l)
      .filter((f) => f.geometry !== null)
      .map((f, i) => {
        const p = f.properties ?? {};
        const props: Record<string, unknown> = {};
        const named = nameField !== undefined && p[nameField] !== null && p[nameField] !== undefined && p[nameField] !== '' ? String(p[nameField]) : `${title} ${i + 1}`;
        if (fields.length === 0) {
          for (const [k, v] of Object.entries(p)) if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) props[k] = v;
        } else {
          for (const fd of fields) {
            const unit = fd.unit ? (lang === 'zh' ? `（${fd.unit[lang]}）` : ` (${fd.unit[lang]})`) : '';
            const v = p[fd.name];
            const label = fd.values?.find((e) => e.code === v)?.label[lang];
            props[`${fd.label[lang]}${unit}`] = label ?? (v === undefined ? null : v);
          }
        }
        return { geometry: f.geometry, properties: props, name: named };
      });
    const color = l.legend.find((e) => /^#[0-9a-fA-F]{6}$/.test(e.color))?.color;
    return { name: title, features, ...(color ? { color } : {}) };
  });
  return writeKml(folders, { documentName });
}
