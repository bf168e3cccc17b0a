// Switchyard results, reasons and errors in OpenFeature's terms, shared by the server and web providers.

import {
  type EvaluationContext as OpenFeatureContext,
  ErrorCode,
  type FlagValue,
  type ResolutionDetails,
  StandardResolutionReasons,
} from '@openfeature/core';
import type { EvaluationContext, EvaluationResult, SwitchyardClient } from '@switchyard/client';
import { openFeatureErrorCode, openFeatureReason } from '@switchyard/core';

/** OpenFeature's `targetingKey` is Switchyard's `key`; every other attribute passes through. */
export function toContext(
  context: OpenFeatureContext | undefined,
  fallback: EvaluationContext,
): EvaluationContext {
  if (!context || Object.keys(context).length === 0) return fallback;
  const { targetingKey, ...attributes } = context;
  return { ...attributes, key: typeof targetingKey === 'string' ? targetingKey : '' } as EvaluationContext;
}

export function toResolution<T extends FlagValue>(
  result: EvaluationResult<unknown>,
  defaultValue: T,
  client: SwitchyardClient,
  context: EvaluationContext,
): ResolutionDetails<T> {
  const reason = result.reason;
  const flagMetadata: Record<string, string | number | boolean> = { version: client.version };
  if (reason.ruleId) flagMetadata.ruleId = reason.ruleId;
  if (reason.experimentKey) flagMetadata.experimentKey = reason.experimentKey;
  if (reason.inExperiment !== undefined) flagMetadata.inExperiment = reason.inExperiment;
  if (reason.kind === 'ERROR') {
    // OpenFeature's ErrorCode enum values are these very strings.
    const errorCode = openFeatureErrorCode(reason.errorCode, context.key) as ErrorCode;
    return {
      value: defaultValue,
      reason: StandardResolutionReasons.ERROR,
      errorCode,
      errorMessage: reason.errorMessage,
      flagMetadata,
    };
  }
  const mapped: string =
    client.status === 'stale' ? StandardResolutionReasons.STALE : openFeatureReason(reason);
  return { value: result.value as T, variant: result.variation ?? undefined, reason: mapped, flagMetadata };
}

/** The four provider events, as each SDK's `ProviderEvents` names them (the same strings, different enums). */
export interface ProviderEventNames<E> {
  Ready: E;
  Stale: E;
  Error: E;
  ConfigurationChanged: E;
}

export interface ProviderEmitter<E> {
  emit(event: E, details?: { message?: string; flagsChanged?: string[] }): void;
}

/** Emits READY, STALE and ERROR when the client's status changes, CONFIGURATION_CHANGED after every change. */
export function forwardEvents<E>(
  client: SwitchyardClient,
  emitter: ProviderEmitter<E>,
  names: ProviderEventNames<E>,
): () => void {
  let status = client.status;
  return client.onChange((event) => {
    if (event.status !== status) {
      status = event.status;
      if (status === 'ready') emitter.emit(names.Ready);
      else if (status === 'stale')
        emitter.emit(names.Stale, {
          message: 'disconnected from the gateway; serving the last known config',
        });
      else if (status === 'error')
        emitter.emit(names.Error, { message: 'the gateway refused the SDK key or cannot be reached' });
    }
    if (event.changed.length > 0) emitter.emit(names.ConfigurationChanged, { flagsChanged: event.changed });
  });
}
