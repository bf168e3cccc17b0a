// The `i`, `m` and `s` flags of `matches`, applied to a parsed pattern before it becomes an automaton, so the
// linear-time engine itself stays flag-free: `s` widens `.` to every code unit, `m` turns ^ and $ into line
// anchors, and `i` widens every character set to the characters JavaScript's /i treats as the same (its
// Canonicalize: single-code-unit toUpperCase, never mapping a non-ASCII character onto ASCII).

import { ANY_BUT_LINE_TERMINATOR, type CharRanges, type RegexNode, normalizeRanges } from './regex-syntax';

export interface RegexFlags {
  caseInsensitive: boolean;
  multiline: boolean;
  dotAll: boolean;
}

export const NO_FLAGS: RegexFlags = { caseInsensitive: false, multiline: false, dotAll: false };

/** Parses a flag string of distinct letters from "ims"; returns a readable reason when it is not one. */
export function parseRegexFlags(flags: unknown): RegexFlags | string {
  if (flags === undefined || flags === null || flags === '') return NO_FLAGS;
  if (typeof flags !== 'string') return 'regexFlags must be a string of the letters i, m and s';
  for (let i = 0; i < flags.length; i++) {
    const c = flags[i]!;
    if (c !== 'i' && c !== 'm' && c !== 's')
      return `unsupported regex flag "${c}"; only i, m and s are supported`;
    if (flags.indexOf(c) !== i) return `regex flag "${c}" is given twice`;
  }
  return {
    caseInsensitive: flags.includes('i'),
    multiline: flags.includes('m'),
    dotAll: flags.includes('s'),
  };
}

const EVERYTHING: CharRanges = [0, 0xffff];

let canonical: Uint16Array | null = null;

/** Canonicalize(c) for every UTF-16 code unit, computed once on first use of `i`. */
function canonicalTable(): Uint16Array {
  if (canonical !== null) return canonical;
  canonical = new Uint16Array(0x10000);
  for (let c = 0; c <= 0xffff; c++) {
    const upper = String.fromCharCode(c).toUpperCase();
    const u = upper.length === 1 ? upper.charCodeAt(0) : c;
    canonical[c] = c >= 128 && u < 128 ? c : u;
  }
  return canonical;
}

/** Every code unit whose canonical form is the canonical form of some member of `ranges`. */
function foldCase(ranges: CharRanges): CharRanges {
  const table = canonicalTable();
  const wanted = new Uint8Array(0x10000);
  for (let i = 0; i < ranges.length; i += 2)
    for (let c = ranges[i]!; c <= ranges[i + 1]!; c++) wanted[table[c]!] = 1;
  const out: number[] = [];
  for (let c = 0; c <= 0xffff; c++) {
    if (wanted[table[c]!] === 0) continue;
    const last = out.length - 1;
    if (last > 0 && out[last] === c - 1) out[last] = c;
    else out.push(c, c);
  }
  return normalizeRanges(out);
}

export function applyRegexFlags(node: RegexNode, flags: RegexFlags): RegexNode {
  if (!flags.caseInsensitive && !flags.multiline && !flags.dotAll) return node;
  switch (node.type) {
    case 'chars': {
      // The parser gives `.` this very constant, so identity tells a dot from a written character class.
      let ranges = flags.dotAll && node.ranges === ANY_BUT_LINE_TERMINATOR ? EVERYTHING : node.ranges;
      if (flags.caseInsensitive) ranges = foldCase(ranges);
      return { type: 'chars', ranges };
    }
    case 'assert':
      if (!flags.multiline) return node;
      if (node.kind === 'start') return { type: 'assert', kind: 'lineStart' };
      if (node.kind === 'end') return { type: 'assert', kind: 'lineEnd' };
      return node;
    case 'concat':
      return { type: 'concat', items: node.items.map((item) => applyRegexFlags(item, flags)) };
    case 'alt':
      return { type: 'alt', options: node.options.map((option) => applyRegexFlags(option, flags)) };
    case 'repeat':
      return { ...node, node: applyRegexFlags(node.node, flags) };
    default:
      return node;
  }
}
