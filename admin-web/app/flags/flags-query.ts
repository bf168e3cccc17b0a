import { gql, type TypedDocumentNode } from 'urql';

export type FlagType = 'BOOLEAN' | 'STRING' | 'NUMBER' | 'JSON';

export interface FlagListEnvironment {
  environment: string;
  enabled: boolean;
}

export interface FlagListItem {
  key: string;
  name: string;
  description: string | null;
  type: FlagType;
  tags: string[];
  archived: boolean;
  version: number;
  updatedAt: string;
  environments: FlagListEnvironment[];
}

export interface FlagListQueryData {
  flags: {
    totalCount: number;
    nodes: FlagListItem[];
  };
}

export type FlagListQueryVariables = Record<string, never>;

// Types written by hand to match schema/flags.graphql until the schema package
// generates typed documents for the console.
export const FlagListQuery: TypedDocumentNode<FlagListQueryData, FlagListQueryVariables> = gql`
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
`;
