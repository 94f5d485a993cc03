import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { flushSavedUi } from './state/store';

/** Renders the app into #root (loaded by src/main.tsx once the project's load has started). */
export function mount(): void {
  performance.mark('coverage:mount');
  window.addEventListener('pagehide', flushSavedUi);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
