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
    "\n  query AuditLog($filter: AuditLogFilter, $after: String) {\n    auditLog(filter: $filter, first: 50, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        seq\n        at\n        actorName\n        action\n        resourceType\n        resourceKey\n        environment\n        before\n        after\n      }\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  query ConsoleContext {\n    me {\n      id\n      email\n      name\n      role\n      permissions\n    }\n    environments {\n      key\n      name\n      sortOrder\n    }\n  }\n": typeof types.ConsoleContextDocument,
    "\n  query FlagDetail($key: String!) {\n    flag(key: $key) {\n      key\n      name\n      description\n      type\n      tags\n      owner\n      archived\n      version\n      createdAt\n      updatedAt\n      createdBy\n      updatedBy\n      variations {\n        key\n        name\n        description\n        value\n      }\n      environments {\n        environment\n        enabled\n        offVariation\n        startsAt\n        endsAt\n        updatedAt\n        targets {\n          variation\n          values\n        }\n        rules {\n          id\n          description\n          conditions {\n            attribute\n            operator\n            values\n            negate\n          }\n          serve {\n            variation\n            rollout {\n              bucketBy\n              variations {\n                variation\n                weight\n              }\n              experiment {\n                key\n                coverage\n              }\n            }\n          }\n        }\n        fallthrough {\n          variation\n          rollout {\n            bucketBy\n            variations {\n              variation\n              weight\n            }\n          }\n        }\n        prerequisites {\n          flagKey\n          variation\n        }\n      }\n      experiments {\n        key\n        name\n        status\n        environment\n        exposures\n      }\n    }\n    segments {\n      key\n      name\n    }\n  }\n": typeof types.FlagDetailDocument,
    "\n  query PrerequisiteFlags {\n    flags(first: 500) {\n      nodes {\n        key\n        variations {\n          key\n        }\n      }\n    }\n  }\n": typeof types.PrerequisiteFlagsDocument,
    "\n  mutation UpdateTargeting($key: String!, $environment: String!, $expectedVersion: Int!, $input: TargetingInput!) {\n    updateTargeting(key: $key, environment: $environment, expectedVersion: $expectedVersion, input: $input) {\n      key\n      version\n      updatedAt\n    }\n  }\n": typeof types.UpdateTargetingDocument,
    "\n  mutation CopyTargeting($key: String!, $from: String!, $to: String!, $expectedVersion: Int!) {\n    copyTargeting(key: $key, fromEnvironment: $from, toEnvironment: $to, expectedVersion: $expectedVersion) {\n      key\n      version\n    }\n  }\n": typeof types.CopyTargetingDocument,
    "\n  mutation UpdateFlagDetails($key: String!, $expectedVersion: Int!, $input: UpdateFlagInput!) {\n    updateFlag(key: $key, expectedVersion: $expectedVersion, input: $input) {\n      key\n      version\n      name\n      description\n      tags\n      owner\n    }\n  }\n": typeof types.UpdateFlagDetailsDocument,
    "\n  query FlagAudit($key: String!) {\n    auditLog(filter: { resourceKey: $key }, first: 50) {\n      totalCount\n      nodes {\n        id\n        seq\n        at\n        actorName\n        action\n        resourceType\n        environment\n        before\n        after\n      }\n    }\n  }\n": typeof types.FlagAuditDocument,
    "\n  query FlagList($filter: FlagFilter) {\n    flags(first: 500, filter: $filter) {\n      totalCount\n      nodes {\n        key\n        name\n        description\n        type\n        tags\n        archived\n        version\n        updatedAt\n        environments {\n          environment\n          enabled\n        }\n      }\n    }\n  }\n": typeof types.FlagListDocument,
    "\n  mutation SetFlagEnabled($key: String!, $environment: String!, $enabled: Boolean!, $expectedVersion: Int!) {\n    setFlagEnabled(key: $key, environment: $environment, enabled: $enabled, expectedVersion: $expectedVersion) {\n      key\n      version\n      updatedAt\n      environments {\n        environment\n        enabled\n      }\n    }\n  }\n": typeof types.SetFlagEnabledDocument,
    "\n  mutation CreateFlag($input: CreateFlagInput!) {\n    createFlag(input: $input) {\n      key\n      version\n    }\n  }\n": typeof types.CreateFlagDocument,
    "\n  subscription ConfigChanged($environment: String!) {\n    configChanged(environment: $environment) {\n      seq\n      kind\n      environment\n      resourceType\n      resourceKey\n      at\n    }\n  }\n": typeof types.ConfigChangedDocument,
};
const documents: Documents = {
    "\n  query AuditLog($filter: AuditLogFilter, $after: String) {\n    auditLog(filter: $filter, first: 50, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        seq\n        at\n        actorName\n        action\n        resourceType\n        resourceKey\n        environment\n        before\n        after\n      }\n    }\n  }\n": types.AuditLogDocument,
    "\n  query ConsoleContext {\n    me {\n      id\n      email\n      name\n      role\n      permissions\n    }\n    environments {\n      key\n      name\n      sortOrder\n    }\n  }\n": types.ConsoleContextDocument,
    "\n  query FlagDetail($key: String!) {\n    flag(key: $key) {\n      key\n      name\n      description\n      type\n      tags\n      owner\n      archived\n      version\n      createdAt\n      updatedAt\n      createdBy\n      updatedBy\n      variations {\n        key\n        name\n        description\n        value\n      }\n      environments {\n        environment\n        enabled\n        offVariation\n        startsAt\n        endsAt\n        updatedAt\n        targets {\n          variation\n          values\n        }\n        rules {\n          id\n          description\n          conditions {\n            attribute\n            operator\n            values\n            negate\n          }\n          serve {\n            variation\n            rollout {\n              bucketBy\n              variations {\n                variation\n                weight\n              }\n              experiment {\n                key\n                coverage\n              }\n            }\n          }\n        }\n        fallthrough {\n          variation\n          rollout {\n            bucketBy\n            variations {\n              variation\n              weight\n            }\n          }\n        }\n        prerequisites {\n          flagKey\n          variation\n        }\n      }\n      experiments {\n        key\n        name\n        status\n        environment\n        exposures\n      }\n    }\n    segments {\n      key\n      name\n    }\n  }\n": types.FlagDetailDocument,
    "\n  query PrerequisiteFlags {\n    flags(first: 500) {\n      nodes {\n        key\n        variations {\n          key\n        }\n      }\n    }\n  }\n": types.PrerequisiteFlagsDocument,
    "\n  mutation UpdateTargeting($key: String!, $environment: String!, $expectedVersion: Int!, $input: TargetingInput!) {\n    updateTargeting(key: $key, environment: $environment, expectedVersion: $expectedVersion, input: $input) {\n      key\n      version\n      updatedAt\n    }\n  }\n": types.UpdateTargetingDocument,
    "\n  mutation CopyTargeting($key: String!, $from: String!, $to: String!, $expectedVersion: Int!) {\n    copyTargeting(key: $key, fromEnvironment: $from, toEnvironment: $to, expectedVersion: $expectedVersion) {\n      key\n      version\n    }\n  }\n": types.CopyTargetingDocument,
    "\n  mutation UpdateFlagDetails($key: String!, $expectedVersion: Int!, $input: UpdateFlagInput!) {\n    updateFlag(key: $key, expectedVersion: $expectedVersion, input: $input) {\n      key\n      version\n      name\n      description\n      tags\n      owner\n    }\n  }\n": types.UpdateFlagDetailsDocument,
    "\n  query FlagAudit($key: String!) {\n    auditLog(filter: { resourceKey: $key }, first: 50) {\n      totalCount\n      nodes {\n        id\n        seq\n        at\n        actorName\n        action\n        resourceType\n        environment\n        before\n        after\n      }\n    }\n  }\n": types.FlagAuditDocument,
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
export function graphql(source: "\n  query AuditLog($filter: AuditLogFilter, $after: String) {\n    auditLog(filter: $filter, first: 50, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        seq\n        at\n        actorName\n        action\n        resourceType\n        resourceKey\n        environment\n        before\n        after\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditLog($filter: AuditLogFilter, $after: String) {\n    auditLog(filter: $filter, first: 50, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        seq\n        at\n        actorName\n        action\n        resourceType\n        resourceKey\n        environment\n        before\n        after\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleContext {\n    me {\n      id\n      email\n      name\n      role\n      permissions\n    }\n    environments {\n      key\n      name\n      sortOrder\n    }\n  }\n"): (typeof documents)["\n  query ConsoleContext {\n    me {\n      id\n      email\n      name\n      role\n      permissions\n    }\n    environments {\n      key\n      name\n      sortOrder\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FlagDetail($key: String!) {\n    flag(key: $key) {\n      key\n      name\n      description\n      type\n      tags\n      owner\n      archived\n      version\n      createdAt\n      updatedAt\n      createdBy\n      updatedBy\n      variations {\n        key\n        name\n        description\n        value\n      }\n      environments {\n        environment\n        enabled\n        offVariation\n        startsAt\n        endsAt\n        updatedAt\n        targets {\n          variation\n          values\n        }\n        rules {\n          id\n          description\n          conditions {\n            attribute\n            operator\n            values\n            negate\n          }\n          serve {\n            variation\n            rollout {\n              bucketBy\n              variations {\n                variation\n                weight\n              }\n              experiment {\n                key\n                coverage\n              }\n            }\n          }\n        }\n        fallthrough {\n          variation\n          rollout {\n            bucketBy\n            variations {\n              variation\n              weight\n            }\n          }\n        }\n        prerequisites {\n          flagKey\n          variation\n        }\n      }\n      experiments {\n        key\n        name\n        status\n        environment\n        exposures\n      }\n    }\n    segments {\n      key\n      name\n    }\n  }\n"): (typeof documents)["\n  query FlagDetail($key: String!) {\n    flag(key: $key) {\n      key\n      name\n      description\n      type\n      tags\n      owner\n      archived\n      version\n      createdAt\n      updatedAt\n      createdBy\n      updatedBy\n      variations {\n        key\n        name\n        description\n        value\n      }\n      environments {\n        environment\n        enabled\n        offVariation\n        startsAt\n        endsAt\n        updatedAt\n        targets {\n          variation\n          values\n        }\n        rules {\n          id\n          description\n          conditions {\n            attribute\n            operator\n            values\n            negate\n          }\n          serve {\n            variation\n            rollout {\n              bucketBy\n              variations {\n                variation\n                weight\n              }\n              experiment {\n                key\n                coverage\n              }\n            }\n          }\n        }\n        fallthrough {\n          variation\n          rollout {\n            bucketBy\n            variations {\n              variation\n              weight\n            }\n          }\n        }\n        prerequisites {\n          flagKey\n          variation\n        }\n      }\n      experiments {\n        key\n        name\n        status\n        environment\n        exposures\n      }\n    }\n    segments {\n      key\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PrerequisiteFlags {\n    flags(first: 500) {\n      nodes {\n        key\n        variations {\n          key\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PrerequisiteFlags {\n    flags(first: 500) {\n      nodes {\n        key\n        variations {\n          key\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTargeting($key: String!, $environment: String!, $expectedVersion: Int!, $input: TargetingInput!) {\n    updateTargeting(key: $key, environment: $environment, expectedVersion: $expectedVersion, input: $input) {\n      key\n      version\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateTargeting($key: String!, $environment: String!, $expectedVersion: Int!, $input: TargetingInput!) {\n    updateTargeting(key: $key, environment: $environment, expectedVersion: $expectedVersion, input: $input) {\n      key\n      version\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CopyTargeting($key: String!, $from: String!, $to: String!, $expectedVersion: Int!) {\n    copyTargeting(key: $key, fromEnvironment: $from, toEnvironment: $to, expectedVersion: $expectedVersion) {\n      key\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation CopyTargeting($key: String!, $from: String!, $to: String!, $expectedVersion: Int!) {\n    copyTargeting(key: $key, fromEnvironment: $from, toEnvironment: $to, expectedVersion: $expectedVersion) {\n      key\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateFlagDetails($key: String!, $expectedVersion: Int!, $input: UpdateFlagInput!) {\n    updateFlag(key: $key, expectedVersion: $expectedVersion, input: $input) {\n      key\n      version\n      name\n      description\n      tags\n      owner\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateFlagDetails($key: String!, $expectedVersion: Int!, $input: UpdateFlagInput!) {\n    updateFlag(key: $key, expectedVersion: $expectedVersion, input: $input) {\n      key\n      version\n      name\n      description\n      tags\n      owner\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FlagAudit($key: String!) {\n    auditLog(filter: { resourceKey: $key }, first: 50) {\n      totalCount\n      nodes {\n        id\n        seq\n        at\n        actorName\n        action\n        resourceType\n        environment\n        before\n        after\n      }\n    }\n  }\n"): (typeof documents)["\n  query FlagAudit($key: String!) {\n    auditLog(filter: { resourceKey: $key }, first: 50) {\n      totalCount\n      nodes {\n        id\n        seq\n        at\n        actorName\n        action\n        resourceType\n        environment\n        before\n        after\n      }\n    }\n  }\n"];
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