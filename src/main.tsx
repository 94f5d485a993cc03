import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import { App } from './App';
import { flushSavedUi } from './state/store';

// public/browser-check.js has already shown its message when the browser lacks what the app needs.
if (!document.documentElement.hasAttribute('data-unsupported')) {
  window.addEventListener('pagehide', flushSavedUi);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
