// The shape of an Unleash feature export (the export API's result), as far as the importer reads it. Fields it
// does not read (project, stale, impressionData, contextFields, tagTypes...) are allowed and ignored.

import { z } from 'zod';

export const constraintSchema = z.looseObject({
  contextName: z.string().min(1),
  operator: z.string().min(1),
  values: z.array(z.string()).nullish(),
  value: z.union([z.string(), z.number()]).nullish(),
  caseInsensitive: z.boolean().nullish(),
  inverted: z.boolean().nullish(),
});

const payloadSchema = z.looseObject({ type: z.string(), value: z.string() });

export const variantSchema = z.looseObject({
  name: z.string().min(1),
  weight: z.number().min(0).max(1000),
  weightType: z.string().nullish(),
  stickiness: z.string().nullish(),
  payload: payloadSchema.nullish(),
  overrides: z
    .array(z.looseObject({ contextName: z.string().min(1), values: z.array(z.string()) }))
    .nullish(),
});

export const unleashExportSchema = z.looseObject({
  features: z.array(
    z.looseObject({
      name: z.string().min(1),
      description: z.string().nullish(),
      type: z.string().nullish(),
      archived: z.boolean().nullish(),
    }),
  ),
  featureStrategies: z.array(
    z.looseObject({
      id: z.string().nullish(),
      name: z.string().min(1),
      featureName: z.string().min(1),
      environment: z.string().nullish(),
      title: z.string().nullish(),
      disabled: z.boolean().nullish(),
      sortOrder: z.number().nullish(),
      parameters: z.record(z.string(), z.union([z.string(), z.number()])).nullish(),
      constraints: z.array(constraintSchema).nullish(),
      segments: z.array(z.number()).nullish(),
      variants: z.array(variantSchema).nullish(),
    }),
  ),
  featureEnvironments: z
    .array(
      z.looseObject({
        featureName: z.string().min(1),
        environment: z.string().min(1),
        enabled: z.boolean(),
        variants: z.array(variantSchema).nullish(),
      }),
    )
    .nullish(),
  segments: z
    .array(
      z.looseObject({
        id: z.number(),
        name: z.string().min(1),
        description: z.string().nullish(),
        constraints: z.array(constraintSchema).nullish(),
      }),
    )
    .nullish(),
  featureTags: z
    .array(z.looseObject({ featureName: z.string(), tagType: z.string().nullish(), tagValue: z.string() }))
    .nullish(),
  dependencies: z
    .array(
      z.looseObject({
        feature: z.string(),
        dependencies: z.array(
          z.looseObject({
            feature: z.string(),
            enabled: z.boolean().nullish(),
            variants: z.array(z.string()).nullish(),
          }),
        ),
      }),
    )
    .nullish(),
});

export type UnleashExport = z.infer<typeof unleashExportSchema>;
export type UnleashConstraint = z.infer<typeof constraintSchema>;
export type UnleashVariant = z.infer<typeof variantSchema>;
export type UnleashStrategy = UnleashExport['featureStrategies'][number];
