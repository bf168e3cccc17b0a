// Exports common to the Node and browser entry points.

export { Backoff } from './backoff';
export { LocalStorageConfigCache, MemoryConfigCache } from './caches';
export { ContextTooLargeError, createClientOn, type Platform, type SwitchyardClient } from './client';
export { EventQueue, PermanentSendError } from './event-queue';
export { type Transport, TransportError, UrqlTransport } from './transport';
export * from './types';
