import { unknownProjectParams } from '../../analysis/project-params.ts';
import { sitingParamsNoRunReads } from '../../analysis/siting-params.ts';
import type { ParamDef } from '../../analysis/params.ts';
import { LAYER_LIST } from '../index.ts';
import type { FacilityEdit, ScenarioSet } from '../../analysis/scenarios.ts';
import type { LayerDefinition, LayerId, Project, ValidationIssue } from '../types.ts';
import { IssueSink } from './issues.ts';
import { FieldReader } from './fields.ts';
import { readValue } from './geojson-layer.ts';

/**
 * What project.json holds that does nothing, as warnings naming project.json and the key or the
 * scenario edit (zh + en): `params` keys no analysis, rule or indicator reads (a typo such as
 * `turnout_time`, with the nearest known key) in `params` and in each scenario's `params`, siting
 * values no siting run with the project's own settings reads (`param-not-used`: `share` with
 * `model: mclp`; analysis/siting-params.ts sitingParamsNoRunReads), and scenario edits that do nothing (a facility id
 * the layer does not hold, a status outside the layer's list). Computed from the project as it is
 * now, so `analyze validate` and the app's layers panel list the same findings, and the panel's
 * list follows the project (a layer imported again, a scenario edited).
 * @param project - the project (its params, scenarios and facility layers)
 * @param extra - parameters read outside analysis/ (the indicators' INDICATOR_PARAMS)
 * @returns the warnings, unknown params first, then the scenario edits in their order
 * @example projectJsonFindings({ layers: {}, params: { hydrant_radius: 150 } })[0].field // 'params.hydrant_radius'
 */
export function projectJsonFindings(project: Pick<Project, 'layers' | 'params' | 'scenarios'>, extra: readonly ParamDef[] = []): ValidationIssue[] {
  const sink = new IssueSink();
  // a key no analysis reads is ignored and the default used: named, with the key it may have meant
  for (const { key, suggest } of unknownProjectParams(project.params, extra)) {
    sink.add('warning', 'unknown-param', 'project.json', { field: `params.${key}` }, {
      zh: `没有哪项分析使用参数“${key}”，该值被忽略，分析使用默认值${suggest ? `；是否应为“${suggest}”？` : '。'}`,
      en: `No analysis reads the parameter "${key}"; its value is ignored and the default used${suggest ? `. Did you mean "${suggest}"?` : '.'}`,
    });
  }
  // the same for the params of each stored scenario: `hydrant_radius: 100` in 方案二 ran that scenario at 150 m without a word
  project.scenarios?.list.forEach((sc, i) => {
    for (const { key, suggest } of unknownProjectParams(sc.params, extra)) {
      sink.add('warning', 'unknown-param', 'project.json', { field: `scenarios.list[${i}].params.${key}` }, {
        zh: `方案“${sc.name}”：没有哪项分析使用参数“${key}”，该值被忽略，该方案使用项目参数或默认值${suggest ? `；是否应为“${suggest}”？` : '。'}`,
        en: `Scenario "${sc.name}": no analysis reads the parameter "${key}"; its value is ignored and the scenario uses the project's value or the default${suggest ? `. Did you mean "${suggest}"?` : '.'}`,
      });
    }
  });
  // siting values no siting run with the project's own settings reads (share with model mclp …): `site` says the same of its run
  for (const u of sitingParamsNoRunReads(project.params)) sink.add('warning', 'param-not-used', 'project.json', { field: `params.${u.key}` }, u.message);
  project.scenarios?.list.forEach((sc, i) => {
    const scenario = { name: sc.name, params: sc.params ?? {} };
    for (const u of sitingParamsNoRunReads({ ...project.params, ...scenario.params }, scenario)) {
      if (u.origin.kind !== 'scenario') continue;
      sink.add('warning', 'param-not-used', 'project.json', { field: `scenarios.list[${i}].params.${u.key}` }, { zh: `方案“${sc.name}”：${u.message.zh}`, en: `Scenario "${sc.name}": ${u.message.en}` });
    }
  });
  if (project.scenarios) reportScenarioEdits(project, sink);
  return sink.finish();
}

/**
 * The edits of project.json scenarios that do nothing or something no analysis counts, reported
 * (warning, naming the scenario and the edit) against the layers as they are: an edit of a facility id
 * the data does not hold (a hand-written id, or the layer imported again since) is skipped by
 * applyScenario without a word, and a status edit to a value outside the layer's list makes the
 * facility count under no status.
 */
function reportScenarioEdits(project: Pick<Project, 'layers' | 'scenarios'>, sink: IssueSink): void {
  const defs = new Map<string, LayerDefinition>(LAYER_LIST.map((d) => [d.id, d]));
  const idsOf = new Map<string, Set<string>>();
  const ids = (layer: string): Set<string> => {
    let set = idsOf.get(layer);
    if (!set) {
      const data = project.layers[layer as LayerId];
      set = new Set(data?.kind === 'geojson' ? data.data.features.map((f) => String(f.properties?.id ?? '')) : (data?.ids ?? []));
      idsOf.set(layer, set);
    }
    return set;
  };
  project.scenarios?.list.forEach((sc, i) => {
    // facilities the scenario itself adds (a status edit of a proposed site is fine)
    const added = new Set<string>();
    sc.edits.forEach((e, j) => {
      const def = defs.get(e.layer);
      if (!def) return;
      const field = `scenarios.list[${i}].edits[${j}]`;
      if (e.op === 'add') {
        added.add(`${e.layer}\u0000${e.id}`);
        reportAddedValues(def, sc.name, j, e.id, e.properties, field, sink);
      }
      else if (!ids(e.layer).has(e.id) && !added.has(`${e.layer}\u0000${e.id}`)) {
        sink.add('warning', 'scenario-stale-edit', 'project.json', { field }, {
          zh: `方案“${sc.name}”的第 ${j + 1} 项修改针对${def.title.zh}“${e.id}”，但${def.title.zh}图层中没有这个编号（可能是图层重新导入过）；这项修改不起作用。`,
          en: `Edit ${j + 1} of scenario "${sc.name}" is for ${def.title.en} "${e.id}", which is not in the ${def.title.en} layer (it may have been imported again); the edit does nothing.`,
        });
      }
      const status = def.fields.find((f) => f.name === 'status' && f.type === 'enum');
      if (e.op === 'status' && status?.values && !status.values.some((v) => v.code === e.status)) {
        const allowed = status.values.map((v) => `${v.code}（${v.label.zh}）`).join('、');
        const allowedEn = status.values.map((v) => `${v.code} (${v.label.zh})`).join(', ');
        sink.add('warning', 'scenario-bad-status', 'project.json', { field: `${field}.status` }, {
          zh: `方案“${sc.name}”的第 ${j + 1} 项修改把${def.title.zh}“${e.id}”的状态设为“${e.status.slice(0, 40)}”，不是以下之一：${allowed}；各项分析不会按任何状态计算它。`,
          en: `Edit ${j + 1} of scenario "${sc.name}" sets the status of ${def.title.en} "${e.id}" to "${e.status.slice(0, 40)}", which is not one of: ${allowedEn}; no analysis counts it under any status.`,
        });
      }
    });
  });
}

/**
 * The scenarios of project.json with the values they give facilities read as each layer reads its
 * own file: a status 现有 or 拟建 becomes its code (existing, planned), a turnout_min of "2分钟" the
 * number 2 — the analyses match codes and numbers, so a station added as 现有 was counted under no
 * status. A value the layer would refuse stays as written (named by {@link projectJsonFindings},
 * used by no analysis); the scenarios' own shape is parseScenarios' (analysis/scenarios.ts).
 */
export function scenariosReadAsLayers(set: ScenarioSet): ScenarioSet {
  const defs = new Map<string, LayerDefinition>(LAYER_LIST.map((d) => [d.id, d]));
  const readEdit = (e: FacilityEdit): FacilityEdit => {
    const def = defs.get(e.layer);
    if (!def) return e;
    // a throwaway sink: what cannot be read stays as written and projectJsonFindings names it
    const reader = new FieldReader(def, 'project.json', new IssueSink());
    if (e.op === 'status') {
      const f = def.fields.find((x) => x.name === 'status' && x.type === 'enum');
      const code = f ? reader.readEnum(f, e.status, {}) : null;
      return code !== null && code !== e.status ? { ...e, status: code } : e;
    }
    if (e.op !== 'add') return e;
    let properties: Record<string, unknown> | null = null;
    for (const [key, raw] of Object.entries(e.properties)) {
      const f = reader.fieldFor(key);
      if (!f || f.name === def.idField || f.type === 'string' || FieldReader.isMissing(raw)) continue;
      const v = readValue(reader, f, raw, {});
      if (v === null || (v === raw && f.name === key)) continue;
      properties ??= { ...e.properties };
      // stored under the field's own name (状态 → status), as the layer stores its file's columns
      if (f.name !== key && !(f.name in properties)) delete properties[key];
      else if (f.name !== key) continue;
      properties[f.name] = v;
    }
    return properties ? { ...e, properties } : e;
  };
  return { ...set, list: set.list.map((sc) => ({ ...sc, edits: sc.edits.map(readEdit) })) };
}

/**
 * The values of a facility a scenario adds, read as the layer reads its own file (a station's
 * `turnout_min`, its `status` …): they reach the analyses without passing the loader, so one the
 * loader would refuse is named here (warning, the scenario, the edit and the field). The analyses
 * do not use such a value either (an own turnout outside 0–30 min falls back to the default).
 */
function reportAddedValues(def: LayerDefinition, scenario: string, j: number, id: string, properties: Readonly<Record<string, unknown>>, field: string, sink: IssueSink): void {
  const own = new IssueSink();
  const reader = new FieldReader(def, 'project.json', own);
  for (const [key, raw] of Object.entries(properties)) {
    const f = reader.fieldFor(key);
    if (!f || f.name === def.idField || FieldReader.isMissing(raw)) continue;
    readValue(reader, f, raw, {});
  }
  for (const i of own.finish()) {
    if (i.severity === 'info') continue;
    sink.add('warning', 'scenario-bad-value', 'project.json', { field: `${field}.properties.${i.field ?? ''}` }, {
      zh: `方案“${scenario}”的第 ${j + 1} 项修改新增的${def.title.zh}“${id}”：${i.message.zh}`,
      en: `Edit ${j + 1} of scenario "${scenario}" adds ${def.title.en} "${id}": ${i.message.en}`,
    });
  }
}
