import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type DocumentNode, parse } from 'graphql';

export const subgraphNames = ['flags', 'experiments', 'analytics'] as const;
export type SubgraphName = (typeof subgraphNames)[number];

/** The folder holding the SDL files and the composed supergraph. */
export const schemaDir = path.join(__dirname, '..');
export const supergraphPath = path.join(schemaDir, 'supergraph.graphql');
export const apiSchemaPath = path.join(schemaDir, 'api.graphql');

export function subgraphSdl(name: SubgraphName): string {
  return readFileSync(path.join(schemaDir, `${name}.graphql`), 'utf8');
}

export function subgraphTypeDefs(name: SubgraphName): DocumentNode {
  return parse(subgraphSdl(name));
}
