export * from './graphql-client';
export * from './test-database';
export * from './test-stack';
export * from './subscriptions';
export * from './until';
export * from './replica-scenario';
export * from './replica-stack';
export * from './edge-relay';
export * from './oidc-provider';
// Ports for a service a test must name before it starts (a provider's redirect URI).
export { freePort } from '@switchyard/infra';
