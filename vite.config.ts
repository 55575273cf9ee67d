// Builds the web client from client/ into dist/client, which the server serves.
// In development (`npm run dev`) Vite proxies the API to the server on port 3000.
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = { target: 'http://127.0.0.1:3000', changeOrigin: false };

export default defineConfig({
  root: 'client',
  plugins: [react(), tailwindcss()],
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  server: { proxy: { '/trpc': api, '/api': api, '/healthz': api } },
});
