/// <reference types="vitest" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` proxies the APIs to a `keyward serve` on :8080 (make run).
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/installer-links': 'http://127.0.0.1:8080',
    },
  },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
