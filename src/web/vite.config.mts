import vue from '@vitejs/plugin-vue';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpSync, mkdirSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '../..');

/**
 * The Ace editor the Form.io builder loads for its code fields (custom validation, calculated values),
 * served by the product itself: stations have no internet and the CSP allows only our own scripts.
 */
const ACE_FILES = ['ace.js', 'ext-language_tools.js', 'ext-searchbox.js', 'theme-xcode.js', ...['javascript', 'json', 'html', 'css', 'xml'].flatMap((language) => [`mode-${language}.js`, `worker-${language}.js`])];
function aceForFormio(outDir: string): Plugin {
  return {
    name: 'ace-for-formio',
    apply: 'build',
    closeBundle() {
      const target = resolve(outDir, 'vendor/ace');
      mkdirSync(target, { recursive: true });
      for (const file of ACE_FILES) cpSync(resolve(projectRoot, 'node_modules/ace-builds/src-min-noconflict', file), resolve(target, file));
    },
  };
}

/** The browser app: built into dist/web and served by the API at /; `npm run dev:web` proxies /api to it. */
export default defineConfig({
  root: here,
  base: '/',
  plugins: [vue(), aceForFormio(resolve(projectRoot, 'dist/web'))],
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
