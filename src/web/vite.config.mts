import vue from '@vitejs/plugin-vue';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
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

/**
 * Each script and style written beside its brotli and gzip forms at the strongest settings, once at
 * build time: the server sends them as they are (src/web-host) instead of compressing per request.
 */
function precompress(assetsDir: string): Plugin {
  const brotli = promisify(brotliCompress);
  const gzipped = promisify(gzip);
  return {
    name: 'precompress',
    apply: 'build',
    async closeBundle() {
      const files = readdirSync(assetsDir).filter((file) => /\.(js|css|svg)$/.test(file));
      await Promise.all(files.map(async (file) => {
        const path = resolve(assetsDir, file);
        const content = await readFile(path);
        await writeFile(`${path}.br`, await brotli(content, { params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: content.length } }));
        await writeFile(`${path}.gz`, await gzipped(content, { level: zlib.Z_BEST_COMPRESSION }));
      }));
    },
  };
}

/** The browser app: built into dist/web and served by the API at /; `npm run dev:web` proxies /api to it. */
export default defineConfig({
  root: here,
  base: '/',
  plugins: [
    vue(),
    // Each page imports the Element Plus components (and their styles) it uses, so the login page
    // carries a form and a button, not the whole library.
    Components({ dirs: [], dts: false, resolvers: [ElementPlusResolver({ importStyle: 'css', directives: true })] }),
    aceForFormio(resolve(projectRoot, 'dist/web')),
    precompress(resolve(projectRoot, 'dist/web/static')),
  ],
  define: {
    // Some of Form.io's dependencies still read Node's `global`.
    global: 'globalThis',
    // Only the composition API of vue-i18n is used: its legacy API, global components and devtools hooks stay out of the bundle.
    __VUE_I18N_LEGACY_API__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  resolve: { alias: { '@shared': resolve(projectRoot, 'src') } },
  build: {
    outDir: resolve(projectRoot, 'dist/web'),
    assetsDir: 'static',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    // Heavy libraries (Form.io, bpmn-js, ECharts) are left to the pages' dynamic imports: no page loads
    // one it does not use. Vue and Element Plus (the components the pages import, and their styles)
    // are one chunk each, cached for a year: split per page they made a claim page ask for 78 files,
    // and over HTTP/1.1's six connections the request count, not the bytes, set the time.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router|vue-i18n|@intlify)[\\/]/, priority: 30 },
            {
              name: 'element-plus',
              test: /node_modules[\\/](element-plus|@element-plus|lodash-es|lodash-unified|@vueuse|@floating-ui|@ctrl|@popperjs|async-validator|dayjs|normalize-wheel-es|memoize-one)[\\/]/,
              priority: 20,
            },
          ],
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
