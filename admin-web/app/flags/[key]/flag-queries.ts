import { graphql } from '../../../lib/gql';
import type { FlagDetailQuery } from '../../../lib/gql/graphql';

export const FlagDetailDocument = graphql(`
  query FlagDetail($key: String!) {
    flag(key: $key) {
      key
      name
      description
      type
      tags
      owner
      archived
      version
      createdAt
      updatedAt
      createdBy
      updatedBy
      variations {
        key
        name
        description
        value
      }
      environments {
        environment
        enabled
        offVariation
        startsAt
        endsAt
        updatedAt
        targets {
          variation
          values
        }
        rules {
          id
          description
          conditions {
            attribute
            operator
            values
            negate
            caseInsensitive
            regexFlags
          }
          serve {
            variation
            rollout {
              bucketBy
              variations {
                variation
                weight
              }
              experiment {
                key
                coverage
              }
            }
          }
        }
        fallthrough {
          variation
          rollout {
            bucketBy
            variations {
              variation
              weight
            }
          }
        }
        prerequisites {
          flagKey
          variation
          variations
          off
        }
      }
      experiments {
        key
        name
        status
        environment
        exposures
      }
    }
    segments {
      key
      name
    }
  }
`);

export const PrerequisiteFlagsDocument = graphql(`
  query PrerequisiteFlags {
    flags(first: 500) {
      nodes {
        key
        variations {
          key
        }
      }
    }
  }
`);

export const UpdateTargetingDocument = graphql(`
  mutation UpdateTargeting($key: String!, $environment: String!, $expectedVersion: Int!, $input: TargetingInput!) {
    updateTargeting(key: $key, environment: $environment, expectedVersion: $expectedVersion, input: $input) {
      key
      version
      updatedAt
    }
  }
`);

export const CopyTargetingDocument = graphql(`
  mutation CopyTargeting($key: String!, $from: String!, $to: String!, $expectedVersion: Int!) {
    copyTargeting(key: $key, fromEnvironment: $from, toEnvironment: $to, expectedVersion: $expectedVersion) {
      key
      version
    }
  }
`);

export const UpdateFlagDocument = graphql(`
  mutation UpdateFlagDetails($key: String!, $expectedVersion: Int!, $input: UpdateFlagInput!) {
    updateFlag(key: $key, expectedVersion: $expectedVersion, input: $input) {
      key
      version
      name
      description
      tags
      owner
      variations {
        key
        name
        description
        value
      }
    }
  }
`);

export const FlagAuditDocument = graphql(`
  query FlagAudit($key: String!) {
    auditLog(filter: { resourceKey: $key }, first: 50) {
      totalCount
      nodes {
        id
        seq
        at
        actorName
        action
        resourceType
        environment
        before
        after
      }
    }
  }
`);

export type FlagDetail = NonNullable<FlagDetailQuery['flag']>;
export type FlagEnv = FlagDetail['environments'][number];
export type FlagRuleData = FlagEnv['rules'][number];
