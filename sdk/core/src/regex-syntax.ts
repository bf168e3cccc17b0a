// Parser for the regular-expression subset accepted by `matches` conditions. It is deliberately stricter than
// JavaScript: anything whose meaning is surprising (lone `]` or `{`, `\a` identity escapes) or that a linear-time
// automaton cannot run (backreferences, lookarounds) is a syntax error with a message fit for an API user.

/** Sorted, non-overlapping inclusive UTF-16 code-unit ranges: [lo0, hi0, lo1, hi1, ...]. */
export type CharRanges = readonly number[];

export type RegexNode =
  | { type: 'empty' }
  | { type: 'chars'; ranges: CharRanges }
  | { type: 'concat'; items: RegexNode[] }
  | { type: 'alt'; options: RegexNode[] }
  | { type: 'repeat'; node: RegexNode; min: number; max: number }
  | { type: 'assert'; kind: 'start' | 'end' | 'lineStart' | 'lineEnd' | 'wordBoundary' | 'notWordBoundary' };

export class RegexSyntaxError extends Error {}

const MAX_REPEAT = 1000;
const MAX_CODE_UNIT = 0xffff;

export const DIGIT: CharRanges = [48, 57];
export const WORD: CharRanges = [48, 57, 65, 90, 95, 95, 97, 122];
// The characters JavaScript's \s matches (WhiteSpace and LineTerminator).
export const SPACE: CharRanges = [
  9, 13, 32, 32, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f,
  0x3000, 0x3000, 0xfeff, 0xfeff,
];
export const LINE_TERMINATORS: CharRanges = [10, 10, 13, 13, 0x2028, 0x2029];

export function normalizeRanges(ranges: readonly number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i]!, ranges[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= out[last]! + 1) out[last] = Math.max(out[last]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

export function complementRanges(ranges: CharRanges): number[] {
  const sorted = normalizeRanges(ranges);
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < sorted.length; i += 2) {
    if (sorted[i]! > next) out.push(next, sorted[i]! - 1);
    next = sorted[i + 1]! + 1;
  }
  if (next <= MAX_CODE_UNIT) out.push(next, MAX_CODE_UNIT);
  return out;
}

export const ANY_BUT_LINE_TERMINATOR: CharRanges = complementRanges(LINE_TERMINATORS);

const SYNTAX_CHARS = '^$\\.*+?()[]{}|/-';

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function hexValue(text: string): number {
  return /^[0-9a-fA-F]+$/.test(text) ? Number.parseInt(text, 16) : -1;
}

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  parse(): RegexNode {
    const node = this.alternation();
    if (this.pos < this.src.length) {
      // The only way to stop early is an unmatched `)`.
      throw new RegexSyntaxError(`unmatched ")" at position ${this.pos}`);
    }
    return node;
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  private alternation(): RegexNode {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { type: 'alt', options };
  }

  private sequence(): RegexNode {
    const items: RegexNode[] = [];
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    if (items.length === 0) return { type: 'empty' };
    return items.length === 1 ? items[0]! : { type: 'concat', items };
  }

  private quantified(atom: RegexNode): RegexNode {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Number.POSITIVE_INFINITY];
    else if (c === '+') [min, max] = [1, Number.POSITIVE_INFINITY];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') [min, max] = this.braces();
    else return atom;
    if (c !== '{') this.pos++;
    if (atom.type === 'assert') throw new RegexSyntaxError(`nothing to repeat at position ${this.pos - 1}`);
    if (this.peek() === '?') this.pos++; // lazy: same set of matches, so the same answer
    const next = this.peek();
    if (next === '*' || next === '+' || next === '?' || next === '{') {
      throw new RegexSyntaxError(`nothing to repeat at position ${this.pos}`);
    }
    return { type: 'repeat', node: atom, min, max };
  }

  private braces(): [number, number] {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
    if (!m)
      throw new RegexSyntaxError(
        `"{" at position ${this.pos} must start a quantifier like {2,5}; escape it as \\{`,
      );
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
    if (min > MAX_REPEAT || (max !== Number.POSITIVE_INFINITY && max > MAX_REPEAT)) {
      throw new RegexSyntaxError(`repetition counts above ${MAX_REPEAT} are not allowed`);
    }
    if (max < min) throw new RegexSyntaxError(`numbers out of order in quantifier at position ${this.pos}`);
    this.pos += m[0].length;
    return [min, max];
  }

  private atom(): RegexNode {
    const start = this.pos;
    const c = this.src[this.pos++]!;
    switch (c) {
      case '^':
        return { type: 'assert', kind: 'start' };
      case '$':
        return { type: 'assert', kind: 'end' };
      case '.':
        return { type: 'chars', ranges: ANY_BUT_LINE_TERMINATOR };
      case '(':
        return this.group(start);
      case '[':
        return { type: 'chars', ranges: this.charClass() };
      case '\\':
        return this.atomEscape();
      case '*':
      case '+':
      case '?':
        throw new RegexSyntaxError(`nothing to repeat at position ${start}`);
      case '{':
      case '}':
      case ']':
        throw new RegexSyntaxError(`"${c}" at position ${start} must be escaped as \\${c}`);
      default:
        return { type: 'chars', ranges: [c.charCodeAt(0), c.charCodeAt(0)] };
    }
  }

  private group(start: number): RegexNode {
    if (this.peek() === '?') {
      const kind = this.src.slice(this.pos, this.pos + 3);
      if (kind.startsWith('?:')) this.pos += 2;
      else if (kind === '?<=' || kind === '?<!' || kind.startsWith('?=') || kind.startsWith('?!')) {
        throw new RegexSyntaxError('lookahead and lookbehind assertions are not allowed');
      } else if (kind.startsWith('?<')) {
        const m = /^\?<[A-Za-z_$][\w$]*>/.exec(this.src.slice(this.pos));
        if (!m) throw new RegexSyntaxError(`invalid group name at position ${start}`);
        this.pos += m[0].length;
      } else throw new RegexSyntaxError(`invalid group at position ${start}`);
    }
    const inner = this.alternation();
    if (this.peek() !== ')') throw new RegexSyntaxError(`unterminated group starting at position ${start}`);
    this.pos++;
    return inner;
  }

  private atomEscape(): RegexNode {
    const c = this.peek();
    if (c === 'b' || c === 'B') {
      this.pos++;
      return { type: 'assert', kind: c === 'b' ? 'wordBoundary' : 'notWordBoundary' };
    }
    if (isDigit(c) && c !== '0') throw new RegexSyntaxError('backreferences (\\1 … \\9) are not allowed');
    if (c === 'k') throw new RegexSyntaxError('named backreferences (\\k<name>) are not allowed');
    return { type: 'chars', ranges: this.escape(false) };
  }

  /** The code units of an escape after the backslash (shared by atoms and classes). */
  private escape(inClass: boolean): number[] {
    const at = this.pos - 1;
    const c = this.src[this.pos++];
    switch (c) {
      case undefined:
        throw new RegexSyntaxError('pattern ends with a lone backslash');
      case 'd':
        return [...DIGIT];
      case 'D':
        return complementRanges(DIGIT);
      case 'w':
        return [...WORD];
      case 'W':
        return complementRanges(WORD);
      case 's':
        return [...SPACE];
      case 'S':
        return complementRanges(SPACE);
      case 't':
        return [9, 9];
      case 'n':
        return [10, 10];
      case 'v':
        return [11, 11];
      case 'f':
        return [12, 12];
      case 'r':
        return [13, 13];
      case 'b':
        if (inClass) return [8, 8];
        break;
      case '0':
        if (isDigit(this.peek()))
          throw new RegexSyntaxError(`octal escapes are not allowed (position ${at})`);
        return [0, 0];
      case 'x':
      case 'u': {
        const digits = c === 'x' ? 2 : 4;
        const value = hexValue(this.src.slice(this.pos, this.pos + digits));
        if (value < 0 || this.src.slice(this.pos, this.pos + digits).length !== digits) {
          throw new RegexSyntaxError(`invalid \\${c} escape at position ${at}`);
        }
        this.pos += digits;
        return [value, value];
      }
      default:
        if (SYNTAX_CHARS.includes(c)) return [c.charCodeAt(0), c.charCodeAt(0)];
    }
    throw new RegexSyntaxError(`unsupported escape \\${c} at position ${at}`);
  }

  private charClass(): number[] {
    const start = this.pos - 1;
    const negated = this.peek() === '^';
    if (negated) this.pos++;
    const ranges: number[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined)
        throw new RegexSyntaxError(`unterminated character class starting at position ${start}`);
      if (c === ']') {
        this.pos++;
        break;
      }
      const lo = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.pos++;
        const hi = this.classAtom();
        if (lo.length !== 2 || hi.length !== 2 || lo[0] !== lo[1] || hi[0] !== hi[1]) {
          throw new RegexSyntaxError(`a class escape cannot bound a range (position ${start})`);
        }
        if (hi[0]! < lo[0]!)
          throw new RegexSyntaxError(`range out of order in character class at position ${start}`);
        ranges.push(lo[0]!, hi[0]!);
      } else ranges.push(...lo);
    }
    return negated ? complementRanges(ranges) : normalizeRanges(ranges);
  }

  private classAtom(): number[] {
    const c = this.src[this.pos++]!;
    if (c === '\\') return this.escape(true);
    if (c === '[')
      throw new RegexSyntaxError(`"[" inside a character class must be escaped (position ${this.pos - 1})`);
    return [c.charCodeAt(0), c.charCodeAt(0)];
  }
}

export function parseRegex(pattern: string): RegexNode {
  return new Parser(pattern).parse();
}
