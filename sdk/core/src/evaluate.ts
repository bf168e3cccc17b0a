// One-off evaluation of a single flag without keeping a compiled set. It compiles and evaluates through the same
// code as compileFlagSet, so there is only one implementation of the rules; use compileFlagSet on hot paths.

import { type CompileOptions, compileFlagSet } from './compile';
import type { EvaluationContext, EvaluationResult, FlagConfig, Segment } from './model';

export interface EvaluateFlagOptions<T> extends CompileOptions {
  defaultValue?: T;
  /** Flags that `flag`'s prerequisites may refer to. */
  flags?: readonly FlagConfig[];
}

export function evaluateFlag<T = unknown>(
  flag: FlagConfig,
  context: EvaluationContext,
  segments: readonly Segment[] = [],
  options: EvaluateFlagOptions<T> = {},
): EvaluationResult<T> {
  const others = (options.flags ?? []).filter((f) => f?.key !== flag?.key);
  const set = compileFlagSet(
    { environment: '', version: 0, flags: [flag, ...others], segments: [...segments] },
    { now: options.now },
  );
  return set.evaluate(flag?.key, context, options.defaultValue);
}
