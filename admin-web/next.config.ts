import path from 'node:path';
import type { NextConfig } from 'next';

// The monorepo root: Turbopack resolves hoisted dependencies (root node_modules) and
// workspace packages from here, and output tracing copies files relative to it.
const monorepoRoot = path.join(__dirname, '..');

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  outputFileTracingRoot: monorepoRoot,
  turbopack: {
    root: monorepoRoot,
  },
};

export default nextConfig;
