import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev -w @billing/admin`: hot reload on :5173, the API (npm start) on :3000 behind /v1.
// The built console is served by the API at /, so base stays "/".
export default defineConfig({
  base: '/',
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/v1': { target: process.env.API_URL ?? 'http://localhost:3000', changeOrigin: true } },
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
