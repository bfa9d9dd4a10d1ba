/** Unit specs beside the code; integration and end-to-end tests under test/ against the running stack. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.spec.json' }];
const esmToCommonJs = ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', isolatedModules: true } }];
const ESM_PACKAGES = ['bpmn-moddle', 'moddle', 'moddle-xml', 'min-dash', 'saxen'];

module.exports = {
  // End-to-end tests wait on real screening and retries; unit specs finish long before this.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/src'],
      testMatch: ['**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest, '^.+\\.js$': esmToCommonJs },
      // The BPMN parser and its helpers are ES modules, which Node loads but the test runner's module
      // system cannot: they are compiled to CommonJS like our own code (the shipped flows' lint spec).
      transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
