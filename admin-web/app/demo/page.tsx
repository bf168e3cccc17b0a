import { SwitchyardProvider } from '@switchyard/react';
import type { Metadata } from 'next';
import { gatewayUrl } from '../../lib/gateway-url';
import { readDemoKeys } from './demo-keys';
import { serverFlags } from './server-flags';
import { Storefront } from './storefront';

export const metadata: Metadata = { title: 'Demo storefront' };
// Values are evaluated per request and per visitor.
export const dynamic = 'force-dynamic';

/**
 * A shop built on @switchyard/react the way its README says: the server evaluates the visitor's flags with a
 * server key and hands only the values to the provider, so the first paint has them; the browser then follows
 * live changes with a client key.
 */
export default async function DemoPage({ searchParams }: { searchParams: Promise<{ user?: string }> }) {
  const keys = readDemoKeys();
  if (!keys) {
    return (
      <section className="page-header">
        <h1>Demo storefront</h1>
        <p>
          The demo needs its SDK keys: start everything with `npm start`, which creates them with the demo
          data.
        </p>
      </section>
    );
  }
  const user = (await searchParams).user?.trim() || 'shopper-1';
  const flags = serverFlags(keys);
  await flags.ready();
  const context = { key: user };
  return (
    <SwitchyardProvider
      url={gatewayUrl()}
      sdkKey={keys.client.secret}
      environment={keys.environment}
      context={context}
      bootstrap={flags.snapshot(context)}
    >
      <Storefront user={user} environment={keys.environment} />
    </SwitchyardProvider>
  );
}
