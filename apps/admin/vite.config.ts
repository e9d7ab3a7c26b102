import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// `npm run dev -w @billing/admin`: hot reload on :5173, the API (npm start) on :3000 behind /v1.
// The built console is served by the API at /, so base stays "/".
export default defineConfig({
  base: '/',
  plugins: [react()],
  // The console uses the domain's rules themselves (purchase and threshold bounds, minutes of N blocks):
  // compiled from its pure TypeScript sources, not from the CommonJS build the API loads.
  resolve: { alias: { '@billing/domain': fileURLToPath(new URL('../../libs/domain/src/index.ts', import.meta.url)) } },
  server: {
    port: 5173,
    proxy: { '/v1': { target: process.env.API_URL ?? 'http://localhost:3000', changeOrigin: true } },
  },
  // The manifest tells which chunks the entry loads up front (test/console measures the login page's share).
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    // The entry (React, MUI, react-admin's UI) is ~610 kB minified, ~196 kB gzip; test/console holds the gzip budget.
    chunkSizeWarningLimit: 700,
    // ra-core re-exports its own modules in cycles; split across lazy chunks they would load out of order.
    rollupOptions: { output: { manualChunks: (id) => (id.includes('/node_modules/ra-core/') ? 'ra-core' : undefined) } },
  },
});
