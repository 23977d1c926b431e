import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds the page into packages/annotate/ui-dist, where the annotate server reads it (into memory)
 * at start-up. Preact's JSX runtime through Vite's own Oxc transform: no extra plugin needed.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../annotate/ui-dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // One small script and stylesheet; no inline scripts, so the server's CSP can forbid them.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
