export * from './graphql-client';
export * from './test-database';
export * from './test-stack';
export * from './subscriptions';
export * from './replica-scenario';
export * from './replica-stack';
export * from './edge-relay';
