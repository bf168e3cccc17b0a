import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The demo storefront's SDK keys: a server key (the page evaluates on the server) and a client key (the browser
// follows live values). Secrets are shown only once, so they are kept in a file beside the data and reused while
// the keys still exist; otherwise new ones are created through the graph as the demo admin.

/** The environment the demo data's targeting and running experiment live in. */
export const DEMO_ENVIRONMENT = 'production';

export interface DemoKeys {
  environment: string;
  server: { id: string; secret: string };
  client: { id: string; secret: string };
}

async function call<T>(
  graphqlUrl: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<T> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) {
    throw new Error(
      `demo keys: ${body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`}`,
    );
  }
  return body.data;
}

function readKeys(file: string): DemoKeys | null {
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoKeys) : null;
  } catch {
    return null;
  }
}

/** Idempotent: reuses the keys in `file` while both exist unrevoked, else creates a new pair and writes it. */
export async function ensureDemoKeys(
  graphqlUrl: string,
  admin: { email: string; password: string },
  file: string,
): Promise<DemoKeys> {
  const { login } = await call<{ login: { accessToken: string } }>(
    graphqlUrl,
    'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }',
    admin,
  );
  const token = login.accessToken;
  const saved = readKeys(file);
  const { apiKeys } = await call<{ apiKeys: { id: string }[] }>(graphqlUrl, '{ apiKeys { id } }', {}, token);
  const live = new Set(apiKeys.map((k) => k.id));
  if (saved && live.has(saved.server?.id) && live.has(saved.client?.id)) return saved;

  const create = async (kind: 'SERVER' | 'CLIENT') => {
    const data = await call<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      graphqlUrl,
      'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }',
      { input: { name: `Demo storefront (${kind.toLowerCase()})`, kind, environment: DEMO_ENVIRONMENT } },
      token,
    );
    return { id: data.createApiKey.apiKey.id, secret: data.createApiKey.secret };
  };
  const keys: DemoKeys = {
    environment: DEMO_ENVIRONMENT,
    server: await create('SERVER'),
    client: await create('CLIENT'),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}
