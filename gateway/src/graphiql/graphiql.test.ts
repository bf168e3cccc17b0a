import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { readGraphiqlAssets, WORKER_ENTRIES, writeGraphiqlAssets } from './bundle';
import { graphiqlAssets, mountGraphiql } from './index';

// A directory that never exists, so the app below bundles lazily the way `npm start` does.
const NO_PREBUILT = path.join(os.tmpdir(), 'switchyard-graphiql-none');

async function listen(app: express.Express): Promise<{ base: string; close(): Promise<void> }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

function statusOf(url: string, headers: http.OutgoingHttpHeaders): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': 'gzip', ...headers } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
      .on('error', reject);
  });
}

function graphiqlApp(prebuiltDir: string): express.Express {
  const app = express();
  mountGraphiql(app, { endpoint: '/graphql', prebuiltDir });
  return app;
}

describe('offline GraphiQL', () => {
  let server: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    server = await listen(graphiqlApp(NO_PREBUILT));
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves a page whose every URL is on the gateway', async () => {
    const res = await fetch(`${server.base}/graphiql`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/graphiql/assets/graphiql.js"></script>');
    expect(html).toContain('href="/graphiql/assets/graphiql.css"');
    expect(html).toContain('data-endpoint="/graphql"');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('bundles once for concurrent first requests and serves the script, styles and workers', async () => {
    const first = graphiqlAssets(NO_PREBUILT);
    expect(graphiqlAssets(NO_PREBUILT)).toBe(first);

    const names = ['graphiql.js', ...Object.keys(WORKER_ENTRIES).map((worker) => `${worker}.js`)];
    const responses = await Promise.all(names.map((name) => fetch(`${server.base}/graphiql/assets/${name}`)));
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/javascript/);
      const body = await res.text();
      expect(body.length).toBeGreaterThan(10_000);
      // No CDN fallbacks may sneak in through a dependency's default setup.
      expect(body).not.toMatch(/esm\.sh|unpkg\.com|jsdelivr|cdnjs/);
    }

    const css = await fetch(`${server.base}/graphiql/assets/graphiql.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    expect(await css.text()).toContain('.graphiql-container');
  });

  it('loads lazy chunks relative to the entry, revalidates with ETags and 404s unknown files', async () => {
    const assets = await graphiqlAssets(NO_PREBUILT);
    const chunk = [...assets.keys()].find((name) => name.startsWith('chunks/'));
    expect(chunk).toBeDefined();
    const chunkRes = await fetch(`${server.base}/graphiql/assets/${chunk}`);
    expect(chunkRes.status).toBe(200);
    expect(chunkRes.headers.get('cache-control')).toContain('immutable');

    const entry = await fetch(`${server.base}/graphiql/assets/graphiql.js`);
    const etag = entry.headers.get('etag');
    expect(etag).toBeTruthy();
    // Plain http rather than fetch: fetch adds `Cache-Control: no-cache` to conditional requests.
    expect(
      await statusOf(`${server.base}/graphiql/assets/graphiql.js`, { 'if-none-match': etag ?? '' }),
    ).toBe(304);

    expect((await fetch(`${server.base}/graphiql/assets/nope.js`)).status).toBe(404);
  });

  it('serves a prebuilt bundle from disk, as the built gateway does', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'graphiql-assets-'));
    try {
      await writeGraphiqlAssets(await graphiqlAssets(NO_PREBUILT), dir);
      const fromDisk = await readGraphiqlAssets(dir);
      expect(fromDisk?.has('graphiql.js')).toBe(true);

      const prebuilt = await listen(graphiqlApp(dir));
      try {
        const res = await fetch(`${prebuilt.base}/graphiql/assets/editor.worker.js`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/javascript/);
      } finally {
        await prebuilt.close();
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
