import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Identity } from '@switchyard/server-kit';
import type { Express, NextFunction, Request, Response } from 'express';
import type { Credentials } from '../auth/authenticator';
import {
  bundleGraphiql,
  type GraphiqlAsset,
  type GraphiqlAssets,
  PREBUILT_ASSETS_DIR,
  readGraphiqlAssets,
} from './bundle';
import { graphiqlPage } from './page';
import { requireSignIn, SIGN_IN_SCRIPT, signInScript } from './sign-in';

export interface GraphiqlOptions {
  /** Same-origin GraphQL path the page sends operations (and, later, graphql-ws subscriptions) to. */
  endpoint: string;
  /** Directory holding a prebuilt bundle; when it is absent the bundle is built on first request. */
  prebuiltDir?: string;
  /**
   * Production: the landing pages (GraphiQL, and Apollo's on GET `endpoint`) only for callers
   * this accepts; others get a 401 sign-in page. Absent: open, as in development.
   */
  authenticate?: (creds: Credentials, req: IncomingMessage) => Promise<Identity>;
}

const ASSETS_BASE = '/graphiql/assets';

/** GraphiQL and the sign-in page load only same-origin scripts (no inline ones); none may be framed. */
export const LANDING_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
/** Apollo's page sets its own nonce-based script and style policy in a meta tag; this adds what a meta tag cannot. */
const APOLLO_PAGE_CSP = "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

// One loader per prebuilt directory and process, so every app mounted in a process (tests start
// several) shares a single bundling run.
const loaders = new Map<string, () => Promise<GraphiqlAssets>>();

/**
 * Returns the bundle, building it on first call. Not at startup: bundling takes seconds and most
 * gateway processes never serve GraphiQL. Concurrent callers share one promise; a failure is
 * forgotten so the next request tries again.
 */
export function graphiqlAssets(prebuiltDir: string = PREBUILT_ASSETS_DIR): Promise<GraphiqlAssets> {
  let load = loaders.get(prebuiltDir);
  if (!load) {
    let pending: Promise<GraphiqlAssets> | undefined;
    load = () => {
      pending ??= (async () => (await readGraphiqlAssets(prebuiltDir)) ?? bundleGraphiql())().catch(
        (err: unknown) => {
          pending = undefined;
          throw err;
        },
      );
      return pending;
    };
    loaders.set(prebuiltDir, load);
  }
  return load();
}

/** Serves an offline GraphiQL at /graphiql (no CDN), for machines without internet. */
export function mountGraphiql(app: Express, opts: GraphiqlOptions): void {
  const prebuiltDir = opts.prebuiltDir ?? PREBUILT_ASSETS_DIR;
  const page = graphiqlPage({ endpoint: opts.endpoint, assetsBase: ASSETS_BASE });
  const open = (_req: Request, _res: Response, next: NextFunction) => next();
  const guard = opts.authenticate ? requireSignIn(opts.authenticate, opts.endpoint) : open;
  app.use((req, res, next) => {
    if (req.method === 'GET' && req.path === '/graphiql')
      res.set('Content-Security-Policy', LANDING_PAGE_CSP);
    else if (req.method === 'GET' && req.path === opts.endpoint && req.headers.accept?.includes('text/html'))
      res.set('Content-Security-Policy', APOLLO_PAGE_CSP);
    next();
  });
  if (opts.authenticate) {
    app.get(SIGN_IN_SCRIPT, (_req, res) => {
      res.set('Cache-Control', 'no-cache').type('js').send(signInScript);
    });
    // Apollo's landing page answers browsers (Accept: text/html) on GET of the endpoint itself.
    app.get(opts.endpoint, (req, res, next) => {
      if (req.headers.accept?.includes('text/html')) guard(req, res, next);
      else next();
    });
  }

  app.get('/graphiql', guard, (_req, res) => {
    // Start bundling while the browser parses the page; asset requests await the same promise.
    graphiqlAssets(prebuiltDir).catch(() => undefined);
    res.set('Cache-Control', 'no-cache').type('html').send(page);
  });

  app.get(`${ASSETS_BASE}/*file`, async (req, res, next) => {
    let assets: GraphiqlAssets;
    try {
      assets = await graphiqlAssets(prebuiltDir);
    } catch (err) {
      next(err);
      return;
    }
    const file = req.params.file;
    const name = Array.isArray(file) ? file.join('/') : String(file);
    const asset = assets.get(name);
    if (!asset) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    sendAsset(req, res, name, asset);
  });
}

function sendAsset(req: Request, res: Response, name: string, asset: GraphiqlAsset): void {
  const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
  res.type(path.extname(name));
  res.vary('Accept-Encoding');
  // A strong validator names one representation, so the gzipped body gets its own.
  res.set('ETag', gzip ? `${asset.etag.slice(0, -1)}-gz"` : asset.etag);
  res.set('Cache-Control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  if (gzip) res.set('Content-Encoding', 'gzip');
  res.send(gzip ? asset.gzip : asset.body);
}
