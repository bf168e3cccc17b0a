// Size of the browser client as an application ships it: @switchyard/client's browser entry with the evaluation
// core and the transport (urql, graphql-ws), bundled and minified by esbuild, then gzipped.

import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { BenchmarkResult } from '../result';

const TARGET_GZIP_BYTES = 25 * 1024;

// The browser client evaluates through the graph; local evaluation (the core) is opt-in, measured separately.
const entries = [
  { name: '@switchyard/client (browser)', entry: 'sdk/client/src/browser.ts' },
  {
    name: '@switchyard/client (browser) + local-evaluation',
    entry: 'sdk/client/src/browser.ts',
    extra: 'sdk/client/src/local-evaluation.ts',
  },
  { name: '@switchyard/core alone', entry: 'sdk/core/src/index.ts' },
];

const repoRoot = path.join(__dirname, '..', '..', '..');

async function measure(entry: string, extra?: string): Promise<{ minified: number; gzipped: number }> {
  const imports = [entry, extra].filter(Boolean).map((e) => `export * from ${JSON.stringify(`./${e}`)};`);
  const result = await build({
    stdin: { contents: imports.join('\n'), resolveDir: repoRoot, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    conditions: ['development', 'browser'],
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function run(): Promise<BenchmarkResult> {
  const rows: Record<string, string | number>[] = [];
  let client = { minified: 0, gzipped: 0 };
  for (const { name, entry, extra } of entries) {
    const size = await measure(entry, extra);
    if (entry.includes('client') && !extra) client = size;
    rows.push({ bundle: name, minified: kb(size.minified), gzipped: kb(size.gzipped) });
  }
  const verdict = client.gzipped <= TARGET_GZIP_BYTES ? 'under' : 'OVER';
  return {
    name: 'sdk-bundle-size',
    rows,
    current: { figure: `browser client ${kb(client.gzipped)} gzipped`, target: '< 25 KB gzipped', peer: '—' },
    summary: `browser client ${kb(client.gzipped)} gzipped (${kb(client.minified)} minified), ${verdict} the 25 KB target, transport included`,
  };
}
