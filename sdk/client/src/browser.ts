// @switchyard/client for browsers: the last known config in localStorage, queued events sent with a beacon when the
// page hides.

import { LocalStorageConfigCache } from './caches';
import { createClientOn, type SwitchyardClient } from './client';
import { besideGraphql, UrqlTransport } from './transport';
import type { AnalyticsEvent, ClientOptions } from './types';

export * from './shared-exports';

interface PageEvents {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
  visibilityState?: string;
}

function onPageHide(flush: () => void): () => void {
  const window = (globalThis as { window?: PageEvents }).window;
  const document = (globalThis as { document?: PageEvents }).document;
  if (!window || !document) return () => {};
  // visibilitychange → hidden is the last event mobile browsers reliably fire; pagehide covers bfcache and unload.
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', flush);
  return () => {
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('pagehide', flush);
  };
}

/** The gateway's `POST /events` beside its GraphQL endpoint (`…/graphql` → `…/events`). */
export function eventsUrl(graphqlUrl: string): string {
  return besideGraphql(graphqlUrl, 'events');
}

/**
 * Queues a batch with `navigator.sendBeacon`, which the browser delivers even after the page is gone. A beacon
 * cannot carry headers, so the key goes in the body; a text/plain body needs no CORS preflight.
 */
function beacon(options: ClientOptions, events: AnalyticsEvent[]): boolean {
  const navigator = (globalThis as { navigator?: { sendBeacon?: (url: string, body: string) => boolean } })
    .navigator;
  if (typeof navigator?.sendBeacon !== 'function') return false;
  const body = JSON.stringify({ apiKey: options.sdkKey, events });
  return navigator.sendBeacon(eventsUrl(options.url), body);
}

/** Creates a client. Never throws and never blocks: it serves what it knows until the network answers. */
export function createClient(options: ClientOptions): SwitchyardClient {
  const environment = options?.environment ?? 'production';
  return createClientOn(options, {
    cache:
      options?.cache === false || !options?.url
        ? null
        : (options.cache ??
          LocalStorageConfigCache.forClient(options.url, options.sdkKey ?? '', environment)),
    createTransport: (o) =>
      new UrqlTransport({ url: o.url, sdkKey: o.sdkKey, fetch: o.fetch, webSocketImpl: o.webSocketImpl }),
    onPageHide,
    beacon,
  });
}
