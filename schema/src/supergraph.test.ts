import { readFileSync } from 'node:fs';
import { composeSupergraph } from './compose';
import { supergraphPath } from './index';

describe('supergraph', () => {
  it('is up to date with the subgraph SDL files (run `npm run compose` when this fails)', () => {
    expect(readFileSync(supergraphPath, 'utf8')).toBe(composeSupergraph());
  });
});
