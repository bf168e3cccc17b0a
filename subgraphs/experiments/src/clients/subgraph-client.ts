// The signed subgraph-to-subgraph client lives in server-kit (the release executor uses it too).
export { errorCode, SubgraphClient, subgraphUnavailable } from '@switchyard/server-kit';
