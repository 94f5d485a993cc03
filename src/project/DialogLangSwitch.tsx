import { useT } from '../i18n';
import { useAppStore } from '../state/store';

/**
 * The 中文 / English switch inside a modal import dialog: the header's switch lies under the
 * dialog's backdrop, so until session 20 a problem shown in the dialog could not be read in the
 * other language without closing the dialog (and losing the check).
 */
export function DialogLangSwitch({ testId }: { testId: string }) {
  const t = useT().common;
  const lang = useAppStore((s) => s.ui.lang);
  return (
    <button type="button" className="dialog-lang" title={t.language} data-testid={testId} onClick={() => useAppStore.getState().setLang(lang === 'zh' ? 'en' : 'zh')}>
      {t.switchLanguage}
    </button>
  );
}
