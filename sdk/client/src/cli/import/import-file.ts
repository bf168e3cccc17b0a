// Reading an import file: JSON syntax, then its shape. Every refusal names the file and the JSON path of the
// offending value (`$.flags[3].variations`), so a person can find it without reading the importer.

import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { exportSchema, FORMAT_VERSION, type SwitchyardExport } from '../export/format';

export class ImportFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { path: string; message: string }[],
  ) {
    super(
      `${file} cannot be imported:\n${problems.map((p) => `  ${file}: ${p.path}: ${p.message}`).join('\n')}`,
    );
  }
}

/** `$.flags[3].key` from zod's path segments. */
export function jsonPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>(
    (path, s) =>
      typeof s === 'number'
        ? `${path}[${s}]`
        : /^[A-Za-z_$][\w$]*$/.test(String(s))
          ? `${path}.${String(s)}`
          : `${path}[${JSON.stringify(String(s))}]`,
    '$',
  );
}

export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ImportFileError(file, [{ path: '$', message: `cannot be read (${(error as Error).message})` }]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ImportFileError(file, [
      { path: '$', message: `is not valid JSON (${(error as Error).message})` },
    ]);
  }
}

/** Validates `data` against `schema`; at most 20 problems are listed, the first ones in document order. */
export function parseShape<S extends z.ZodType>(schema: S, data: unknown, file: string): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ImportFileError(
    file,
    result.error.issues.slice(0, 20).map((issue) => ({ path: jsonPath(issue.path), message: issue.message })),
  );
}

/** A file written by `switchyard export`, refused with a clear message when its version is not this one. */
export function readSwitchyardExport(file: string, data: unknown = readJsonFile(file)): SwitchyardExport {
  const version =
    data !== null && typeof data === 'object'
      ? (data as { formatVersion?: unknown }).formatVersion
      : undefined;
  if (version !== FORMAT_VERSION) {
    throw new ImportFileError(file, [
      {
        path: '$.formatVersion',
        message:
          version === undefined
            ? `is missing: not a Switchyard export (use --from unleash or --from launchdarkly for their exports)`
            : `unsupported format version ${JSON.stringify(version)}; this switchyard reads version ${FORMAT_VERSION}`,
      },
    ]);
  }
  return parseShape(exportSchema, data, file);
}
