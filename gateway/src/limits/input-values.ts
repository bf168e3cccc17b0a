// One check of every value an operation carries, before any subgraph is asked: the gateway's schema
// types custom scalars (DateTime, JSON) loosely and Float literals may overflow to Infinity, so a bad
// value would otherwise reach a subgraph (or the query planner) and come back as a 500 or as
// SUBGRAPH_UNAVAILABLE. Refusals are BAD_USER_INPUT naming the field (`input.name`, `login.email`).

import type { ApolloServerPlugin } from '@apollo/server';
import { findTextProblem, textProblem } from '@switchyard/server-kit';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  Kind,
  type OperationDefinitionNode,
  TypeInfo,
  typeFromAST,
  type ValueNode,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/** Longest string of any input field or argument not named below (descriptions, condition values). */
export const DEFAULT_STRING_LIMIT = 10_000;

/**
 * Longest string per input field or argument name, in UTF-16 code units (README, Limits). The first
 * matching rule wins; strings inside JSON values are bounded by their own rules (evaluation contexts)
 * and by the body size.
 */
export const STRING_LIMITS: readonly { names: RegExp; max: number }[] = [
  // Flag, segment, experiment, metric and environment keys; user and key ids.
  {
    names: /^(key|keys|[a-zA-Z]*Key|[a-zA-Z]*Keys|environment|[a-zA-Z]*Environment|id|ids|[a-zA-Z]*Id)$/,
    max: 256,
  },
  // Names people read, addresses, tags, filters.
  { names: /^(name|email|owner|actor|resourceType|action|eventName|tags|role|permissions)$/, max: 320 },
  // Secrets and opaque tokens: long enough for any we issue, short enough to hash cheaply.
  { names: /^(password|refreshToken|after|before|cursor)$/, max: 1024 },
];

export function stringLimitOf(name: string): number {
  return STRING_LIMITS.find((rule) => rule.names.test(name))?.max ?? DEFAULT_STRING_LIMIT;
}

interface Problem {
  path: string;
  message: string;
}

function stringProblem(text: string, name: string, path: string): Problem | null {
  const max = stringLimitOf(name);
  if (text.length > max) return { path, message: `is ${text.length} characters long; the limit is ${max}` };
  const message = textProblem(text);
  return message ? { path, message } : null;
}

function dateProblem(value: unknown, path: string): Problem | null {
  if (typeof value !== 'string' && typeof value !== 'number')
    return { path, message: 'must be an ISO-8601 date-time string such as 2026-01-31T12:00:00Z' };
  if (typeof value === 'string' && value.length > 64)
    return { path, message: `is ${value.length} characters long; an ISO-8601 date-time is at most 64` };
  if (Number.isNaN(new Date(value).getTime()))
    return { path, message: `"${value}" is not an ISO-8601 date-time such as 2026-01-31T12:00:00Z` };
  return null;
}

/** The last segment of a path, the field or argument name the limits are keyed by. */
function nameOf(path: string): string {
  return (
    path
      .replace(/\[\d+\]/g, '')
      .split('.')
      .pop() ?? path
  );
}

/** A variable's value (JSON) against its declared type. Shapes that do not fit are left to coercion. */
function valueProblem(value: unknown, type: GraphQLInputType, path: string): Problem | null {
  if (value === null || value === undefined) return null;
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) {
    const items = Array.isArray(value) ? value : [value];
    for (let i = 0; i < items.length; i++) {
      const found = valueProblem(items[i], nullable.ofType, Array.isArray(value) ? `${path}[${i}]` : path);
      if (found) return found;
    }
    return null;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object' || Array.isArray(value)) return null;
    const fields = nullable.getFields();
    for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[name];
      if (!field) continue;
      const found = valueProblem(inner, field.type, `${path}.${name}`);
      if (found) return found;
    }
    return null;
  }
  if (!isScalarType(nullable))
    return typeof value === 'string' ? stringProblem(value, nameOf(path), path) : null;
  switch (nullable.name) {
    case 'String':
    case 'ID':
      return typeof value === 'string' ? stringProblem(value, nameOf(path), path) : null;
    case 'DateTime':
      return dateProblem(value, path);
    case 'Float':
      return typeof value === 'number' && !Number.isFinite(value)
        ? { path, message: 'must be a finite number' }
        : null;
    default:
      // JSON and any other custom scalar: every string in it, names included, must be storable.
      return findTextProblem(value, path);
  }
}

/** A literal in the document against its type; variables inside it are checked with the variables. */
function literalProblem(node: ValueNode, type: GraphQLInputType, path: string): Problem | null {
  if (node.kind === Kind.VARIABLE || node.kind === Kind.NULL) return null;
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) {
    if (node.kind !== Kind.LIST) return literalProblem(node, nullable.ofType, path);
    for (let i = 0; i < node.values.length; i++) {
      const found = literalProblem(node.values[i]!, nullable.ofType, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (isInputObjectType(nullable)) {
    if (node.kind !== Kind.OBJECT) return null;
    const fields = nullable.getFields();
    for (const f of node.fields) {
      const field = fields[f.name.value];
      if (!field) continue;
      const found = literalProblem(f.value, field.type, `${path}.${f.name.value}`);
      if (found) return found;
    }
    return null;
  }
  if (node.kind === Kind.FLOAT || node.kind === Kind.INT) {
    if (!Number.isFinite(Number(node.value)))
      return { path, message: `${node.value} is not a finite number` };
    if (isScalarType(nullable) && nullable.name === 'DateTime') return dateProblem(undefined, path);
    return null;
  }
  if (node.kind === Kind.STRING) {
    if (isScalarType(nullable) && nullable.name === 'DateTime') return dateProblem(node.value, path);
    if (isScalarType(nullable) && !['String', 'ID'].includes(nullable.name)) {
      const message = textProblem(node.value);
      return message ? { path, message } : null;
    }
    return stringProblem(node.value, nameOf(path), path);
  }
  if (isScalarType(nullable) && nullable.name === 'DateTime') return dateProblem(undefined, path);
  if (node.kind === Kind.LIST || node.kind === Kind.OBJECT) {
    // A JSON literal: walk its strings.
    const nested = node.kind === Kind.LIST ? node.values : node.fields.map((f) => f.value);
    for (const [i, inner] of nested.entries()) {
      const at = node.kind === Kind.LIST ? `${path}[${i}]` : `${path}.${node.fields[i]!.name.value}`;
      const found = literalProblem(inner, nullable, at);
      if (found) return found;
    }
  }
  return null;
}

/**
 * The first value of `operation` (its variables, their defaults, and every argument literal in the
 * document) that would fail or be stored wrongly downstream, as a BAD_USER_INPUT error naming it.
 */
export function checkInputValues(
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Record<string, unknown>,
  schema: GraphQLSchema,
): GraphQLError | null {
  let found: Problem | null = null;
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type) continue;
    const name = definition.variable.name.value;
    found =
      (definition.defaultValue ? literalProblem(definition.defaultValue, type, name) : null) ??
      valueProblem(variables[name], type, name);
    if (found) break;
  }
  if (!found) {
    const typeInfo = new TypeInfo(schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Argument(node) {
          if (found) return false;
          const argument = typeInfo.getArgument();
          if (!argument) return false;
          found = literalProblem(node.value, argument.type, argument.name);
          return false;
        },
      }),
    );
  }
  if (!found) return null;
  const problem: Problem = found;
  return new GraphQLError(`${problem.path}: ${problem.message}`, {
    extensions: { code: 'BAD_USER_INPUT', field: problem.path, http: { status: 400 } },
  });
}

/** Refuses an operation carrying a value checkInputValues finds wrong, before it is planned. */
export function inputValuesPlugin(): ApolloServerPlugin<{ internal?: boolean }> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, contextValue, schema }) {
          if (!operation || contextValue.internal) return;
          const refused = checkInputValues(operation, document, request.variables ?? {}, schema);
          if (refused) throw refused;
        },
      };
    },
  };
}
