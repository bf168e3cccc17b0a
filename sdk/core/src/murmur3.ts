// MurmurHash3 x86_32 over the UTF-8 bytes of a JavaScript string, without building a byte array: UTF-16 code
// units are turned into UTF-8 bytes inline and fed into the 4-byte block mixer. The hash can be resumed from a
// saved state so a constant prefix (`salt:`) is hashed once per flag instead of once per evaluation.

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** Hash state after a prefix: running hash, pending tail bytes (little-endian) and byte counts. */
export interface Murmur3State {
  readonly h: number;
  readonly tail: number;
  readonly tailBytes: number;
  readonly length: number;
}

function mixBlock(h: number, block: number): number {
  let k = Math.imul(block, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  let r = h ^ k;
  r = (r << 13) | (r >>> 19);
  return (Math.imul(r, 5) + 0xe6546b64) | 0;
}

function finish(h: number, tail: number, tailBytes: number, length: number): number {
  let r = h;
  if (tailBytes > 0) {
    let k = Math.imul(tail, C1);
    k = (k << 15) | (k >>> 17);
    r ^= Math.imul(k, C2);
  }
  r ^= length;
  r ^= r >>> 16;
  r = Math.imul(r, 0x85ebca6b);
  r ^= r >>> 13;
  r = Math.imul(r, 0xc2b2ae35);
  r ^= r >>> 16;
  return r >>> 0;
}

/**
 * Encodes one non-ASCII UTF-16 position as UTF-8, packed little-endian into an int (first byte lowest).
 * The byte count is returned through `scratch[0]` and whether a surrogate pair was consumed through `scratch[1]`.
 * Lone surrogates become U+FFFD, as TextEncoder and Buffer do.
 */
function encodeNonAscii(s: string, i: number, c: number, scratch: Int32Array): number {
  if (c < 0x800) {
    scratch[0] = 2;
    scratch[1] = 0;
    return 0xc0 | (c >> 6) | ((0x80 | (c & 0x3f)) << 8);
  }
  let cp = c;
  scratch[1] = 0;
  if (c >= 0xd800 && c <= 0xdfff) {
    const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
      scratch[0] = 4;
      scratch[1] = 1;
      return (
        0xf0 |
        (cp >> 18) |
        ((0x80 | ((cp >> 12) & 0x3f)) << 8) |
        ((0x80 | ((cp >> 6) & 0x3f)) << 16) |
        ((0x80 | (cp & 0x3f)) << 24)
      );
    }
    cp = 0xfffd;
  }
  scratch[0] = 3;
  return 0xe0 | (cp >> 12) | ((0x80 | ((cp >> 6) & 0x3f)) << 8) | ((0x80 | (cp & 0x3f)) << 16);
}

const scratch = new Int32Array(2);

function resume(h0: number, tail0: number, tailBytes0: number, length0: number, s: string, state?: number[]) {
  let h = h0;
  let tail = tail0;
  let n = tailBytes0;
  let length = length0;
  const len = s.length;
  for (let i = 0; i < len; i++) {
    // Fast path: four ASCII characters at a block boundary are one block.
    if (n === 0 && i + 3 < len) {
      const c0 = s.charCodeAt(i);
      const c1 = s.charCodeAt(i + 1);
      const c2 = s.charCodeAt(i + 2);
      const c3 = s.charCodeAt(i + 3);
      if ((c0 | c1 | c2 | c3) < 0x80) {
        h = mixBlock(h, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
        length += 4;
        i += 3;
        continue;
      }
    }
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      tail |= c << (n << 3);
      length++;
      if (++n === 4) {
        h = mixBlock(h, tail);
        tail = 0;
        n = 0;
      }
      continue;
    }
    let packed = encodeNonAscii(s, i, c, scratch);
    const count = scratch[0]!;
    i += scratch[1]!;
    for (let b = 0; b < count; b++) {
      tail |= (packed & 0xff) << (n << 3);
      packed >>>= 8;
      length++;
      if (++n === 4) {
        h = mixBlock(h, tail);
        tail = 0;
        n = 0;
      }
    }
  }
  if (state) {
    state[0] = h;
    state[1] = tail;
    state[2] = n;
    state[3] = length;
    return 0;
  }
  return finish(h, tail, n, length);
}

/** MurmurHash3 x86_32 of the UTF-8 encoding of `input`; returns an unsigned 32-bit integer. */
export function murmur3_32(input: string, seed = 0): number {
  return resume(seed | 0, 0, 0, 0, input);
}

/** The hash state after feeding `prefix`, to be resumed with {@link murmur3_32Resume}. */
export function murmur3_32Prefix(prefix: string, seed = 0): Murmur3State {
  const out = [0, 0, 0, 0];
  resume(seed | 0, 0, 0, 0, prefix, out);
  return Object.freeze({ h: out[0]!, tail: out[1]!, tailBytes: out[2]!, length: out[3]! });
}

/** murmur3_32(prefix + suffix) given the state saved for `prefix`. */
export function murmur3_32Resume(state: Murmur3State, suffix: string): number {
  return resume(state.h, state.tail, state.tailBytes, state.length, suffix);
}

/** A function computing murmur3_32(prefix + suffix) that hashes `prefix` only once. */
export function murmur3_32WithPrefix(prefix: string, seed = 0): (suffix: string) => number {
  const { h, tail, tailBytes, length } = murmur3_32Prefix(prefix, seed);
  return (suffix) => resume(h, tail, tailBytes, length, suffix);
}
