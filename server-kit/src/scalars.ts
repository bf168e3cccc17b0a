import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function toIso(value: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime cannot represent "${String(value)}"`);
  return date.toISOString();
}

/** ISO-8601 timestamps in and out; inputs are parsed to Date. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: toIso,
  parseValue(value) {
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new GraphQLError('DateTime must be an ISO-8601 string', {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) {
      throw new GraphQLError(`"${value}" is not an ISO-8601 date-time`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return date;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('DateTime must be an ISO-8601 string', {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    const date = new Date(ast.value);
    if (Number.isNaN(date.getTime())) {
      throw new GraphQLError(`"${ast.value}" is not an ISO-8601 date-time`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return date;
  },
});

function literalToJson(ast: ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => literalToJson(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      throw new GraphQLError('Unsupported JSON literal');
  }
}

/** Arbitrary JSON values (variation values, properties, configurations). */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalToJson,
});

export const scalarResolvers = { DateTime: DateTimeScalar, JSON: JSONScalar };
