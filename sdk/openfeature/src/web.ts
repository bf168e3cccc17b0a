// OpenFeature provider for @openfeature/web-sdk: one user per page, values kept current (client or server key).

import {
  type EvaluationContext,
  type FlagValue,
  type JsonValue,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
} from '@openfeature/web-sdk';
import { type ClientOptions, createClient, type SwitchyardClient } from '@switchyard/client';
import { forwardEvents, toContext, toResolution } from './mapping';

export class SwitchyardWebProvider implements Provider {
  readonly metadata = { name: 'switchyard' } as const;
  readonly runsOn = 'client' as const;
  readonly events = new OpenFeatureEventEmitter();
  readonly client: SwitchyardClient;
  private readonly stopEvents: () => void;

  constructor(clientOrOptions: SwitchyardClient | ClientOptions) {
    this.client = 'getDetails' in clientOrOptions ? clientOrOptions : createClient(clientOrOptions);
    this.stopEvents = forwardEvents(this.client, {
      ready: () => this.events.emit(ProviderEvents.Ready),
      stale: (message) => this.events.emit(ProviderEvents.Stale, { message }),
      error: (message) => this.events.emit(ProviderEvents.Error, { message }),
      changed: (flagsChanged) => this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged }),
    });
  }

  async initialize(context?: EvaluationContext): Promise<void> {
    if (context && Object.keys(context).length > 0)
      await this.client.identify(toContext(context, this.client.context));
    await this.client.ready();
    if (this.client.status === 'error') throw new Error('Switchyard could not load a configuration');
  }

  async onContextChange(_old: EvaluationContext, next: EvaluationContext): Promise<void> {
    await this.client.identify(toContext(next, this.client.context));
  }

  async onClose(): Promise<void> {
    this.stopEvents();
    await this.client.close();
  }

  private resolve<T extends FlagValue>(key: string, defaultValue: T): ResolutionDetails<T> {
    const ctx = this.client.context;
    return toResolution(this.client.getDetails(key, defaultValue as never), defaultValue, this.client, ctx);
  }

  resolveBooleanEvaluation(key: string, d: boolean): ResolutionDetails<boolean> {
    return this.resolve(key, d);
  }

  resolveStringEvaluation(key: string, d: string): ResolutionDetails<string> {
    return this.resolve(key, d);
  }

  resolveNumberEvaluation(key: string, d: number): ResolutionDetails<number> {
    return this.resolve(key, d);
  }

  resolveObjectEvaluation<T extends JsonValue>(key: string, d: T): ResolutionDetails<T> {
    return this.resolve(key, d);
  }
}
