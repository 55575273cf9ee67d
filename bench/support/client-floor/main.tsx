// The smallest React 19 page: the baseline of the `clientJsBeforeFirstPage` figure (bench/client-size.ts).
// Built by the same Vite and React plugin as the app, it is what any React page ships before its own code.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <p>こんにちは</p>
  </StrictMode>,
);
