// @switchyard/client for Node: the last known config in a file, WebSockets through `ws` where Node has none.

import { createClientOn, type SwitchyardClient } from './client';
import { FileConfigCache } from './file-cache';
import { localEvaluation } from './flag-set-state';
import { UrqlTransport } from './transport';
import type { ClientOptions } from './types';

export * from './shared-exports';
export { FileConfigCache, localEvaluation };

function nodeWebSocket(): unknown {
  const global = (globalThis as { WebSocket?: unknown }).WebSocket;
  if (global) return global;
  // Node 20 has no global WebSocket.
  return require('ws');
}

/** Creates a client. Never throws and never blocks: it serves what it knows until the network answers. */
export function createClient(options: ClientOptions): SwitchyardClient {
  const environment = options?.environment ?? 'production';
  return createClientOn(options, {
    localEvaluation,
    cache:
      options?.cache === false || !options?.url
        ? null
        : (options.cache ?? FileConfigCache.forClient(options.url, options.sdkKey ?? '', environment)),
    createTransport: (o) =>
      new UrqlTransport({
        url: o.url,
        sdkKey: o.sdkKey,
        fetch: o.fetch,
        webSocketImpl: o.webSocketImpl ?? nodeWebSocket(),
      }),
  });
}
