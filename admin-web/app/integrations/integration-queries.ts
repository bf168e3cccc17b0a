import { graphql } from '../../lib/gql';
import type { IntegrationsQuery } from '../../lib/gql/graphql';

export const IntegrationsDocument = graphql(`
  query Integrations {
    integrations {
      id
      kind
      name
      target
      hasSecret
      changeKinds
      environments
      projects
      enabled
      disabledReason
      version
      createdAt
      updatedAt
      deliveredSeq
      failingSince
      nextAttemptAt
      deliveries(first: 20) {
        id
        seq
        attempt
        succeeded
        statusCode
        latencyMs
        responseExcerpt
        error
        manual
        at
      }
    }
    environments {
      key
      name
    }
    projects {
      key
      name
    }
    slackUserLinks {
      slackUserId
      userId
      userEmail
      linkedBy
      linkedAt
    }
    users {
      id
      email
    }
  }
`);

export type IntegrationView = IntegrationsQuery['integrations'][number];
export type DeliveryView = IntegrationView['deliveries'][number];

export const CreateIntegrationDocument = graphql(`
  mutation CreateIntegration($input: CreateIntegrationInput!) {
    createIntegration(input: $input) {
      id
      version
    }
  }
`);

export const UpdateIntegrationDocument = graphql(`
  mutation UpdateIntegration($id: ID!, $expectedVersion: Int!, $input: UpdateIntegrationInput!) {
    updateIntegration(id: $id, expectedVersion: $expectedVersion, input: $input) {
      id
      version
      enabled
    }
  }
`);

export const DeleteIntegrationDocument = graphql(`
  mutation DeleteIntegration($id: ID!, $expectedVersion: Int!) {
    deleteIntegration(id: $id, expectedVersion: $expectedVersion)
  }
`);

export const TestIntegrationDocument = graphql(`
  mutation TestIntegration($id: ID!) {
    testIntegration(id: $id) {
      id
      succeeded
      statusCode
      latencyMs
      error
    }
  }
`);

export const LinkSlackUserDocument = graphql(`
  mutation LinkSlackUser($slackUserId: String!, $userId: ID!) {
    linkSlackUser(slackUserId: $slackUserId, userId: $userId) {
      slackUserId
    }
  }
`);

export const UnlinkSlackUserDocument = graphql(`
  mutation UnlinkSlackUser($slackUserId: String!) {
    unlinkSlackUser(slackUserId: $slackUserId)
  }
`);

export const RedeliverDocument = graphql(`
  mutation RedeliverIntegrationChange($id: ID!, $seq: Int!) {
    redeliverIntegrationChange(id: $id, seq: $seq) {
      id
      succeeded
      statusCode
      error
    }
  }
`);
