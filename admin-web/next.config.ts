import path from 'node:path';
import type { NextConfig } from 'next';
import { securityHeaders } from './lib/security-headers';

// The monorepo root: Turbopack resolves hoisted dependencies (root node_modules) and
// workspace packages from here, and output tracing copies files relative to it.
const monorepoRoot = path.join(__dirname, '..');

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // The lcp benchmark's production build goes to its own folder, beside a `next dev` in .next/.
  distDir: process.env.ADMIN_WEB_DIST_DIR || '.next',
  poweredByHeader: false,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders() }];
  },
  // The console's icon is app/icon.svg, linked from every page; Chromium still asks for /favicon.ico
  // when a page's address changes in place (the project switcher writes `?project=` into it), so that
  // answers with the same icon instead of a 404.
  async rewrites() {
    return [{ source: '/favicon.ico', destination: '/icon.svg' }];
  },
  experimental: {
    // No Turbopack cache on disk between `next dev` runs: a dev server that started on the cache
    // another one left (npm start after a browser suite, or one stopped mid-write) rebuilt and
    // reloaded every open page in a loop. Each start compiles afresh instead.
    turbopackFileSystemCacheForDev: false,
  },
  outputFileTracingRoot: monorepoRoot,
  // The SDK packages' entries are their built dist/ (absent in a fresh checkout): the console
  // compiles their TypeScript sources itself, so the browser runs the SDKs' own code.
  transpilePackages: ['@switchyard/core', '@switchyard/client', '@switchyard/react'],
  turbopack: {
    root: monorepoRoot,
    resolveAlias: {
      '@switchyard/core': '../sdk/core/src/index.ts',
      '@switchyard/client': {
        browser: '../sdk/client/src/browser.ts',
        default: '../sdk/client/src/index.ts',
      },
      '@switchyard/react': '../sdk/react/src/index.tsx',
    },
  },
};

export default nextConfig;
