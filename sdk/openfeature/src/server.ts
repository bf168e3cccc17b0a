// OpenFeature provider for @openfeature/server-sdk: evaluates locally (server key) for the context of each call.

import {
  type EvaluationContext,
  type FlagValue,
  type JsonValue,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
} from '@openfeature/server-sdk';
import { type ClientOptions, createClient, type SwitchyardClient } from '@switchyard/client';
import { forwardEvents, toContext, toResolution } from './mapping';

export class SwitchyardServerProvider implements Provider {
  readonly metadata = { name: 'switchyard' } as const;
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();
  readonly client: SwitchyardClient;
  private readonly stopEvents: () => void;

  /** Pass a client, or the options to create one (a server key). */
  constructor(clientOrOptions: SwitchyardClient | ClientOptions) {
    this.client = 'getDetails' in clientOrOptions ? clientOrOptions : createClient(clientOrOptions);
    this.stopEvents = forwardEvents(this.client, {
      ready: () => this.events.emit(ProviderEvents.Ready),
      stale: (message) => this.events.emit(ProviderEvents.Stale, { message }),
      error: (message) => this.events.emit(ProviderEvents.Error, { message }),
      changed: (flagsChanged) => this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged }),
    });
  }

  async initialize(): Promise<void> {
    await this.client.ready();
    // OpenFeature reports ERROR when initialize rejects; a client with a cached config still serves it.
    if (this.client.status === 'error') throw new Error('Switchyard could not load a configuration');
  }

  async onClose(): Promise<void> {
    this.stopEvents();
    await this.client.close();
  }

  private resolve<T extends FlagValue>(key: string, defaultValue: T, context: EvaluationContext) {
    const ctx = toContext(context, this.client.context);
    return toResolution(
      this.client.getDetails(key, defaultValue as never, ctx),
      defaultValue,
      this.client,
      ctx,
    );
  }

  async resolveBooleanEvaluation(
    key: string,
    d: boolean,
    c: EvaluationContext,
  ): Promise<ResolutionDetails<boolean>> {
    return this.resolve(key, d, c);
  }

  async resolveStringEvaluation(
    key: string,
    d: string,
    c: EvaluationContext,
  ): Promise<ResolutionDetails<string>> {
    return this.resolve(key, d, c);
  }

  async resolveNumberEvaluation(
    key: string,
    d: number,
    c: EvaluationContext,
  ): Promise<ResolutionDetails<number>> {
    return this.resolve(key, d, c);
  }

  async resolveObjectEvaluation<T extends JsonValue>(
    key: string,
    d: T,
    c: EvaluationContext,
  ): Promise<ResolutionDetails<T>> {
    return this.resolve(key, d, c);
  }
}
