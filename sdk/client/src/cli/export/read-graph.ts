// Reads a Switchyard installation's configuration through the graph into the export format: environments in
// their display order, segments and flags by key, each flag with its targeting in every environment. Rules
// managed by experiments (`experiment:<key>`) are left out: they belong to the experiment, not to the flag.
//
// Few requests, each under the gateway's default MAX_QUERY_COST (20,000): the gateway prices every nested list
// without a page size at 10 entries, so a flag's typed targeting (environments x rules x conditions) is priced
// at about 9,700 whatever its real size, two flags a request. Instead flag metadata is read 250 flags a page,
// and the targeting of every active flag in an environment comes in one request as that environment's flag set
// (the core's model as JSON, priced as one field). Only archived flags, absent from flag sets, are read typed.

import { allPages, type GraphRequest, inProject } from '../graph-client';
import {
  type ExportedCondition,
  type ExportedFlag,
  type ExportedServe,
  type ExportedTargeting,
  FORMAT_VERSION,
  type SwitchyardExport,
} from './format';

const CONDITION = 'attribute operator values negate caseInsensitive regexFlags';
const SERVE = 'variation rollout { variations { variation weight } bucketBy salt }';

const ENVIRONMENTS_QUERY = 'query SwitchyardExportEnvironments { environments { key name sortOrder } }';

// With --project: the environments that project uses, in its order.
const PROJECT_ENVIRONMENTS_QUERY =
  'query SwitchyardExportProjectEnvironments($project: String!) { project(key: $project) { environments { key name } } }';

// Every read names the project (null: `default`, as before projects).
const SEGMENTS_QUERY = `query SwitchyardExportSegments($project: String) {
  segments(project: $project) { key name description version includedCount excludedCount rules { id conditions { ${CONDITION} } } }
}`;

// Key lists may hold 100,000 keys: read a page at a time, within the gateway's cost limit (1 per key).
const KEY_PAGE = 5000;
const SEGMENT_KEYS_QUERY = `query SwitchyardExportSegmentKeys($project: String, $key: String!, $includedAfter: String, $excludedAfter: String, $includedFirst: Int!, $excludedFirst: Int!) {
  segment(key: $key, project: $project) { included(first: $includedFirst, after: $includedAfter) excluded(first: $excludedFirst, after: $excludedAfter) }
}`;

// About 53 a flag (its variations priced at 10): 250 flags cost about 13,300.
const FLAGS_QUERY = `query SwitchyardExportFlags($project: String, $after: String) {
  flags(first: 250, after: $after, project: $project) {
    nodes { key name description type tags owner archived version variations { key name description value } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const FLAG_SET_QUERY =
  'query SwitchyardExportFlagSet($project: String, $environment: String!) { flagSet(environment: $environment, project: $project) { flags } }';

// About 9,700 a flag: two a page.
const ARCHIVED_FLAGS_QUERY = `query SwitchyardExportArchivedFlags($project: String, $after: String) {
  flags(first: 2, after: $after, filter: { archived: true }, project: $project) {
    nodes {
      key
      environments {
        environment enabled offVariation startsAt endsAt
        targets { variation values }
        rules { id description conditions { ${CONDITION} } serve { ${SERVE} } }
        fallthrough { ${SERVE} }
        prerequisites { flagKey variation variations off }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** A serve as the graph types it (absent parts null) or as the core stores it (absent parts missing). */
interface AnyServe {
  variation?: string | null;
  rollout?: {
    variations: { variation: string; weight: number }[];
    bucketBy?: string | null;
    salt?: string | null;
  } | null;
}

/** One environment's targeting, typed from the graph or from a flag set's core model. */
interface AnyTargeting {
  environment?: string;
  enabled: boolean;
  offVariation: string;
  targets: { variation: string; values: string[] }[];
  rules: {
    id: string;
    description?: string | null;
    conditions: (ExportedCondition & { negate?: boolean | null; caseInsensitive?: boolean | null })[];
    serve: AnyServe;
  }[];
  fallthrough: AnyServe;
  startsAt?: string | null;
  endsAt?: string | null;
  prerequisites: {
    flagKey: string;
    variation?: string | null;
    variations?: string[] | null;
    off?: boolean | null;
  }[];
}

interface GraphFlag {
  key: string;
  name: string;
  description: string | null;
  type: 'BOOLEAN' | 'STRING' | 'NUMBER' | 'JSON';
  tags: string[];
  owner: string | null;
  archived: boolean;
  version: number;
  variations: {
    key: string;
    name: string | null;
    description: string | null;
    value: ExportedFlag['variations'][0]['value'];
  }[];
}

type Page<N> = { flags: { nodes: N[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

/** What the importer needs beyond the export: versions for optimistic concurrency. */
export interface GraphState {
  config: SwitchyardExport;
  flagVersions: Map<string, number>;
  segmentVersions: Map<string, number>;
}

/** A condition without its defaults (case-sensitive, no regex flags), so files stay short. */
function exportedCondition(c: AnyTargeting['rules'][0]['conditions'][0]): ExportedCondition {
  const { attribute, operator, values, negate, caseInsensitive, regexFlags } = c;
  return {
    attribute,
    operator,
    values,
    negate: negate === true,
    ...(caseInsensitive ? { caseInsensitive } : {}),
    ...(regexFlags ? { regexFlags } : {}),
  };
}

function serve(s: AnyServe): ExportedServe {
  if (s.rollout) {
    const { bucketBy, salt } = s.rollout;
    const variations = s.rollout.variations.map((v) => ({ variation: v.variation, weight: v.weight }));
    return { rollout: { variations, ...(bucketBy ? { bucketBy } : {}), ...(salt ? { salt } : {}) } };
  }
  return { variation: s.variation ?? null };
}

function prerequisite(p: AnyTargeting['prerequisites'][0]): ExportedTargeting['prerequisites'][0] {
  if (p.off) return { flagKey: p.flagKey, off: true };
  if (p.variations) return { flagKey: p.flagKey, variations: p.variations };
  return { flagKey: p.flagKey, variation: p.variation ?? '' };
}

function targeting(t: AnyTargeting): ExportedTargeting {
  return {
    enabled: t.enabled,
    offVariation: t.offVariation,
    targets: t.targets.map((x) => ({ variation: x.variation, values: x.values })),
    rules: t.rules
      .filter((r) => !r.id.startsWith('experiment:'))
      .map((r) => ({
        id: r.id,
        ...(r.description ? { description: r.description } : {}),
        conditions: r.conditions.map(exportedCondition),
        serve: serve(r.serve),
      })),
    fallthrough: serve(t.fallthrough),
    ...(t.startsAt ? { startsAt: new Date(t.startsAt).toISOString() } : {}),
    ...(t.endsAt ? { endsAt: new Date(t.endsAt).toISOString() } : {}),
    prerequisites: t.prerequisites.map(prerequisite),
  };
}

/** Drops null optional fields so an export is short and stable. */
function present<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
}

async function segmentKeys(
  request: GraphRequest,
  key: string,
  includedCount: number,
  excludedCount: number,
): Promise<{ included: string[]; excluded: string[] }> {
  const included: string[] = [];
  const excluded: string[] = [];
  while (included.length < includedCount || excluded.length < excludedCount) {
    const includedFirst = Math.min(KEY_PAGE, includedCount - included.length);
    const excludedFirst = Math.min(KEY_PAGE, excludedCount - excluded.length);
    const { segment } = await request<{ segment: { included: string[]; excluded: string[] } | null }>(
      `reading the keys of segment ${key}`,
      SEGMENT_KEYS_QUERY,
      {
        key,
        includedFirst,
        excludedFirst,
        includedAfter: included.at(-1) ?? null,
        excludedAfter: excluded.at(-1) ?? null,
      },
    );
    if (!segment || (segment.included.length < includedFirst && segment.excluded.length < excludedFirst))
      break;
    included.push(...segment.included);
    excluded.push(...segment.excluded);
  }
  return { included, excluded };
}

/**
 * The configuration of one project (null: the `default` project, whose environments are the installation's).
 * Another project's export lists the environments it uses, in its order.
 */
export async function readGraph(request: GraphRequest, project: string | null = null): Promise<GraphState> {
  const environments = project
    ? await projectEnvironments(request, project)
    : (
        await request<{ environments: { key: string; name: string; sortOrder: number }[] }>(
          'reading environments',
          ENVIRONMENTS_QUERY,
        )
      ).environments;
  request = inProject(request, project);
  const { segments: listed } = await request<{
    segments: (Omit<SwitchyardExport['segments'][0], 'included' | 'excluded'> & {
      version: number;
      includedCount: number;
      excludedCount: number;
    })[];
  }>('reading segments', SEGMENTS_QUERY);
  const segments = [];
  for (const { includedCount, excludedCount, ...s } of listed)
    segments.push({
      ...s,
      rules: s.rules.map((r) => ({ id: r.id, conditions: r.conditions.map(exportedCondition) })),
      ...(await segmentKeys(request, s.key, includedCount, excludedCount)),
    });
  const flags = await allPages(request, 'reading flags', FLAGS_QUERY, (data: Page<GraphFlag>) => data.flags);
  // Targeting by flag key, then environment key.
  const targetings = new Map<string, Map<string, AnyTargeting>>();
  const put = (key: string, environment: string, t: AnyTargeting) => {
    if (!targetings.has(key)) targetings.set(key, new Map());
    targetings.get(key)!.set(environment, t);
  };
  await Promise.all(
    environments.map(async (e) => {
      const { flagSet } = await request<{
        flagSet: { flags: { key: string; environment: AnyTargeting }[] };
      }>(`reading the flag set of ${e.key}`, FLAG_SET_QUERY, { environment: e.key });
      for (const f of flagSet.flags) put(f.key, e.key, f.environment);
    }),
  );
  if (flags.some((f) => f.archived)) {
    const archived = await allPages(
      request,
      'reading archived flags',
      ARCHIVED_FLAGS_QUERY,
      (data: Page<{ key: string; environments: (AnyTargeting & { environment: string })[] }>) => data.flags,
    );
    for (const f of archived) for (const t of f.environments) put(f.key, t.environment, t);
  }
  const envOrder = [...environments].sort((a, b) => a.sortOrder - b.sortOrder || a.key.localeCompare(b.key));
  const config: SwitchyardExport = {
    formatVersion: FORMAT_VERSION,
    environments: envOrder.map(({ key, name }) => ({ key, name })),
    segments: [...segments]
      .sort((a, b) => a.key.localeCompare(b.key))
      .map(({ version: _version, ...s }) => present({ ...s, description: s.description ?? null })),
    flags: flags
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((f) =>
        present({
          key: f.key,
          name: f.name,
          description: f.description,
          type: f.type,
          tags: f.tags,
          owner: f.owner,
          archived: f.archived,
          variations: f.variations.map((v) => ({
            ...present({ key: v.key, name: v.name, description: v.description }),
            value: v.value ?? null,
          })),
          environments: Object.fromEntries(
            envOrder.flatMap((e) => {
              const t = targetings.get(f.key)?.get(e.key);
              return t ? [[e.key, targeting(t)]] : [];
            }),
          ),
        }),
      ),
  };
  return {
    config,
    flagVersions: new Map(flags.map((f) => [f.key, f.version])),
    segmentVersions: new Map(segments.map((s) => [s.key, s.version])),
  };
}

async function projectEnvironments(request: GraphRequest, project: string) {
  const data = await request<{ project: { environments: { key: string; name: string }[] } | null }>(
    'reading the project',
    PROJECT_ENVIRONMENTS_QUERY,
    { project },
  );
  if (!data.project) throw new Error(`reading the project failed: there is no project "${project}"`);
  return data.project.environments.map((e, sortOrder) => ({ ...e, sortOrder }));
}
