import { graphql } from '../../lib/gql';

// `$project` is filled with the console's chosen project (lib/project-exchange.ts); createSegment takes it
// in its input, which the caller passes.

export const CreateSegmentDocument = graphql(`
  mutation CreateSegment($input: CreateSegmentInput!) {
    createSegment(input: $input) {
      key
      version
    }
  }
`);

export const UpdateSegmentDocument = graphql(`
  mutation UpdateSegment($key: String!, $project: String, $expectedVersion: Int!, $input: UpdateSegmentInput!) {
    updateSegment(key: $key, project: $project, expectedVersion: $expectedVersion, input: $input) {
      key
      version
      includedCount
      excludedCount
    }
  }
`);
