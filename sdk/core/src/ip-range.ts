// IPv4 and IPv6 addresses and CIDR ranges for `ipInRange`. Every address is held as eight 16-bit words: an IPv4
// address is its IPv4-mapped IPv6 form (::ffff:a.b.c.d) and an IPv4 range a.b.c.d/n is ::ffff:a.b.c.d/(96+n), so
// one comparison serves both families and an IPv4-mapped IPv6 address falls in the IPv4 ranges it belongs to.
// Parsing is strict: no leading zeros in IPv4 parts (010 is octal to some tools), no zone ids, no ports.

export type IpAddress = Uint16Array;

export interface IpRange {
  words: IpAddress;
  prefix: number;
}

function parseIPv4Words(text: string): [number, number] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    bytes.push(n);
  }
  return [(bytes[0]! << 8) | bytes[1]!, (bytes[2]! << 8) | bytes[3]!];
}

function parseIPv6(text: string): IpAddress | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIPv4Words(part);
        if (v4 === null) return null;
        out.push(...v4);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) out.push(Number.parseInt(part, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  return Uint16Array.from([...head, ...new Array<number>(missing).fill(0), ...tail]);
}

/** An IPv4 or IPv6 address as eight words, or null. */
export function parseIp(input: unknown): IpAddress | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > 45) return null;
  if (input.includes(':')) return parseIPv6(input);
  const v4 = parseIPv4Words(input);
  return v4 === null ? null : Uint16Array.from([0, 0, 0, 0, 0, 0xffff, v4[0], v4[1]]);
}

/**
 * A CIDR range ("10.0.0.0/8", "2001:db8::/32") or a single address (a /32 or /128), or a readable reason why not.
 * Bits past the prefix must be zero, so "10.0.0.1/8" is refused rather than silently meaning 10.0.0.0/8.
 */
export function parseCidr(input: unknown): IpRange | string {
  if (typeof input !== 'string') return 'must be a CIDR range such as 10.0.0.0/8 or 2001:db8::/32';
  const slash = input.indexOf('/');
  const addressText = slash < 0 ? input : input.slice(0, slash);
  const words = parseIp(addressText);
  if (words === null) return `${JSON.stringify(addressText)} is not an IPv4 or IPv6 address`;
  const v4 = !addressText.includes(':');
  const width = v4 ? 32 : 128;
  let bits = width;
  if (slash >= 0) {
    const prefixText = input.slice(slash + 1);
    if (!/^(0|[1-9]\d{0,2})$/.test(prefixText) || Number(prefixText) > width)
      return `prefix length must be a whole number from 0 to ${width}`;
    bits = Number(prefixText);
  }
  const prefix = v4 ? 96 + bits : bits;
  const masked = mask(words, prefix);
  if (masked.some((w, i) => w !== words[i])) {
    return `has bits set past the /${bits} prefix; the range starts at ${formatRange(masked, v4)}/${bits}`;
  }
  return { words, prefix };
}

function mask(words: IpAddress, prefix: number): IpAddress {
  const out = new Uint16Array(8);
  for (let i = 0; i < 8; i++) {
    const keep = Math.max(0, Math.min(16, prefix - i * 16));
    out[i] = keep === 0 ? 0 : words[i]! & ((0xffff << (16 - keep)) & 0xffff);
  }
  return out;
}

function formatRange(words: IpAddress, v4: boolean): string {
  if (v4) return [words[6]! >> 8, words[6]! & 0xff, words[7]! >> 8, words[7]! & 0xff].join('.');
  return Array.from(words, (w) => w.toString(16)).join(':');
}

export function inRange(address: IpAddress, range: IpRange): boolean {
  const { words, prefix } = range;
  const whole = prefix >> 4;
  for (let i = 0; i < whole; i++) if (address[i] !== words[i]) return false;
  const rest = prefix & 15;
  if (rest === 0) return true;
  const m = (0xffff << (16 - rest)) & 0xffff;
  return (address[whole]! & m) === words[whole];
}
