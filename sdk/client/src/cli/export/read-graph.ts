// Reads a Switchyard installation's configuration through the graph into the export format: environments in
// their display order, segments and flags by key, each flag with its targeting in every environment. Rules
// managed by experiments (`experiment:<key>`) are left out: they belong to the experiment, not to the flag.

import { allPages, type GraphRequest } from '../graph-client';
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

const SEGMENTS_QUERY = `query SwitchyardExportSegments {
  segments { key name description version includedCount excludedCount rules { id conditions { ${CONDITION} } } }
}`;

// Key lists may hold 100,000 keys: read a page at a time, within the gateway's cost limit (1 per key).
const KEY_PAGE = 5000;
const SEGMENT_KEYS_QUERY = `query SwitchyardExportSegmentKeys($key: String!, $includedAfter: String, $excludedAfter: String, $includedFirst: Int!, $excludedFirst: Int!) {
  segment(key: $key) { included(first: $includedFirst, after: $includedAfter) excluded(first: $excludedFirst, after: $excludedAfter) }
}`;

// The gateway charges each field times the page sizes around it (10 for lists without one), so a flag with its
// targeting in every environment costs about 7,700: two flags a page stay under the default limit of 20,000.
const FLAGS_QUERY = `query SwitchyardExportFlags($after: String) {
  flags(first: 2, after: $after) {
    nodes {
      key name description type tags owner archived version
      variations { key name description value }
      environments {
        environment enabled offVariation startsAt endsAt
        targets { variation values }
        rules { id description conditions { ${CONDITION} } serve { ${SERVE} } }
        fallthrough { ${SERVE} }
        prerequisites { flagKey variation }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface GraphServe {
  variation: string | null;
  rollout: {
    variations: { variation: string; weight: number }[];
    bucketBy: string | null;
    salt: string | null;
  } | null;
}

interface GraphTargeting extends Omit<ExportedTargeting, 'fallthrough' | 'rules'> {
  environment: string;
  fallthrough: GraphServe;
  rules: {
    id: string;
    description: string | null;
    conditions: ExportedTargeting['rules'][0]['conditions'];
    serve: GraphServe;
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
  environments: GraphTargeting[];
}

/** What the importer needs beyond the export: versions for optimistic concurrency. */
export interface GraphState {
  config: SwitchyardExport;
  flagVersions: Map<string, number>;
  segmentVersions: Map<string, number>;
}

/** A condition without its defaults (case-sensitive, no regex flags), so files stay short. */
function exportedCondition(c: ExportedCondition): ExportedCondition {
  const { caseInsensitive, regexFlags, ...rest } = c;
  return { ...rest, ...(caseInsensitive ? { caseInsensitive } : {}), ...(regexFlags ? { regexFlags } : {}) };
}

function serve(s: GraphServe): ExportedServe {
  if (s.rollout) {
    const { variations, bucketBy, salt } = s.rollout;
    return { rollout: { variations, ...(bucketBy ? { bucketBy } : {}), ...(salt ? { salt } : {}) } };
  }
  return { variation: s.variation };
}

function targeting(t: GraphTargeting): ExportedTargeting {
  return {
    enabled: t.enabled,
    offVariation: t.offVariation,
    targets: t.targets,
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
    prerequisites: t.prerequisites,
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

export async function readGraph(request: GraphRequest): Promise<GraphState> {
  const { environments } = await request<{
    environments: { key: string; name: string; sortOrder: number }[];
  }>('reading environments', ENVIRONMENTS_QUERY);
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
  const flags = await allPages(
    request,
    'reading flags',
    FLAGS_QUERY,
    (data: { flags: { nodes: GraphFlag[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }) =>
      data.flags,
  );
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
            envOrder
              .map((e) => f.environments.find((t) => t.environment === e.key))
              .filter((t): t is GraphTargeting => t !== undefined)
              .map((t) => [t.environment, targeting(t)]),
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
