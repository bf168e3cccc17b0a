export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** POSTs one operation and returns the parsed body (errors included, never thrown). */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  try {
    return JSON.parse(text) as GraphQLResponse<T>;
  } catch {
    throw new Error(`HTTP ${res.status} from ${url} was not JSON: ${text.slice(0, 300)}`);
  }
}

/** Like `graphql` but fails the test with the errors when there are any. */
export async function graphqlOk<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<T> {
  const body = await graphql<T>(url, query, variables, headers);
  if (body.errors?.length || !body.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(body.errors ?? 'no data')}`);
  }
  return body.data;
}

/** The `extensions.code` of each error, for asserting refusals. */
export function errorCodes(body: GraphQLResponse<unknown>): string[] {
  return (body.errors ?? []).map((e) => String(e.extensions?.code));
}
