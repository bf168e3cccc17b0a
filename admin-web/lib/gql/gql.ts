/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ConsoleContext {\n    me {\n      id\n      email\n      name\n      role\n      permissions\n    }\n    environments {\n      key\n      name\n      sortOrder\n    }\n  }\n": typeof types.ConsoleContextDocument,
    "\n  query FlagList($filter: FlagFilter) {\n    flags(first: 500, filter: $filter) {\n      totalCount\n      nodes {\n        key\n        name\n        description\n        type\n        tags\n        archived\n        version\n        updatedAt\n        environments {\n          environment\n          enabled\n        }\n      }\n    }\n  }\n": typeof types.FlagListDocument,
    "\n  mutation SetFlagEnabled($key: String!, $environment: String!, $enabled: Boolean!, $expectedVersion: Int!) {\n    setFlagEnabled(key: $key, environment: $environment, enabled: $enabled, expectedVersion: $expectedVersion) {\n      key\n      version\n      updatedAt\n      environments {\n        environment\n        enabled\n      }\n    }\n  }\n": typeof types.SetFlagEnabledDocument,
    "\n  mutation CreateFlag($input: CreateFlagInput!) {\n    createFlag(input: $input) {\n      key\n      version\n    }\n  }\n": typeof types.CreateFlagDocument,
    "\n  subscription ConfigChanged($environment: String!) {\n    configChanged(environment: $environment) {\n      seq\n      kind\n      environment\n      resourceType\n      resourceKey\n      at\n    }\n  }\n": typeof types.ConfigChangedDocument,
};
const documents: Documents = {
    "\n  query ConsoleContext {\n    me {\n      id\n      email\n      name\n      role\n      permissions\n    }\n    environments {\n      key\n      name\n      sortOrder\n    }\n  }\n": types.ConsoleContextDocument,
    "\n  query FlagList($filter: FlagFilter) {\n    flags(first: 500, filter: $filter) {\n      totalCount\n      nodes {\n        key\n        name\n        description\n        type\n        tags\n        archived\n        version\n        updatedAt\n        environments {\n          environment\n          enabled\n        }\n      }\n    }\n  }\n": types.FlagListDocument,
    "\n  mutation SetFlagEnabled($key: String!, $environment: String!, $enabled: Boolean!, $expectedVersion: Int!) {\n    setFlagEnabled(key: $key, environment: $environment, enabled: $enabled, expectedVersion: $expectedVersion) {\n      key\n      version\n      updatedAt\n      environments {\n        environment\n        enabled\n      }\n    }\n  }\n": types.SetFlagEnabledDocument,
    "\n  mutation CreateFlag($input: CreateFlagInput!) {\n    createFlag(input: $input) {\n      key\n      version\n    }\n  }\n": types.CreateFlagDocument,
    "\n  subscription ConfigChanged($environment: String!) {\n    configChanged(environment: $environment) {\n      seq\n      kind\n      environment\n      resourceType\n      resourceKey\n      at\n    }\n  }\n": types.ConfigChangedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleContext {\n    me {\n      id\n      email\n      name\n      role\n      permissions\n    }\n    environments {\n      key\n      name\n      sortOrder\n    }\n  }\n"): (typeof documents)["\n  query ConsoleContext {\n    me {\n      id\n      email\n      name\n      role\n      permissions\n    }\n    environments {\n      key\n      name\n      sortOrder\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FlagList($filter: FlagFilter) {\n    flags(first: 500, filter: $filter) {\n      totalCount\n      nodes {\n        key\n        name\n        description\n        type\n        tags\n        archived\n        version\n        updatedAt\n        environments {\n          environment\n          enabled\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query FlagList($filter: FlagFilter) {\n    flags(first: 500, filter: $filter) {\n      totalCount\n      nodes {\n        key\n        name\n        description\n        type\n        tags\n        archived\n        version\n        updatedAt\n        environments {\n          environment\n          enabled\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetFlagEnabled($key: String!, $environment: String!, $enabled: Boolean!, $expectedVersion: Int!) {\n    setFlagEnabled(key: $key, environment: $environment, enabled: $enabled, expectedVersion: $expectedVersion) {\n      key\n      version\n      updatedAt\n      environments {\n        environment\n        enabled\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetFlagEnabled($key: String!, $environment: String!, $enabled: Boolean!, $expectedVersion: Int!) {\n    setFlagEnabled(key: $key, environment: $environment, enabled: $enabled, expectedVersion: $expectedVersion) {\n      key\n      version\n      updatedAt\n      environments {\n        environment\n        enabled\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateFlag($input: CreateFlagInput!) {\n    createFlag(input: $input) {\n      key\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation CreateFlag($input: CreateFlagInput!) {\n    createFlag(input: $input) {\n      key\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConfigChanged($environment: String!) {\n    configChanged(environment: $environment) {\n      seq\n      kind\n      environment\n      resourceType\n      resourceKey\n      at\n    }\n  }\n"): (typeof documents)["\n  subscription ConfigChanged($environment: String!) {\n    configChanged(environment: $environment) {\n      seq\n      kind\n      environment\n      resourceType\n      resourceKey\n      at\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;