// Entry point of the web client.
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { z } from 'zod';
import { App } from './App.tsx';
import './i18n/index.ts';
import './styles.css';
import { queryClient } from './trpc.ts';

// zod compiles its validators with `new Function` unless told not to, which the browser reports as a
// content-security problem; the forms validate a few fields, so the interpreted path costs nothing.
z.config({ jitless: true });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
