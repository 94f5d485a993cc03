import { useState } from 'react';
import { activeScenario, freeName, scenarioLabel, scenariosOf } from '../../analysis/scenarios';
import { useT } from '../i18n';
import { useAppStore } from '../state/store';
import { askConfirm } from './confirm';

/**
 * The scenario switcher of the top bar: the active scenario (现状, 规划, 方案A …), and copy, rename
 * and delete. Each change is one undo step, saved with the work (src/state/scenario-slice.ts).
 */
export function ScenarioSwitcher() {
  const t = useT().scenarios;
  const project = useAppStore((s) => s.project.project);
  const lang = useAppStore((s) => s.ui.lang);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!project) return null;
  const set = scenariosOf(project);
  const active = activeScenario(project);
  const copyHint = freeName(set, t.copyName(scenarioLabel(active, lang)));
  const act = (f: () => void) => {
    try {
      f();
      setError(null);
      setName('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const store = useAppStore.getState;
  // a scenario holding the user's edits (adopted stations, hydrants, sites, plot decisions) is deleted only when confirmed
  const remove = async () => {
    const { id, edits } = active;
    const shown = scenarioLabel(active, lang);
    if (edits.length > 0) {
      const ok = await askConfirm((m) => ({ title: m.scenarioDeleteTitle, message: m.scenarioDeleteMessage(shown, edits.length), ok: m.scenarioDeleteOk }), { danger: true });
      if (!ok) return;
    }
    act(() => store().scenarioAction('delete', { id }));
  };
  return (
    <span className="scenario-switcher" data-testid="scenario-switcher" data-active={active.name}>
      <label>
        {t.label}{' '}
        <select value={active.id} title={t.switchTo} onChange={(e) => act(() => store().scenarioAction('switch', { id: e.target.value }))} data-testid="scenario-select">
          {set.list.map((s) => (
            <option key={s.id} value={s.id}>
              {scenarioLabel(s, lang)}
              {s.edits.length ? ` · ${t.edits(s.edits.length)}` : ''}
            </option>
          ))}
        </select>
      </label>{' '}
      {/* as wide as its hint, 8 to 16 characters ("Current copy" was cut to "Current cop" at 8) */}
      <input value={name} placeholder={copyHint} onChange={(e) => setName(e.target.value)} size={Math.min(16, Math.max(8, copyHint.length))} aria-label={t.copyPrompt} className="scenario-name" data-testid="scenario-name" />{' '}
      <button type="button" onClick={() => act(() => store().scenarioAction('copy', { name: name.trim() || copyHint }))} data-testid="scenario-copy">
        {t.copy}
      </button>{' '}
      <button type="button" disabled={!name.trim()} onClick={() => act(() => store().scenarioAction('rename', { id: active.id, name }))} data-testid="scenario-rename">
        {t.rename}
      </button>{' '}
      <button type="button" disabled={set.list.length <= 1} title={t.deleteConfirm(scenarioLabel(active, lang))} onClick={() => void remove()} data-testid="scenario-delete">
        {t.delete}
      </button>
      {error ? (
        <span role="alert" className="work-save-error" data-testid="scenario-error">
          {error.split('\n')[lang === 'zh' ? 0 : 1] ?? error}
        </span>
      ) : null}
    </span>
  );
}
