import { readFileSync } from 'node:fs';

/** The demo storefront's SDK keys, as `npm start` keeps them (SWITCHYARD_DEMO_KEYS_FILE). */
export interface DemoKeys {
  environment: string;
  server: { secret: string };
  client: { secret: string };
}

/** Read per request: `npm start` writes the file once the gateway is up, after this process started. */
export function readDemoKeys(): DemoKeys | null {
  const file = process.env.SWITCHYARD_DEMO_KEYS_FILE;
  if (!file) return null;
  try {
    const keys = JSON.parse(readFileSync(file, 'utf8')) as DemoKeys;
    return keys.server?.secret && keys.client?.secret ? keys : null;
  } catch {
    return null;
  }
}
