// Text a caller sends must survive storage unchanged. PostgreSQL refuses U+0000 in text and jsonb
// (the whole statement fails), and a lone UTF-16 surrogate has no UTF-8 form (it would be stored as
// U+FFFD, so what is read back differs from what was written). Both are refused at the door, naming
// the field, by the gateway (every GraphQL string) and by ingestion (each event on its own).

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` cannot be stored as sent, or null. */
export function textProblem(text: string): string | null {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return `contains a NUL character (U+0000) at position ${nul}, which cannot be stored`;
  const lone = LONE_SURROGATE.exec(text);
  if (lone)
    return `contains a lone UTF-16 surrogate (U+${lone[0].charCodeAt(0).toString(16).toUpperCase()}) at position ${lone.index}, which is not valid Unicode`;
  return null;
}

export interface TextProblem {
  path: string;
  message: string;
}

/** Deeper JSON than this is not walked further here (other limits refuse it); strings above it are checked. */
const MAX_WALK_DEPTH = 64;

/** The first string in a JSON-like value (object keys included) that cannot be stored, with its path. */
export function findTextProblem(value: unknown, path: string, depth = 0): TextProblem | null {
  if (typeof value === 'string') {
    const message = textProblem(value);
    return message ? { path, message } : null;
  }
  if (value === null || typeof value !== 'object' || depth >= MAX_WALK_DEPTH) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findTextProblem(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [name, inner] of Object.entries(value)) {
    const nameProblem = textProblem(name);
    if (nameProblem) return { path, message: `has an attribute name that ${nameProblem}` };
    const found = findTextProblem(inner, `${path}.${name}`, depth + 1);
    if (found) return found;
  }
  return null;
}
