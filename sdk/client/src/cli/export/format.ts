// The Switchyard export format, version 1: what `switchyard export` writes and `switchyard import` reads back.
// One schema (zod) is both the validator of import files and the source of the published JSON Schema
// (`switchyard export --schema`), so the documentation cannot drift from what is accepted.

import { z } from 'zod';

export const FORMAT_VERSION = 1;

const json = z.json();

export const conditionSchema = z.strictObject({
  attribute: z.string().min(1),
  operator: z.string().min(1),
  values: z.array(json),
  negate: z.boolean().default(false),
  caseInsensitive: z.boolean().optional(),
  regexFlags: z.string().nullable().optional(),
});

export const serveSchema = z.strictObject({
  variation: z.string().nullable().optional(),
  rollout: z
    .strictObject({
      variations: z.array(z.strictObject({ variation: z.string(), weight: z.number() })).min(1),
      bucketBy: z.string().nullable().optional(),
      salt: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
});

export const ruleSchema = z.strictObject({
  id: z.string().min(1),
  description: z.string().nullable().optional(),
  conditions: z.array(conditionSchema),
  serve: serveSchema,
});

export const targetingSchema = z.strictObject({
  enabled: z.boolean(),
  offVariation: z.string(),
  targets: z.array(z.strictObject({ variation: z.string(), values: z.array(z.string()) })),
  rules: z.array(ruleSchema),
  fallthrough: serveSchema,
  startsAt: z.string().nullable().optional(),
  endsAt: z.string().nullable().optional(),
  /** Exactly one form each: the parent serves `variation`, serves any of `variations`, or is `off`. */
  prerequisites: z.array(
    z.strictObject({
      flagKey: z.string(),
      variation: z.string().optional(),
      variations: z.array(z.string()).min(1).optional(),
      off: z.literal(true).optional(),
    }),
  ),
});

export const flagSchema = z.strictObject({
  key: z.string().min(1),
  name: z.string().min(1),
  description: z.string().nullable().optional(),
  type: z.enum(['BOOLEAN', 'STRING', 'NUMBER', 'JSON']),
  tags: z.array(z.string()).default([]),
  owner: z.string().nullable().optional(),
  archived: z.boolean().default(false),
  variations: z
    .array(
      z.strictObject({
        key: z.string().min(1),
        name: z.string().nullable().optional(),
        description: z.string().nullable().optional(),
        value: json,
      }),
    )
    .min(1),
  /** Targeting per environment key; environments not listed are left as they are on import. */
  environments: z.record(z.string(), targetingSchema),
});

export const segmentSchema = z.strictObject({
  key: z.string().min(1),
  name: z.string().min(1),
  description: z.string().nullable().optional(),
  included: z.array(z.string()).default([]),
  excluded: z.array(z.string()).default([]),
  rules: z.array(z.strictObject({ id: z.string().min(1), conditions: z.array(conditionSchema) })).default([]),
});

export const environmentSchema = z.strictObject({ key: z.string().min(1), name: z.string().min(1) });

export const exportSchema = z.strictObject({
  formatVersion: z.literal(FORMAT_VERSION),
  environments: z.array(environmentSchema),
  segments: z.array(segmentSchema),
  flags: z.array(flagSchema),
});

export type SwitchyardExport = z.infer<typeof exportSchema>;
export type ExportedFlag = z.infer<typeof flagSchema>;
export type ExportedSegment = z.infer<typeof segmentSchema>;
export type ExportedTargeting = z.infer<typeof targetingSchema>;
export type ExportedRule = z.infer<typeof ruleSchema>;
export type ExportedCondition = z.infer<typeof conditionSchema>;
export type ExportedServe = z.infer<typeof serveSchema>;

/** The JSON Schema of the format, for editors and for validating files kept in Git. */
export function exportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(exportSchema, { io: 'input' }),
    $id: `https://switchyard.dev/schemas/export-v${FORMAT_VERSION}.json`,
    title: `Switchyard export, formatVersion ${FORMAT_VERSION}`,
  };
}
