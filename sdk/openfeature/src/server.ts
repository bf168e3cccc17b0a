// OpenFeature provider for @openfeature/server-sdk: evaluates locally (server key) for the context of each call.

import {
  type EvaluationContext,
  type JsonValue,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
} from '@openfeature/server-sdk';
import type { ClientOptions, SwitchyardClient } from '@switchyard/client';
import { SwitchyardProviderBase } from './provider-base';

export class SwitchyardServerProvider
  extends SwitchyardProviderBase<ProviderEvents, OpenFeatureEventEmitter>
  implements Provider
{
  readonly runsOn = 'server' as const;

  /** Pass a client, or the options to create one (a server key). */
  constructor(clientOrOptions: SwitchyardClient | ClientOptions) {
    super(clientOrOptions, new OpenFeatureEventEmitter(), ProviderEvents);
  }

  initialize(): Promise<void> {
    return this.untilReady();
  }

  async resolveBooleanEvaluation(
    key: string,
    d: boolean,
    c: EvaluationContext,
  ): Promise<ResolutionDetails<boolean>> {
    return this.resolveFlag(key, d, c);
  }

  async resolveStringEvaluation(
    key: string,
    d: string,
    c: EvaluationContext,
  ): Promise<ResolutionDetails<string>> {
    return this.resolveFlag(key, d, c);
  }

  async resolveNumberEvaluation(
    key: string,
    d: number,
    c: EvaluationContext,
  ): Promise<ResolutionDetails<number>> {
    return this.resolveFlag(key, d, c);
  }

  async resolveObjectEvaluation<T extends JsonValue>(
    key: string,
    d: T,
    c: EvaluationContext,
  ): Promise<ResolutionDetails<T>> {
    return this.resolveFlag(key, d, c);
  }
}
