import { graphql } from '../../../lib/gql';
import type { FlagDetailQuery } from '../../../lib/gql/graphql';

export const FlagDetailDocument = graphql(`
  query FlagDetail($key: String!, $project: String) {
    flag(key: $key, project: $project) {
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
    segments(project: $project) {
      key
      name
    }
  }
`);

export const PrerequisiteFlagsDocument = graphql(`
  query PrerequisiteFlags($project: String) {
    flags(project: $project, first: 500) {
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
  mutation UpdateTargeting(
    $key: String!
    $project: String
    $environment: String!
    $expectedVersion: Int!
    $input: TargetingInput!
  ) {
    updateTargeting(
      key: $key
      project: $project
      environment: $environment
      expectedVersion: $expectedVersion
      input: $input
    ) {
      key
      version
      updatedAt
    }
  }
`);

export const CopyTargetingDocument = graphql(`
  mutation CopyTargeting($key: String!, $project: String, $from: String!, $to: String!, $expectedVersion: Int!) {
    copyTargeting(
      key: $key
      project: $project
      fromEnvironment: $from
      toEnvironment: $to
      expectedVersion: $expectedVersion
    ) {
      key
      version
    }
  }
`);

export const UpdateFlagDocument = graphql(`
  mutation UpdateFlagDetails($key: String!, $project: String, $expectedVersion: Int!, $input: UpdateFlagInput!) {
    updateFlag(key: $key, project: $project, expectedVersion: $expectedVersion, input: $input) {
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
  query FlagAudit($key: String!, $project: String) {
    auditLog(filter: { resourceKey: $key, project: $project }, first: 50) {
      totalCount
      nodes {
        id
        seq
        project
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
