// Vite build of the bpmc web application. `npm run build` writes dist/ (index.html plus hashed
// files under dist/assets/), which the Makefile embeds into build/bpmc. The dev and preview
// servers proxy /api to a running `bpmc serve` (BPMC_API, default http://127.0.0.1:8080).
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

const api = process.env.BPMC_API ?? 'http://127.0.0.1:8080';
const proxy = { '/api': { target: api, changeOrigin: false } };

export default defineConfig({
  plugins: [preact({ prerender: { enabled: false } })],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2020',
    sourcemap: false,
    // the polyfill would be inlined into index.html; CSP forbids inline scripts
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    reportCompressedSize: true,
  },
  server: { proxy },
  preview: { proxy },
});
