import type { CombinedError } from 'urql';

export interface GraphErrorInfo {
  /** Messages keyed by the input path the graph named (`extensions.field` / `problems[].path`). */
  fields: Record<string, string>;
  /** Messages that name no field. */
  general: string[];
  /** Set when the save lost a race: the entity's current version. */
  conflict: { message: string; currentVersion: number | null } | null;
}

/** Splits a failed operation's errors into per-field messages, general ones and a version conflict. */
export function graphErrors(error: CombinedError | undefined | null): GraphErrorInfo {
  const info: GraphErrorInfo = { fields: {}, general: [], conflict: null };
  if (!error) return info;
  if (error.graphQLErrors.length === 0) {
    info.general.push(error.networkError?.message ?? error.message);
    return info;
  }
  for (const e of error.graphQLErrors) {
    const ext = (e.extensions ?? {}) as {
      code?: string;
      field?: string;
      currentVersion?: number;
      problems?: { path: string; message: string }[];
    };
    if (ext.code === 'CONFLICT') {
      info.conflict = {
        message: e.message,
        currentVersion: typeof ext.currentVersion === 'number' ? ext.currentVersion : null,
      };
    } else if (ext.problems && ext.problems.length > 0) {
      for (const p of ext.problems) info.fields[normalizeField(p.path)] = p.message;
    } else if (ext.field) {
      info.fields[normalizeField(ext.field)] = e.message.replace(`${ext.field}: `, '');
    } else {
      info.general.push(e.message);
    }
  }
  return info;
}

/** `input.rules[0].conditions[1].values` → `rules.0.conditions.1.values` (the form's field names). */
export function normalizeField(path: string): string {
  return path
    .replace(/^input\./, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^\./, '');
}

/** The message for a field, or for the closest parent path the graph named. */
export function fieldError(fields: Record<string, string>, name: string): string | undefined {
  if (fields[name]) return fields[name];
  for (const [path, message] of Object.entries(fields)) {
    if (path.startsWith(`${name}.`)) return message;
  }
  return undefined;
}

/** Every message, for a control that has no input to put a field's message beside. */
export function allMessages(info: GraphErrorInfo): string[] {
  return [...info.general, ...Object.values(info.fields), ...(info.conflict ? [info.conflict.message] : [])];
}

/** The graph refused a direct write because the environment takes changes only through approved requests. */
export function approvalRequired(error: CombinedError | undefined | null): boolean {
  return Boolean(error?.graphQLErrors.some((e) => e.extensions?.reason === 'APPROVAL_REQUIRED'));
}
