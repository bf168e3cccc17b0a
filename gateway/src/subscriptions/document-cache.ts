import { type DocumentNode, GraphQLError, type GraphQLSchema, parse, validate } from 'graphql';

/** The same error with a code, as Apollo answers the same mistake over HTTP. */
function coded(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}

type Checked = { document: DocumentNode } | { errors: readonly GraphQLError[] };

/**
 * Parsed and validated subscription documents by text, for the current schema. Clients send
 * the same few documents many times (an SDK per process, a page per tab); validating each
 * against the supergraph was most of the cost of registering thousands of subscriptions,
 * and one shared document object lets subscribers share its translation too.
 */
export class DocumentCache {
  private schema: GraphQLSchema | null = null;
  private readonly entries = new Map<string, Checked>();

  constructor(private readonly max = 500) {}

  check(schema: GraphQLSchema, text: string): Checked {
    if (schema !== this.schema) {
      // A new supergraph: what was valid may not be any more.
      this.schema = schema;
      this.entries.clear();
    }
    const hit = this.entries.get(text);
    if (hit) return hit;
    let checked: Checked;
    try {
      const document = parse(text);
      const errors = validate(schema, document);
      checked =
        errors.length > 0
          ? { errors: errors.map((e) => coded(e, 'GRAPHQL_VALIDATION_FAILED')) }
          : { document };
    } catch (err) {
      return {
        errors: [
          err instanceof GraphQLError
            ? coded(err, 'GRAPHQL_PARSE_FAILED')
            : new GraphQLError(String(err), { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
        ],
      };
    }
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(text, checked);
    return checked;
  }
}
