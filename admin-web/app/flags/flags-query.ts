import { graphql } from '../../lib/gql';
import type { FlagListQuery as FlagListQueryData } from '../../lib/gql/graphql';

// Documents declaring `$project` get the console's chosen project (lib/project-exchange.ts).
// Typed by GraphQL Code Generator from schema/api.graphql (`npm run codegen`).
export const FlagListQuery = graphql(`
  query FlagList($project: String, $filter: FlagFilter, $orderBy: FlagOrder, $first: Int!, $after: String) {
    flags(project: $project, first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        key
        name
        description
        type
        tags
        archived
        version
        updatedAt
        environments {
          environment
          enabled
        }
        lifecycle {
          state
          removable
        }
      }
    }
  }
`);

export const SetFlagEnabledMutation = graphql(`
  mutation SetFlagEnabled(
    $key: String!
    $project: String
    $environment: String!
    $enabled: Boolean!
    $expectedVersion: Int!
  ) {
    setFlagEnabled(
      key: $key
      project: $project
      environment: $environment
      enabled: $enabled
      expectedVersion: $expectedVersion
    ) {
      key
      version
      updatedAt
      environments {
        environment
        enabled
      }
    }
  }
`);

export const CreateFlagMutation = graphql(`
  mutation CreateFlag($input: CreateFlagInput!) {
    createFlag(input: $input) {
      key
      version
    }
  }
`);

/** Every config change of the project in an environment (and global ones), pushed over graphql-ws. */
export const ConfigChangedSubscription = graphql(`
  subscription ConfigChanged($environment: String!, $project: String) {
    configChanged(environment: $environment, project: $project) {
      seq
      kind
      environment
      resourceType
      resourceKey
      at
    }
  }
`);

export type FlagListItem = FlagListQueryData['flags']['nodes'][number];
export type FlagListEnvironment = FlagListItem['environments'][number];
export type FlagType = FlagListItem['type'];
