// `@switchyard/client/local-evaluation`: opt-in local evaluation for browser builds.

export { FlagSetState, localEvaluation } from './flag-set-state';
