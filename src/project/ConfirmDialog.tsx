import { useEffect, useRef } from 'react';
import { useT } from '../i18n';
import { useConfirmStore } from './confirm';

/** The app's confirmation dialog (see `askConfirm`): the safe choice 取消 has the focus; Esc cancels. */
export function ConfirmDialog() {
  const t = useT().import;
  const request = useConfirmStore((s) => s.request);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!request) return;
    cancel.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') request.answer(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [request]);
  if (!request) return null;
  const text = request.text(t);
  return (
    <div className="import-backdrop">
      <div className="import-dialog confirm-dialog" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-message" data-testid="confirm-dialog">
        <h2 id="confirm-title">{text.title}</h2>
        <p id="confirm-message">{text.message}</p>
        <div className="import-buttons">
          <button type="button" ref={cancel} onClick={() => request.answer(false)} data-testid="confirm-cancel">
            {t.cancel}
          </button>
          <button type="button" className={request.danger ? 'primary danger' : 'primary'} onClick={() => request.answer(true)} data-testid="confirm-ok">
            {text.ok}
          </button>
        </div>
      </div>
    </div>
  );
}
