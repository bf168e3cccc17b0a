// Switchyard results, reasons and errors in OpenFeature's terms, shared by the server and web providers.

import {
  type EvaluationContext as OpenFeatureContext,
  ErrorCode,
  type FlagValue,
  type ResolutionDetails,
  StandardResolutionReasons,
} from '@openfeature/core';
import type { EvaluationContext, EvaluationResult, SwitchyardClient } from '@switchyard/client';

/** OpenFeature's `targetingKey` is Switchyard's `key`; every other attribute passes through. */
export function toContext(
  context: OpenFeatureContext | undefined,
  fallback: EvaluationContext,
): EvaluationContext {
  if (!context || Object.keys(context).length === 0) return fallback;
  const { targetingKey, ...attributes } = context;
  return { ...attributes, key: typeof targetingKey === 'string' ? targetingKey : '' } as EvaluationContext;
}

const ERROR_CODES: Record<string, ErrorCode> = {
  FLAG_NOT_FOUND: ErrorCode.FLAG_NOT_FOUND,
  TYPE_MISMATCH: ErrorCode.TYPE_MISMATCH,
  MALFORMED_FLAG: ErrorCode.PARSE_ERROR,
  INVALID_CONTEXT: ErrorCode.INVALID_CONTEXT,
  PROVIDER_NOT_READY: ErrorCode.PROVIDER_NOT_READY,
  GENERAL: ErrorCode.GENERAL,
};

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
    let errorCode = ERROR_CODES[reason.errorCode ?? 'GENERAL'] ?? ErrorCode.GENERAL;
    if (reason.errorCode === 'INVALID_CONTEXT' && !context.key) errorCode = ErrorCode.TARGETING_KEY_MISSING;
    return {
      value: defaultValue,
      reason: StandardResolutionReasons.ERROR,
      errorCode,
      errorMessage: reason.errorMessage,
      flagMetadata,
    };
  }
  let mapped: string;
  if (client.status === 'stale') mapped = StandardResolutionReasons.STALE;
  else if (reason.inExperiment) mapped = StandardResolutionReasons.SPLIT;
  else if (reason.kind === 'OFF' || reason.kind === 'SCHEDULED_OFF' || reason.kind === 'PREREQUISITE_FAILED')
    mapped = StandardResolutionReasons.DISABLED;
  else if (reason.kind === 'TARGET_MATCH' || reason.kind === 'RULE_MATCH')
    mapped = StandardResolutionReasons.TARGETING_MATCH;
  else mapped = StandardResolutionReasons.DEFAULT;
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
