// Segment membership: excluded keys win, then included keys, then any rule whose conditions all match.
// Segments are compiled on first reference, with their key lists in Sets so 100,000 keys cost one lookup.

import type { Segment } from './model';
import { type ConditionMatcher, type SegmentMatcher, compileCondition } from './operators';

const NOT_A_MEMBER: SegmentMatcher = () => false;

/** Returns a lookup from segment key to its compiled matcher (undefined for unknown keys). */
export function compileSegments(segments: readonly Segment[]): (key: string) => SegmentMatcher | undefined {
  const definitions = new Map<string, Segment>();
  for (const segment of Array.isArray(segments) ? segments : []) {
    if (segment && typeof segment.key === 'string' && !definitions.has(segment.key)) {
      definitions.set(segment.key, segment);
    }
  }
  const compiled = new Map<string, SegmentMatcher>();
  const compiling = new Set<string>();

  const lookup = (key: string): SegmentMatcher | undefined => {
    const done = compiled.get(key);
    if (done) return done;
    const definition = definitions.get(key);
    if (!definition) return undefined;
    // A segment whose rules refer back to itself (directly or not) must not recurse forever: the cyclic
    // reference simply never matches.
    if (compiling.has(key)) return NOT_A_MEMBER;
    compiling.add(key);
    try {
      const matcher = compileSegment(definition, lookup);
      compiled.set(key, matcher);
      return matcher;
    } finally {
      compiling.delete(key);
    }
  };
  return lookup;
}

function compileSegment(
  segment: Segment,
  lookup: (key: string) => SegmentMatcher | undefined,
): SegmentMatcher {
  const strings = (list: unknown) =>
    Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string') : [];
  const excluded = new Set(strings(segment.excluded));
  const included = new Set(strings(segment.included));
  const env = { segment: lookup };
  const rules: ConditionMatcher[][] = (Array.isArray(segment.rules) ? segment.rules : []).map((rule) =>
    (Array.isArray(rule?.conditions) ? rule.conditions : []).map((c) => compileCondition(c, env)),
  );
  return (context, member) => {
    if (member !== null) {
      if (excluded.has(member)) return false;
      if (included.has(member)) return true;
    }
    for (let r = 0; r < rules.length; r++) {
      const conditions = rules[r]!;
      let all = true;
      for (let c = 0; c < conditions.length && all; c++) all = conditions[c]!(context);
      if (all) return true;
    }
    return false;
  };
}
