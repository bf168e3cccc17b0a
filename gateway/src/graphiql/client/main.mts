// Browser entry of the gateway's offline GraphiQL, bundled by ../bundle.ts. Kept as .mts so the
// Node build (which compiles src/**/*.ts) leaves it out and TypeScript can import the ESM-only
// graphiql packages.
import './monaco-workers.mjs';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

// No DOM lib in the gateway's tsconfig: declare the few browser globals this file touches.
declare const document: {
  getElementById(id: string): (Element & { dataset: DOMStringMap }) | null;
  cookie: string;
};
declare const location: { protocol: string; host: string; origin: string };
type DOMStringMap = Record<string, string | undefined>;

const DEFAULT_QUERY = `# Switchyard's federated graph, through this gateway.
# Operations that need a user: open Headers below
# and paste { "Authorization": "Bearer <token>" }

{
  flags {
    totalCount
  }
}
`;

const root = document.getElementById('graphiql');
if (!root) throw new Error('GraphiQL: #graphiql element missing from the page');
const endpoint = root.dataset.endpoint ?? '/graphql';

// Set by the production sign-in page (see ../sign-in.ts); sent as a header, never as a cookie.
const token = document.cookie
  .split(';')
  .map((c) => c.trim())
  .find((c) => c.startsWith('switchyard_token='))
  ?.slice('switchyard_token='.length);
const authorization = token ? `Bearer ${decodeURIComponent(token)}` : null;

const fetcher = createGraphiQLFetcher({
  // Same origin, so it works behind whatever host name users reach the gateway by.
  url: new URL(endpoint, location.origin).href,
  // Opened only when a subscription runs, for when the gateway serves graphql-ws on this path.
  subscriptionUrl: `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${endpoint}`,
  ...(authorization
    ? { headers: { Authorization: authorization }, wsConnectionParams: { authorization } }
    : {}),
});

// React clears the page's "Loading…" placeholder on first render.
createRoot(root).render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery: DEFAULT_QUERY,
    // Pasted `Authorization` headers are sent with every request; GraphiQL keeps them out of
    // localStorage by default (shouldPersistHeaders stays false), which suits bearer tokens.
    isHeadersEditorEnabled: true,
  }),
);
