// Size of the browser client as an application ships it: @switchyard/client's browser entry with the evaluation
// core and the transport (urql, graphql-ws), bundled and minified by esbuild, then gzipped.

import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { BenchmarkResult } from '../result';

const TARGET_GZIP_BYTES = 25 * 1024;

const entries = [
  { name: '@switchyard/client (browser)', entry: 'sdk/client/src/browser.ts' },
  { name: '@switchyard/core alone', entry: 'sdk/core/src/index.ts' },
];

async function measure(entry: string): Promise<{ minified: number; gzipped: number }> {
  const result = await build({
    entryPoints: [path.join(__dirname, '..', '..', '..', entry)],
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
  for (const { name, entry } of entries) {
    const size = await measure(entry);
    if (entry.includes('client')) client = size;
    rows.push({ bundle: name, minified: kb(size.minified), gzipped: kb(size.gzipped) });
  }
  const verdict = client.gzipped <= TARGET_GZIP_BYTES ? 'under' : 'OVER';
  return {
    name: 'sdk-bundle-size',
    rows,
    summary: `browser client ${kb(client.gzipped)} gzipped (${kb(client.minified)} minified), ${verdict} the 25 KB target, transport included`,
  };
}
