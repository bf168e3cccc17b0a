import { createClient, type SwitchyardClient } from '@switchyard/client';
import { gatewayUrl } from '../../lib/gateway-url';
import type { DemoKeys } from './demo-keys';

// One server-key client per server process, as the SDK's README sets it up: it downloads the flag set once, stays
// current over `configChanged`, and evaluates every request locally. Kept on globalThis so that dev-mode module
// reloads do not open another connection each time.
const holder = globalThis as { switchyardDemoFlags?: { secret: string; client: SwitchyardClient } };

export function serverFlags(keys: DemoKeys): SwitchyardClient {
  const current = holder.switchyardDemoFlags;
  if (current?.secret === keys.server.secret) return current.client;
  void current?.client.close();
  const client = createClient({
    url: gatewayUrl(),
    sdkKey: keys.server.secret,
    environment: keys.environment,
  });
  holder.switchyardDemoFlags = { secret: keys.server.secret, client };
  return client;
}
