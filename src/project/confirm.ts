import { create } from 'zustand';
import type { Messages } from '../i18n';

/** The words of a confirmation, picked from the current language's strings when shown. */
export type ConfirmText = (t: Messages['import']) => { title: string; message: string; ok: string };

interface ConfirmRequest {
  text: ConfirmText;
  /** Marks the confirming button as destructive (red). */
  danger: boolean;
  answer(ok: boolean): void;
}

/** The confirmation waiting for the user, if any (shown by ConfirmDialog). */
export const useConfirmStore = create<{ request: ConfirmRequest | null }>()(() => ({ request: null }));

/**
 * Asks the user in the app's own dialog (not `window.confirm`); resolves true for the confirming
 * button, false for 取消 / Esc. A newer question answers an older one with false.
 * @param text - picks title, message and button label from the UI strings
 * @param opts - `danger`: the action destroys data
 */
export function askConfirm(text: ConfirmText, opts: { danger?: boolean } = {}): Promise<boolean> {
  useConfirmStore.getState().request?.answer(false);
  return new Promise<boolean>((resolve) => {
    const request: ConfirmRequest = {
      text,
      danger: !!opts.danger,
      answer: (ok) => {
        if (useConfirmStore.getState().request === request) useConfirmStore.setState({ request: null });
        resolve(ok);
      },
    };
    useConfirmStore.setState({ request });
  });
}
