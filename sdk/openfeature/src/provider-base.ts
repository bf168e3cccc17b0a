// What the server and web providers share: the client they wrap, its events in OpenFeature's terms, readiness,
// closing, and resolving one flag. Each SDK's provider adds only its own signatures.

import type {
  EvaluationContext as OpenFeatureContext,
  FlagValue,
  ResolutionDetails,
} from '@openfeature/core';
import { type ClientOptions, createClient, type SwitchyardClient } from '@switchyard/client';
import {
  forwardEvents,
  type ProviderEmitter,
  type ProviderEventNames,
  toContext,
  toResolution,
} from './mapping';

export abstract class SwitchyardProviderBase<E, Emitter extends ProviderEmitter<E>> {
  readonly metadata = { name: 'switchyard' } as const;
  readonly client: SwitchyardClient;
  private readonly stopEvents: () => void;

  /** Takes a client, or the options to create one. */
  constructor(
    clientOrOptions: SwitchyardClient | ClientOptions,
    readonly events: Emitter,
    names: ProviderEventNames<E>,
  ) {
    this.client = 'getDetails' in clientOrOptions ? clientOrOptions : createClient(clientOrOptions);
    this.stopEvents = forwardEvents(this.client, events, names);
  }

  /** Resolves when the client is ready; rejects (OpenFeature's ERROR status) only when it has no config at all. */
  protected async untilReady(): Promise<void> {
    await this.client.ready();
    // A client with a cached config still serves it; only one with nothing is an initialisation error.
    if (this.client.status === 'error') throw new Error('Switchyard could not load a configuration');
  }

  async onClose(): Promise<void> {
    this.stopEvents();
    await this.client.close();
  }

  /** One flag for `context` (OpenFeature's), or for the client's own context when none is given. */
  protected resolveFlag<T extends FlagValue>(
    key: string,
    defaultValue: T,
    context?: OpenFeatureContext,
  ): ResolutionDetails<T> {
    const ctx = context === undefined ? undefined : toContext(context, this.client.context);
    const result = this.client.getDetails(key, defaultValue as never, ctx);
    return toResolution(result, defaultValue, this.client, ctx ?? this.client.context);
  }
}
