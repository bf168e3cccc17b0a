import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { BuildOptions, OutputFile, Plugin } from 'esbuild';

/** One file of the GraphiQL bundle, ready to send. */
export interface GraphiqlAsset {
  body: Buffer;
  /** Precompressed body: the bundle is ~7 MB raw but ~2 MB gzipped, which matters on slow VPN links. */
  gzip: Buffer;
  /** Strong validator so browsers revalidate with a cheap 304 instead of re-downloading megabytes. */
  etag: string;
  /** Content-hashed chunk names never change content, so they may be cached forever. */
  immutable: boolean;
}

/** Asset path relative to the assets root (forward slashes, e.g. `chunks/foo-HASH.js`) to its file. */
export type GraphiqlAssets = Map<string, GraphiqlAsset>;

// Works from both src/graphiql (tsx, Jest) and dist/graphiql (built): both sit two levels below the package.
const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
const CLIENT_ENTRY = path.join(PACKAGE_ROOT, 'src', 'graphiql', 'client', 'main.mts');

/**
 * Where the gateway's `build` leaves the prebuilt bundle (dist/graphiql-assets), relative to this
 * module so only the built gateway finds it: running from src always bundles afresh, never
 * serving a stale build.
 */
export const PREBUILT_ASSETS_DIR = path.resolve(__dirname, '..', 'graphiql-assets');

/** Monaco's language workers, each its own classic-script entry so `new Worker(url)` can load it. */
export const WORKER_ENTRIES: Record<string, string> = {
  'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
  'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
  'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
};

// graphiql/style.css already contains Monaco's styles (and its codicon font inlined), so the
// per-widget CSS files Monaco's ESM sources import would only duplicate it.
const skipMonacoCss: Plugin = {
  name: 'skip-monaco-css',
  setup(build) {
    build.onResolve({ filter: /\.css$/ }, (args) =>
      args.importer.includes(`${path.sep}monaco-editor${path.sep}`)
        ? { path: args.path, namespace: 'skipped-css' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'skipped-css' }, () => ({ contents: '', loader: 'js' }));
  },
};

function commonOptions(outdir: string): BuildOptions {
  return {
    absWorkingDir: PACKAGE_ROOT,
    outdir,
    bundle: true,
    write: false,
    minify: true,
    platform: 'browser',
    target: ['es2022', 'chrome111', 'firefox115', 'safari16'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  };
}

/**
 * Bundles GraphiQL, React and Monaco for the browser: an ESM entry (lazy parts such as
 * Prettier split into hashed chunks) plus one script per Monaco worker. Nothing is fetched
 * from a CDN at run time, which is the point: many users have no internet.
 */
export async function bundleGraphiql(): Promise<GraphiqlAssets> {
  // Loaded only when bundling, so production with prebuilt assets never loads esbuild.
  const esbuild = await import('esbuild');
  const outdir = path.join(PACKAGE_ROOT, '.graphiql-out'); // virtual: write is false
  const [app, workers] = await Promise.all([
    esbuild.build({
      ...commonOptions(outdir),
      entryPoints: { graphiql: CLIENT_ENTRY },
      format: 'esm',
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      plugins: [skipMonacoCss],
    }),
    esbuild.build({
      ...commonOptions(outdir),
      entryPoints: WORKER_ENTRIES,
      // Classic scripts rather than module workers: Firefox before 114 cannot start module workers.
      format: 'iife',
      plugins: [skipMonacoCss],
    }),
  ]);
  return toAssets(
    [...(app.outputFiles ?? []), ...(workers.outputFiles ?? [])].map((file) => [
      path.relative(outdir, file.path).split(path.sep).join('/'),
      outputBytes(file),
    ]),
  );
}

function outputBytes(file: OutputFile): Buffer {
  return Buffer.from(file.contents.buffer, file.contents.byteOffset, file.contents.byteLength);
}

const gzip = promisify(zlib.gzip);

async function toAsset(name: string, body: Buffer): Promise<GraphiqlAsset> {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
  return { body, gzip: await gzip(body), etag: `"${hash}"`, immutable: name.startsWith('chunks/') };
}

async function toAssets(files: [name: string, body: Buffer][]): Promise<GraphiqlAssets> {
  // Compressed in parallel on libuv's thread pool, so this adds little to the bundling time.
  return new Map(
    await Promise.all(files.map(async ([name, body]) => [name, await toAsset(name, body)] as const)),
  );
}

/** Writes a bundle to disk (the gateway's `build` step does this into dist/graphiql-assets). */
export async function writeGraphiqlAssets(assets: GraphiqlAssets, dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  for (const [name, asset] of assets) {
    const file = path.join(dir, ...name.split('/'));
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, asset.body);
  }
}

/** Reads a bundle written by `writeGraphiqlAssets`; undefined when the directory is absent. */
export async function readGraphiqlAssets(dir: string): Promise<GraphiqlAssets | undefined> {
  let names: string[];
  try {
    names = (await fs.readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return toAssets(
    await Promise.all(
      names.map(
        async (name) =>
          [name.split(path.sep).join('/'), await fs.readFile(path.join(dir, name))] as [string, Buffer],
      ),
    ),
  );
}
