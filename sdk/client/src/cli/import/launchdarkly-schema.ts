// The shape of a LaunchDarkly flag export as their REST API returns flags (`GET /api/v2/flags/{project}`, with
// `environments`): the list (`{ items: [...] }`), an array of flags, or one flag. Fields the importer does not read
// (_links, _maintainer, clientSideAvailability, trackEvents, salt, sel...) are allowed and ignored.

import { z } from 'zod';

export const clauseSchema = z.looseObject({
  attribute: z.string().min(1),
  op: z.string().min(1),
  values: z.array(z.json()),
  negate: z.boolean().nullish(),
  contextKind: z.string().nullish(),
});

export const rolloutSchema = z.looseObject({
  variations: z
    .array(z.looseObject({ variation: z.number().int().min(0), weight: z.number().min(0) }))
    .min(1),
  bucketBy: z.string().nullish(),
  contextKind: z.string().nullish(),
  seed: z.number().nullish(),
  kind: z.string().nullish(),
});

export const variationOrRolloutSchema = z.looseObject({
  variation: z.number().int().min(0).nullish(),
  rollout: rolloutSchema.nullish(),
});

const targetSchema = z.looseObject({
  values: z.array(z.string()),
  variation: z.number().int().min(0),
  contextKind: z.string().nullish(),
});

export const environmentSchema = z.looseObject({
  on: z.boolean(),
  archived: z.boolean().nullish(),
  offVariation: z.number().int().min(0).nullish(),
  targets: z.array(targetSchema).nullish(),
  contextTargets: z.array(targetSchema).nullish(),
  rules: z
    .array(
      variationOrRolloutSchema.extend({
        _id: z.string().nullish(),
        description: z.string().nullish(),
        clauses: z.array(clauseSchema),
      }),
    )
    .nullish(),
  fallthrough: variationOrRolloutSchema.nullish(),
  prerequisites: z
    .array(z.looseObject({ key: z.string().min(1), variation: z.number().int().min(0) }))
    .nullish(),
});

export const flagSchema = z.looseObject({
  key: z.string().min(1),
  name: z.string().nullish(),
  description: z.string().nullish(),
  kind: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  archived: z.boolean().nullish(),
  variations: z
    .array(z.looseObject({ value: z.json(), name: z.string().nullish(), description: z.string().nullish() }))
    .min(1),
  environments: z.record(z.string(), environmentSchema),
});

/** The schema for what `data` looks like (a list response, an array, or one flag), so errors name exact paths. */
export function launchDarklyExportSchema(data: unknown) {
  if (Array.isArray(data)) return z.array(flagSchema);
  if (data !== null && typeof data === 'object' && 'items' in data)
    return z.looseObject({ items: z.array(flagSchema) });
  return flagSchema;
}

export type LdFlag = z.infer<typeof flagSchema>;
export type LdEnvironment = z.infer<typeof environmentSchema>;
export type LdClause = z.infer<typeof clauseSchema>;
export type LdVariationOrRollout = z.infer<typeof variationOrRolloutSchema>;
