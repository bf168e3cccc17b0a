/**
 * Context attributes recorded with each experiment exposure (`EXPOSURE_ATTRIBUTES`), the dimensions
 * results can be broken down by. Read by the experiments subgraph, which records them with an
 * assignment's exposure, and by analytics, which keeps them with exposures sent as events. An
 * allow-list: only these keys are kept, so exposures stay small and personal data sent by mistake
 * is not stored with them.
 */
export function loadExposureAttributes(source: NodeJS.ProcessEnv = process.env): string[] {
  return loadAttributeAllowList('EXPOSURE_ATTRIBUTES', 'country,platform,plan', source);
}

/** A comma-separated allow list of context attribute names in `variable` (at most 10). */
export function loadAttributeAllowList(
  variable: string,
  fallback: string,
  source: NodeJS.ProcessEnv = process.env,
): string[] {
  const raw = source[variable] ?? fallback;
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = names.find((n) => !/^[A-Za-z0-9_.-]{1,64}$/.test(n));
  if (bad !== undefined) {
    throw new Error(`${variable}: "${bad}" is not an attribute name (letters, digits, _ . -, at most 64)`);
  }
  if (names.length > 10) throw new Error(`${variable} lists ${names.length} attributes; at most 10`);
  return [...new Set(names)];
}

/** Values longer than this are not dimensions (an id or a free text): left out. */
export const MAX_EXPOSURE_ATTRIBUTE_LENGTH = 256;

/** The allow-listed attributes of an object (event properties, an evaluation context); string values only. */
export function exposureAttributes(properties: unknown, allowed: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!properties || typeof properties !== 'object' || Array.isArray(properties)) return out;
  for (const name of allowed) {
    const value = (properties as Record<string, unknown>)[name];
    if (typeof value === 'string' && value.length <= MAX_EXPOSURE_ATTRIBUTE_LENGTH) out[name] = value;
  }
  return out;
}
