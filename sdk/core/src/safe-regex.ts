// `matches` patterns run on a Thompson automaton (a set of NFA states advanced one code unit at a time), not on
// the backtracking RegExp engine, so matching is linear in the input whatever the pattern: `.*a.*a.*b` against a
// long string cannot hang a server. On top of that, validation rejects patterns that are long or that would be
// catastrophic in a backtracking engine (nested quantifiers, backreferences), because the same patterns are shown
// to and copied by people who will paste them into other tools.

import { NO_FLAGS, type RegexFlags, applyRegexFlags, parseRegexFlags } from './regex-flags';
import {
  type CharRanges,
  LINE_TERMINATORS,
  type RegexNode,
  RegexSyntaxError,
  WORD,
  parseRegex,
} from './regex-syntax';

export const MAX_PATTERN_LENGTH = 256;
/**
 * Upper bound on automaton states. Each input character may visit every state, so this bounds the work per
 * character: counted repetition multiplies states (`a{1000}b` is 1,002, `.{0,999}` about 2,000), and at 10,000
 * states a 10,000-character attribute took seconds. At 500 a 1,024-character attribute (the context limit) costs
 * well under a millisecond per pattern.
 */
export const MAX_REGEX_STATES = 500;

const CHARS = 0;
const SPLIT = 1;
const ASSERT = 2;
const MATCH = 3;

const ASSERT_START = 0;
const ASSERT_END = 1;
const ASSERT_WORD = 2;
const ASSERT_NOT_WORD = 3;
const ASSERT_LINE_START = 4;
const ASSERT_LINE_END = 5;

class TooComplex extends Error {}

/** Returns a readable reason when `pattern` (with `flags`, letters of "ims") is unsafe or unsupported, else null. */
export function validateRegex(pattern: unknown, flags: unknown = ''): string | null {
  const parsedFlags = parseRegexFlags(flags);
  if (typeof parsedFlags === 'string') return parsedFlags;
  if (typeof pattern !== 'string') return 'pattern must be a string';
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    // The pattern must also mean the same thing to anyone reading it as a JavaScript regular expression.
    new RegExp(pattern, typeof flags === 'string' ? flags : '');
  } catch (error) {
    return `invalid regular expression: ${(error as Error).message}`;
  }
  let ast: RegexNode;
  try {
    ast = parseRegex(pattern);
  } catch (error) {
    if (error instanceof RegexSyntaxError) return error.message;
    throw error;
  }
  if (hasNestedQuantifier(ast, false)) {
    return 'nested quantifiers such as (a+)+ are not allowed: they can backtrack catastrophically';
  }
  try {
    new Automaton(applyRegexFlags(ast, parsedFlags));
  } catch (error) {
    if (error instanceof TooComplex)
      return `pattern is too complex: it needs more than ${MAX_REGEX_STATES} automaton states (a counted repetition such as x{1000} or .{0,999} repeats its part that many times); use smaller counts or + and *`;
    throw error;
  }
  return null;
}

/** A repetition (max > 1) inside another repetition (max > 1): star height above one. */
function hasNestedQuantifier(node: RegexNode, insideRepeat: boolean): boolean {
  switch (node.type) {
    case 'concat':
      return node.items.some((item) => hasNestedQuantifier(item, insideRepeat));
    case 'alt':
      return node.options.some((option) => hasNestedQuantifier(option, insideRepeat));
    case 'repeat': {
      const repeats = node.max > 1;
      if (repeats && insideRepeat) return true;
      return hasNestedQuantifier(node.node, insideRepeat || repeats);
    }
    default:
      return false;
  }
}

function isWordUnit(c: number): boolean {
  for (let i = 0; i < WORD.length; i += 2) if (c >= WORD[i]! && c <= WORD[i + 1]!) return true;
  return false;
}

/** Thompson NFA over UTF-16 code units with reusable work lists. */
class Automaton {
  private readonly kind: number[] = [];
  private readonly out1: number[] = [];
  private readonly out2: number[] = [];
  private readonly ranges: (CharRanges | null)[] = [];
  private readonly start: number;
  private readonly anchoredAtStart: boolean;
  private current!: Int32Array;
  private next!: Int32Array;
  private seen!: Int32Array;
  private stack!: Int32Array;
  private generation = 0;

  constructor(ast: RegexNode) {
    const match = this.add(MATCH, -1, -1, null);
    this.start = this.build(ast, match);
    this.anchoredAtStart = startsWithStartAnchor(ast);
    const n = this.kind.length;
    this.current = new Int32Array(n);
    this.next = new Int32Array(n);
    this.seen = new Int32Array(n);
    this.stack = new Int32Array(n * 2 + 2);
  }

  private add(kind: number, out1: number, out2: number, ranges: CharRanges | null): number {
    if (this.kind.length >= MAX_REGEX_STATES) throw new TooComplex();
    this.kind.push(kind);
    this.out1.push(out1);
    this.out2.push(out2);
    this.ranges.push(ranges);
    return this.kind.length - 1;
  }

  /** Builds `node` so that it continues at state `next`; returns its entry state. */
  private build(node: RegexNode, next: number): number {
    switch (node.type) {
      case 'empty':
        return next;
      case 'chars':
        return this.add(CHARS, next, -1, node.ranges);
      case 'assert': {
        const kind = ASSERT_KINDS[node.kind];
        return this.add(ASSERT, next, kind, null);
      }
      case 'concat': {
        let entry = next;
        for (let i = node.items.length - 1; i >= 0; i--) entry = this.build(node.items[i]!, entry);
        return entry;
      }
      case 'alt': {
        let entry = this.build(node.options[node.options.length - 1]!, next);
        for (let i = node.options.length - 2; i >= 0; i--) {
          entry = this.add(SPLIT, this.build(node.options[i]!, next), entry, null);
        }
        return entry;
      }
      case 'repeat': {
        let entry = next;
        if (node.max === Number.POSITIVE_INFINITY) {
          const loop = this.add(SPLIT, -1, next, null);
          this.out1[loop] = this.build(node.node, loop);
          entry = loop;
        } else {
          for (let i = node.min; i < node.max; i++)
            entry = this.add(SPLIT, this.build(node.node, entry), next, null);
        }
        for (let i = 0; i < node.min; i++) entry = this.build(node.node, entry);
        return entry;
      }
    }
  }

  /** Adds `state` and everything reachable by empty moves at `pos` to `list`; true if MATCH is reachable. */
  private close(state: number, list: Int32Array, size: number[], input: string, pos: number): boolean {
    const stack = this.stack;
    const seen = this.seen;
    const generation = this.generation;
    let top = 0;
    stack[top++] = state;
    while (top > 0) {
      const s = stack[--top]!;
      if (seen[s] === generation) continue;
      seen[s] = generation;
      switch (this.kind[s]) {
        case MATCH:
          return true;
        case CHARS:
          list[size[0]!++] = s;
          break;
        case SPLIT:
          // Push the second branch first so the first is explored first (order does not change the answer).
          stack[top++] = this.out2[s]!;
          stack[top++] = this.out1[s]!;
          break;
        default:
          if (assertionHolds(this.out2[s]!, input, pos)) stack[top++] = this.out1[s]!;
      }
    }
    return false;
  }

  test(input: string): boolean {
    const size = [0];
    let current = this.current;
    let next = this.next;
    this.generation++;
    if (this.close(this.start, current, size, input, 0)) return true;
    let count = size[0]!;
    for (let pos = 0; pos < input.length; pos++) {
      if (count === 0 && this.anchoredAtStart) return false;
      const c = input.charCodeAt(pos);
      this.generation++;
      size[0] = 0;
      for (let i = 0; i < count; i++) {
        const s = current[i]!;
        if (inRanges(this.ranges[s]!, c) && this.close(this.out1[s]!, next, size, input, pos + 1))
          return true;
      }
      // Unanchored search: a match may also begin at the next position.
      if (!this.anchoredAtStart && this.close(this.start, next, size, input, pos + 1)) return true;
      count = size[0]!;
      const swap = current;
      current = next;
      next = swap;
    }
    return false;
  }
}

function inRanges(ranges: CharRanges, c: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) {
    if (c < ranges[i]!) return false;
    if (c <= ranges[i + 1]!) return true;
  }
  return false;
}

const ASSERT_KINDS = {
  start: ASSERT_START,
  end: ASSERT_END,
  wordBoundary: ASSERT_WORD,
  notWordBoundary: ASSERT_NOT_WORD,
  lineStart: ASSERT_LINE_START,
  lineEnd: ASSERT_LINE_END,
} as const;

function isLineTerminator(c: number): boolean {
  for (let i = 0; i < LINE_TERMINATORS.length; i += 2)
    if (c >= LINE_TERMINATORS[i]! && c <= LINE_TERMINATORS[i + 1]!) return true;
  return false;
}

function assertionHolds(kind: number, input: string, pos: number): boolean {
  switch (kind) {
    case ASSERT_START:
      return pos === 0;
    case ASSERT_END:
      return pos === input.length;
    case ASSERT_LINE_START:
      return pos === 0 || isLineTerminator(input.charCodeAt(pos - 1));
    case ASSERT_LINE_END:
      return pos === input.length || isLineTerminator(input.charCodeAt(pos));
    default: {
      const before = pos > 0 && isWordUnit(input.charCodeAt(pos - 1));
      const after = pos < input.length && isWordUnit(input.charCodeAt(pos));
      return (before !== after) === (kind === ASSERT_WORD);
    }
  }
}

/** True when every match must begin at position 0 (a leading ^ outside any alternation). */
function startsWithStartAnchor(node: RegexNode): boolean {
  if (node.type === 'assert') return node.kind === 'start';
  if (node.type === 'concat') return node.items.length > 0 && startsWithStartAnchor(node.items[0]!);
  if (node.type === 'alt') return node.options.every(startsWithStartAnchor);
  return false;
}

/** A linear-time matcher for a validated pattern and flags, or null when {@link validateRegex} rejects them. */
export function compileSafeRegex(pattern: unknown, flags: unknown = ''): ((input: string) => boolean) | null {
  if (validateRegex(pattern, flags) !== null) return null;
  const parsedFlags = parseRegexFlags(flags) as RegexFlags;
  const automaton = new Automaton(applyRegexFlags(parseRegex(pattern as string), parsedFlags ?? NO_FLAGS));
  return (input) => automaton.test(input);
}
