// OpenFeature provider for @openfeature/web-sdk: one user per page, values kept current (client or server key).

import {
  type EvaluationContext,
  type JsonValue,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
} from '@openfeature/web-sdk';
import type { ClientOptions, SwitchyardClient } from '@switchyard/client';
import { toContext } from './mapping';
import { SwitchyardProviderBase } from './provider-base';

export class SwitchyardWebProvider
  extends SwitchyardProviderBase<ProviderEvents, OpenFeatureEventEmitter>
  implements Provider
{
  readonly runsOn = 'client' as const;

  constructor(clientOrOptions: SwitchyardClient | ClientOptions) {
    super(clientOrOptions, new OpenFeatureEventEmitter(), ProviderEvents);
  }

  async initialize(context?: EvaluationContext): Promise<void> {
    if (context && Object.keys(context).length > 0)
      await this.client.identify(toContext(context, this.client.context));
    await this.untilReady();
  }

  async onContextChange(_old: EvaluationContext, next: EvaluationContext): Promise<void> {
    await this.client.identify(toContext(next, this.client.context));
  }

  resolveBooleanEvaluation(key: string, d: boolean): ResolutionDetails<boolean> {
    return this.resolveFlag(key, d);
  }

  resolveStringEvaluation(key: string, d: string): ResolutionDetails<string> {
    return this.resolveFlag(key, d);
  }

  resolveNumberEvaluation(key: string, d: number): ResolutionDetails<number> {
    return this.resolveFlag(key, d);
  }

  resolveObjectEvaluation<T extends JsonValue>(key: string, d: T): ResolutionDetails<T> {
    return this.resolveFlag(key, d);
  }
}
