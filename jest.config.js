/** Unit specs beside the code; integration and end-to-end tests under test/ against the running stack. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.spec.json' }];
const esmToCommonJs = ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', isolatedModules: true } }];
/**
 * Dependencies published as ES modules only. Node loads them from our CommonJS build (require of an
 * ES module), but the test runner's module system cannot on Node 20: they are compiled to CommonJS
 * like our own code (the BPMN parser and its helpers, for the shipped flows' lint spec; pdf.js, for the
 * e-invoice reader's specs, whose `.mjs` files also need `import.meta.url` replaced).
 */
const ESM_PACKAGES = ['bpmn-moddle', 'moddle', 'moddle-xml', 'min-dash', 'saxen', 'pdfjs-dist'];
const modules = {
  transform: { '^.+\\.ts$': tsJest, '^.+\\.js$': esmToCommonJs, '^.+\\.mjs$': '<rootDir>/test/setup/esm-module-transform.js' },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
};

module.exports = {
  // End-to-end tests wait on real screening and retries; unit specs finish long before this.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/src'],
      testMatch: ['**/*.spec.ts'],
      ...modules,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      ...modules,
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
