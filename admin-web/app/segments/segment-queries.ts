import { graphql } from '../../lib/gql';

export const CreateSegmentDocument = graphql(`
  mutation CreateSegment($input: CreateSegmentInput!) {
    createSegment(input: $input) {
      key
      version
    }
  }
`);

export const UpdateSegmentDocument = graphql(`
  mutation UpdateSegment($key: String!, $expectedVersion: Int!, $input: UpdateSegmentInput!) {
    updateSegment(key: $key, expectedVersion: $expectedVersion, input: $input) {
      key
      version
      includedCount
      excludedCount
    }
  }
`);
