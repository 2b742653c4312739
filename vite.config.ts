// Builds the renderer (renderer/ → dist/renderer). The base is relative so that the same
// build loads from the web host (http://127.0.0.1:PORT/), from a file: URL and from an
// Electron custom protocol alike.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [svelte({ configFile: resolve(import.meta.dirname, 'svelte.config.js') })],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    // The dev server may read the shared/ folder beside renderer/.
    fs: { allow: ['..'] },
  },
});
