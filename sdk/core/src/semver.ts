// Semantic Versioning 2.0.0 parsing and precedence (https://semver.org/#spec-item-11).
// Numeric parts are kept as digit strings so versions beyond 2^53 still compare exactly.

export interface SemVer {
  readonly major: string;
  readonly minor: string;
  readonly patch: string;
  /** Dot-separated prerelease identifiers; empty for a release. Build metadata is dropped (no precedence). */
  readonly prerelease: readonly string[];
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Digits without a superfluous leading zero. */
function isNumericIdentifier(s: string): boolean {
  return isDigits(s) && (s.length === 1 || s.charCodeAt(0) !== 48);
}

/** [0-9A-Za-z-]+ */
function isIdentifier(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45;
    if (!ok) return false;
  }
  return true;
}

/** Parses a strict semver 2.0 string ("1.2.3-rc.1+build.5"); returns null when invalid. */
export function parseSemver(input: unknown): SemVer | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > 256) return null;
  let rest = input;
  const plus = rest.indexOf('+');
  if (plus >= 0) {
    const build = rest.slice(plus + 1).split('.');
    if (!build.every(isIdentifier)) return null;
    rest = rest.slice(0, plus);
  }
  let prerelease: string[] = [];
  const dash = rest.indexOf('-');
  if (dash >= 0) {
    prerelease = rest.slice(dash + 1).split('.');
    // Numeric prerelease identifiers must not have leading zeros; alphanumeric ones may contain digits freely.
    if (!prerelease.every((id) => isIdentifier(id) && (!isDigits(id) || isNumericIdentifier(id))))
      return null;
    rest = rest.slice(0, dash);
  }
  const core = rest.split('.');
  if (core.length !== 3 || !core.every(isNumericIdentifier)) return null;
  return { major: core[0]!, minor: core[1]!, patch: core[2]!, prerelease };
}

function compareNumeric(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareIdentifiers(a: string, b: string): number {
  const aNum = isDigits(a);
  const bNum = isDigits(b);
  if (aNum && bNum) return compareNumeric(a, b);
  // Numeric identifiers have lower precedence than alphanumeric ones.
  if (aNum) return -1;
  if (bNum) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Precedence order: -1, 0 or 1. */
export function compareSemver(a: SemVer, b: SemVer): number {
  const core =
    compareNumeric(a.major, b.major) || compareNumeric(a.minor, b.minor) || compareNumeric(a.patch, b.patch);
  if (core !== 0) return core;
  const ap = a.prerelease;
  const bp = b.prerelease;
  // A release outranks any of its prereleases.
  if (ap.length === 0 || bp.length === 0) return ap.length === bp.length ? 0 : ap.length === 0 ? 1 : -1;
  const n = Math.min(ap.length, bp.length);
  for (let i = 0; i < n; i++) {
    const c = compareIdentifiers(ap[i]!, bp[i]!);
    if (c !== 0) return c;
  }
  return ap.length === bp.length ? 0 : ap.length < bp.length ? -1 : 1;
}

/**
 * A loose version for the `looseVersion*` operators: an optional leading v, one to three numeric parts (missing
 * ones are 0, leading zeros allowed: `1`, `1.2`, `v1.2.3`, `01.2`), then an optional SemVer prerelease and build.
 * Compared with SemVer precedence. The strict `semver*` operators never accept these forms.
 */
export function parseLooseVersion(input: unknown): SemVer | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > 256) return null;
  const match = /^[vV]?(\d+)(?:\.(\d+))?(?:\.(\d+))?((?:-|\+).*)?$/.exec(input);
  if (match === null) return null;
  const trim = (digits: string | undefined) => (digits ?? '0').replace(/^0+(?=\d)/, '');
  const rest = parseSemver(`0.0.0${match[4] ?? ''}`);
  if (rest === null) return null;
  return { major: trim(match[1]), minor: trim(match[2]), patch: trim(match[3]), prerelease: rest.prerelease };
}
