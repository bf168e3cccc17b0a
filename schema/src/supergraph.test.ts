import { readFileSync } from 'node:fs';
import { composeSupergraph } from './compose';
import { apiSchemaPath, supergraphPath } from './index';

describe('the checked-in composition (run `npm run compose` when this fails)', () => {
  const composed = composeSupergraph();

  it('supergraph.graphql is up to date with the subgraph SDL files', () => {
    expect(readFileSync(supergraphPath, 'utf8')).toBe(composed.supergraphSdl);
  });

  it('api.graphql is up to date with the subgraph SDL files', () => {
    expect(readFileSync(apiSchemaPath, 'utf8')).toBe(composed.apiSdl);
  });
});
