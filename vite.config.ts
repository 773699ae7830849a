import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is loaded from file:// by Electron and from the headless host over HTTP,
// so every asset path must be relative.
export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    rollupOptions: {
      input: {
        cashier: resolve(import.meta.dirname, 'renderer/index.html'),
        display: resolve(import.meta.dirname, 'renderer/display.html'),
      },
    },
  },
});
