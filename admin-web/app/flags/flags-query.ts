import { graphql } from '../../lib/gql';
import type { FlagListQuery as FlagListQueryData } from '../../lib/gql/graphql';

// Typed by GraphQL Code Generator from schema/api.graphql (`npm run codegen`).
export const FlagListQuery = graphql(`
  query FlagList {
    flags(first: 100) {
      totalCount
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
      }
    }
  }
`);

export type FlagListItem = FlagListQueryData['flags']['nodes'][number];
export type FlagListEnvironment = FlagListItem['environments'][number];
export type FlagType = FlagListItem['type'];
