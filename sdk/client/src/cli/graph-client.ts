// The CLI's one way to talk to the graph: a POST of one operation with the caller's bearer token (a TOKEN
// API key or a session's access token). GraphQL errors become one Error listing each message and code.

export interface GraphError {
  message: string;
  extensions?: { code?: string; field?: string };
}

export class GraphRequestError extends Error {
  constructor(
    readonly operation: string,
    readonly errors: GraphError[],
  ) {
    super(
      `${operation} failed: ${errors
        .map(
          (e) =>
            `${e.message}${e.extensions?.code ? ` [${e.extensions.code}${e.extensions.field ? ` ${e.extensions.field}` : ''}]` : ''}`,
        )
        .join('; ')}`,
    );
  }
}

export type GraphRequest = <T>(
  operation: string,
  query: string,
  variables?: Record<string, unknown>,
) => Promise<T>;

export function graphClient(url: string, token?: string, fetchImpl: typeof fetch = fetch): GraphRequest {
  return async <T>(operation: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    let body: { data?: T; errors?: GraphError[] };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new GraphRequestError(operation, [
        { message: `HTTP ${res.status} without a JSON body from ${url}` },
      ]);
    }
    if (body.errors?.length || !body.data) {
      throw new GraphRequestError(operation, body.errors ?? [{ message: `HTTP ${res.status}` }]);
    }
    return body.data;
  };
}

interface Connection<N> {
  nodes: N[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Every node of a connection, following its pages (`query` takes `$after`). */
export async function allPages<N>(
  request: GraphRequest,
  operation: string,
  query: string,
  connection: (data: never) => Connection<N>,
): Promise<N[]> {
  const nodes: N[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Connection<N> = connection((await request(operation, query, { after })) as never);
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

/** Every request names `project` (null: none, so the graph's `default`); operations not declaring it ignore it. */
export function inProject(request: GraphRequest, project: string | null): GraphRequest {
  if (!project) return request;
  return (operation, query, variables = {}) => request(operation, query, { project, ...variables });
}
