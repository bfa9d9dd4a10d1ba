import vue from '@vitejs/plugin-vue';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '../..');

/** The browser app: built into dist/web and served by the API at /; `npm run dev:web` proxies /api to it. */
export default defineConfig({
  root: here,
  base: '/',
  plugins: [vue()],
  // Some of Form.io's dependencies still read Node's `global`.
  define: { global: 'globalThis' },
  resolve: { alias: { '@shared': resolve(projectRoot, 'src') } },
  build: {
    outDir: resolve(projectRoot, 'dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      output: {
        // Heavy libraries in their own chunks, loaded only by the pages that need them.
        manualChunks(id: string) {
          // Form.io too: the staff forms' renderer must not carry the administrators' builder.
          // bpmn-js is left to the dynamic imports: the claim page's viewer must not carry the modeler.
          if (id.includes('node_modules/element-plus')) return 'element-plus';
          return undefined;
        },
      },
    },
  },
  server: {
    port: 5173,
    fs: { allow: [projectRoot] },
    proxy: { '/api': { target: process.env.API_URL ?? 'http://127.0.0.1:3000', changeOrigin: true } },
  },
});
