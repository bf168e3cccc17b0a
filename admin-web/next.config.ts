import path from 'node:path';
import type { NextConfig } from 'next';

// The monorepo root: Turbopack resolves hoisted dependencies (root node_modules) and
// workspace packages from here, and output tracing copies files relative to it.
const monorepoRoot = path.join(__dirname, '..');

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  outputFileTracingRoot: monorepoRoot,
  // @switchyard/core ships TypeScript sources (its dist/ is built only for Node): the console
  // compiles them itself, so the browser evaluates with the very code the SDKs use.
  transpilePackages: ['@switchyard/core'],
  turbopack: {
    root: monorepoRoot,
    resolveAlias: { '@switchyard/core': '../sdk/core/src/index.ts' },
  },
};

export default nextConfig;
