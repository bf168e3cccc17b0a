import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLLeafType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isLeafType,
  isNonNullType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  visit,
} from 'graphql';

/** The projection cannot produce what graphql-js would: the federated path answers instead. */
export class NotProjectable extends Error {}

interface LeafField {
  responseKey: string;
  fieldName: string;
  /** Absent for __typename. */
  type?: GraphQLLeafType;
  nonNull: boolean;
}

/** An object as its subgraph's resolvers would produce it, leaves already in their graph form. */
export interface TypedValue {
  __typename: string;
}

export interface EdgeCall<TArgs = Record<string, unknown>> {
  args: TArgs;
  /** Shapes one result the way graphql-js completes it for this field's selection. */
  project(value: TypedValue): Record<string, unknown>;
  /**
   * The same object for every request of this document and response key when the selection does
   * not depend on variables (no @skip/@include), so an answer can be kept per value; else null.
   */
  cacheKey: object | null;
}

export interface PlannedField<TArgs = Record<string, unknown>> {
  responseKey: string;
  /** Null for a root `__typename`. */
  call: EdgeCall<TArgs> | null;
}

/**
 * A compiled, leaf-only executor for the documents the edge accepts (root fields that are all one
 * query field, or `__typename`, selecting leaves): arguments and variables are coerced by graphql-js
 * itself, fields are collected with the spec's rules (aliases, fragments, type conditions,
 * @skip/@include, merging) and every leaf goes through its type's `serialize`, exactly as graphql-js
 * completes leaf values. Skips building graphql-js's per-field execution machinery, which is most of
 * the cost of answering fifty flags.
 */
export class LeafProjection {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly operation: OperationDefinitionNode;
  private readonly rootField: GraphQLField<unknown, unknown>;
  /** Without @skip/@include, field collection does not depend on variables and is done once. */
  private readonly hasDirectives: boolean;
  private readonly leafCache = new WeakMap<SelectionSetNode, Map<string, LeafField[]>>();
  private readonly mergedCache = new Map<string, SelectionSetNode>();

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    rootFieldName: string,
  ) {
    this.operation = operation;
    for (const d of document.definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(d.name.value, d);
    const field = schema.getQueryType()?.getFields()[rootFieldName];
    if (!field) throw new NotProjectable(`no ${rootFieldName} field`);
    this.rootField = field;
    let directives = false;
    visit(document, {
      Directive() {
        directives = true;
      },
    });
    this.hasDirectives = directives;
  }

  /** The root fields for one request, in response order: `__typename` (null) or a call of the root field. */
  plan<TArgs = Record<string, unknown>>(
    variables: Record<string, unknown> | undefined,
  ): PlannedField<TArgs>[] {
    const coerced = getVariableValues(this.schema, this.operation.variableDefinitions ?? [], variables ?? {});
    if (coerced.errors) throw new NotProjectable('variables');
    const values = coerced.coerced;
    const root = this.collect(this.operation.selectionSet, 'Query', values);
    const plan: PlannedField<TArgs>[] = [];
    for (const [responseKey, nodes] of root) {
      const first = nodes[0]!;
      if (first.name.value === '__typename') {
        plan.push({ responseKey, call: null });
        continue;
      }
      const args = getArgumentValues(this.rootField, first, values) as TArgs;
      const selections = this.merged(responseKey, nodes);
      plan.push({
        responseKey,
        call: {
          args,
          project: (value) => this.project(value, selections, values),
          cacheKey: this.hasDirectives ? null : selections,
        },
      });
    }
    return plan;
  }

  /** The selections of every field node sharing one response key, as one set (cached when static). */
  private merged(responseKey: string, nodes: FieldNode[]): SelectionSetNode {
    const cached = this.hasDirectives ? undefined : this.mergedCache.get(responseKey);
    if (cached) return cached;
    const merged: SelectionSetNode = {
      kind: Kind.SELECTION_SET,
      selections: nodes.flatMap((n) => n.selectionSet?.selections ?? []),
    };
    if (!this.hasDirectives) this.mergedCache.set(responseKey, merged);
    return merged;
  }

  private project(
    value: TypedValue,
    selections: SelectionSetNode,
    variables: Record<string, unknown>,
  ): Record<string, unknown> {
    const leaves = this.leavesFor(value.__typename, selections, variables);
    const out: Record<string, unknown> = {};
    for (const leaf of leaves) {
      if (!leaf.type) {
        out[leaf.responseKey] = value.__typename;
        continue;
      }
      const raw = (value as unknown as Record<string, unknown>)[leaf.fieldName];
      if (raw === null || raw === undefined) {
        if (leaf.nonNull) throw new NotProjectable(`${leaf.fieldName} is null`);
        out[leaf.responseKey] = null;
        continue;
      }
      // Throws for a value the type cannot represent, as graphql-js would report it.
      const serialized = leaf.type.serialize(raw);
      if (serialized === undefined) throw new NotProjectable(`${leaf.fieldName} did not serialize`);
      out[leaf.responseKey] = serialized;
    }
    return out;
  }

  private leavesFor(
    typename: string,
    selections: SelectionSetNode,
    variables: Record<string, unknown>,
  ): LeafField[] {
    let byType = this.hasDirectives ? undefined : this.leafCache.get(selections);
    const cached = byType?.get(typename);
    if (cached) return cached;
    const type = this.schema.getType(typename) as GraphQLObjectType | undefined;
    if (!type) throw new NotProjectable(`unknown type ${typename}`);
    const fields = type.getFields();
    const leaves: LeafField[] = [];
    for (const [responseKey, nodes] of this.collect(selections, typename, variables)) {
      const fieldName = nodes[0]!.name.value;
      if (fieldName === '__typename') {
        leaves.push({ responseKey, fieldName, nonNull: true });
        continue;
      }
      const field = fields[fieldName];
      if (!field) throw new NotProjectable(`no field ${fieldName}`);
      const named = getNamedType(field.type);
      if (!isLeafType(named) || getNullableType(field.type) !== named) throw new NotProjectable('not a leaf');
      leaves.push({ responseKey, fieldName, type: named, nonNull: isNonNullType(field.type) });
    }
    if (!this.hasDirectives) {
      if (!byType) {
        byType = new Map();
        this.leafCache.set(selections, byType);
      }
      byType.set(typename, leaves);
    }
    return leaves;
  }

  /** CollectFields from the spec: response keys in first-seen order, each with its merged field nodes. */
  private collect(
    selectionSet: SelectionSetNode,
    typename: string,
    variables: Record<string, unknown>,
    into = new Map<string, FieldNode[]>(),
    visited = new Set<string>(),
  ): Map<string, FieldNode[]> {
    for (const selection of selectionSet.selections) {
      if (!this.included(selection, variables)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const list = into.get(key);
        if (list) list.push(selection);
        else into.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition?.name.value;
        if (condition && !this.applies(condition, typename)) continue;
        this.collect(selection.selectionSet, typename, variables, into, visited);
      } else {
        const name = selection.name.value;
        if (visited.has(name)) continue;
        visited.add(name);
        const fragment = this.fragments.get(name);
        if (!fragment || !this.applies(fragment.typeCondition.name.value, typename)) continue;
        this.collect(fragment.selectionSet, typename, variables, into, visited);
      }
    }
    return into;
  }

  private applies(condition: string, typename: string): boolean {
    if (condition === typename) return true;
    const conditionType = this.schema.getType(condition);
    const objectType = this.schema.getType(typename);
    if (!conditionType || !objectType || !isAbstractType(conditionType)) return false;
    return this.schema.isSubType(conditionType, objectType as GraphQLObjectType);
  }

  private included(
    node: Parameters<typeof getDirectiveValues>[1],
    variables: Record<string, unknown>,
  ): boolean {
    const skip = getDirectiveValues(GraphQLSkipDirective, node, variables);
    if (skip?.if === true) return false;
    const include = getDirectiveValues(GraphQLIncludeDirective, node, variables);
    return include?.if !== false;
  }
}
