/**
 * Jest transform for dependencies published as `.mjs` ES modules (pdf.js): compiled to CommonJS
 * like the other ES-only packages, with `import.meta.url` (which CommonJS cannot parse) replaced by
 * the file's own URL.
 */
const { createTransformer } = require('ts-jest').default;

const tsJest = createTransformer({ tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', isolatedModules: true } });
const withoutImportMeta = (source) => source.replace(/import\.meta\.url/g, "(\"file://\" + __filename)");

module.exports = {
  process: (source, filename, options) => tsJest.process(withoutImportMeta(source), filename, options),
  getCacheKey: (source, filename, options) => tsJest.getCacheKey(withoutImportMeta(source), filename, options),
};
