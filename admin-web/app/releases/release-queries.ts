import { graphql } from '../../lib/gql';
import type { FlagReleasesQuery } from '../../lib/gql/graphql';

// Release plans, scheduled changes and change requests: the documents the flag page, the
// change-request inbox and the schedule share.

export const FlagReleasesDocument = graphql(`
  query FlagReleases($key: String!, $environment: String!, $project: String) {
    flag(key: $key, project: $project) {
      key
      project
      version
      variations {
        key
        name
      }
      environment(key: $environment) {
        environment
        rules {
          id
          description
        }
      }
      releasePlans(environment: $environment) {
        ...ReleasePlanFields
      }
      scheduledChanges(environment: $environment) {
        ...ScheduledChangeFields
      }
    }
    releaseTemplates {
      key
      name
      builtIn
      stages {
        percent
        minDurationMinutes
      }
      guards {
        metric
        kind
        threshold
        minSample
      }
    }
    metrics {
      key
      name
      kind
    }
    approvalPolicies {
      environment
      requiredApprovals
      adminBypass
    }
    changeRequests(filter: { project: $project, flagKey: $key, environment: $environment }, first: 20) {
      ...ChangeRequestFields
    }
  }
`);

export const ReleasePlanFieldsFragment = graphql(`
  fragment ReleasePlanFields on ReleasePlan {
    id
    flagKey
    environment
    variation
    ruleId
    template
    status
    currentStage
    currentPercent
    stageStartedAt
    nextCheckAt
    waitingReason
    version
    createdBy
    createdAt
    stages {
      percent
      minDurationMinutes
    }
    guards {
      metric
      kind
      threshold
      minSample
    }
    events {
      at
      kind
      stage
      percent
      actor
      detail
    }
    readings {
      guard {
        metric
        kind
        threshold
        minSample
      }
      sample
      value
      lower
      upper
      decision
    }
  }
`);

export const ScheduledChangeFieldsFragment = graphql(`
  fragment ScheduledChangeFields on ScheduledChange {
    id
    flagKey
    environment
    at
    kind
    targeting
    writtenAgainstVersion
    status
    reason
    version
    createdBy
    createdAt
    appliedAt
  }
`);

export const ChangeRequestFieldsFragment = graphql(`
  fragment ChangeRequestFields on ChangeRequest {
    id
    flagKey
    segmentKey
    environment
    kind
    releasePlanAction
    revertedTo
    writtenAgainstVersion
    diff
    status
    reason
    comment
    reviews {
      by
      decision
      comment
      at
    }
    approvals
    requiredApprovals
    bypassed
    version
    createdBy
    createdAt
    appliedBy
    appliedAt
    applyAt
  }
`);

export type FlagReleases = NonNullable<FlagReleasesQuery['flag']>;
export type ReleasePlanView = FlagReleases['releasePlans'][number];
export type ScheduledChangeView = FlagReleases['scheduledChanges'][number];
export type ChangeRequestView = FlagReleasesQuery['changeRequests'][number];
export type ReleaseTemplateView = FlagReleasesQuery['releaseTemplates'][number];

export const CreateReleasePlanDocument = graphql(`
  mutation CreateReleasePlan($input: CreateReleasePlanInput!) {
    createReleasePlan(input: $input) {
      ...ReleasePlanFields
    }
  }
`);

export const ReleasePlanActionDocument = graphql(`
  mutation ReleasePlanAct($id: ID!, $action: ReleasePlanAction!, $expectedVersion: Int!, $comment: String) {
    releasePlanAction(id: $id, action: $action, expectedVersion: $expectedVersion, comment: $comment) {
      ...ReleasePlanFields
    }
  }
`);

export const ScheduleChangeDocument = graphql(`
  mutation ScheduleChange($input: ScheduleChangeInput!) {
    scheduleChange(input: $input) {
      ...ScheduledChangeFields
    }
  }
`);

export const RescheduleChangeDocument = graphql(`
  mutation RescheduleChange($id: ID!, $at: DateTime!, $expectedVersion: Int!) {
    rescheduleChange(id: $id, at: $at, expectedVersion: $expectedVersion) {
      ...ScheduledChangeFields
    }
  }
`);

export const CancelScheduledChangeDocument = graphql(`
  mutation CancelScheduledChange($id: ID!, $expectedVersion: Int!) {
    cancelScheduledChange(id: $id, expectedVersion: $expectedVersion) {
      ...ScheduledChangeFields
    }
  }
`);

export const AllScheduledChangesDocument = graphql(`
  query AllScheduledChanges($filter: ScheduledChangeFilter, $project: String) {
    scheduledChanges(filter: $filter) {
      ...ScheduledChangeFields
    }
    changeRequests(filter: { status: APPROVED, project: $project }, first: 200) {
      ...ChangeRequestFields
    }
  }
`);

export const ChangeRequestsDocument = graphql(`
  query ChangeRequests($filter: ChangeRequestFilter, $first: Int!) {
    changeRequests(filter: $filter, first: $first) {
      ...ChangeRequestFields
    }
    approvalPolicies {
      environment
      requiredApprovals
      adminBypass
    }
  }
`);

export const ChangeRequestDocument = graphql(`
  query ChangeRequest($id: ID!) {
    changeRequest(id: $id) {
      ...ChangeRequestFields
      preview {
        contextsConsidered
        changed
        transitions {
          from
          to
          count
        }
      }
    }
  }
`);

export const ApprovalPoliciesDocument = graphql(`
  query ApprovalPolicies {
    approvalPolicies {
      environment
      requiredApprovals
      adminBypass
    }
  }
`);

export const CreateChangeRequestDocument = graphql(`
  mutation CreateChangeRequest($input: ChangeRequestInput!) {
    createChangeRequest(input: $input) {
      ...ChangeRequestFields
    }
  }
`);

export const SubmitChangeRequestDocument = graphql(`
  mutation SubmitChangeRequest($id: ID!, $expectedVersion: Int!) {
    submitChangeRequest(id: $id, expectedVersion: $expectedVersion) {
      ...ChangeRequestFields
    }
  }
`);

export const ReviewChangeRequestDocument = graphql(`
  mutation ReviewChangeRequest(
    $id: ID!
    $decision: ChangeRequestDecision!
    $comment: String
    $expectedVersion: Int!
  ) {
    reviewChangeRequest(id: $id, decision: $decision, comment: $comment, expectedVersion: $expectedVersion) {
      ...ChangeRequestFields
    }
  }
`);

export const ApplyChangeRequestDocument = graphql(`
  mutation ApplyChangeRequest($id: ID!, $expectedVersion: Int!, $bypass: Boolean!, $at: DateTime) {
    applyChangeRequest(id: $id, expectedVersion: $expectedVersion, bypass: $bypass, at: $at) {
      ...ChangeRequestFields
    }
  }
`);
