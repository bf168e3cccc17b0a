import { DEFAULT_PROJECT } from '@switchyard/server-kit';
import { type ConfigWriter, errors, type WriteContext } from '@switchyard/server-kit';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import type { GuardReader } from './release-guards';
import { guardProblems, stageProblems } from './release-plan.validation';
import type { ReleaseGuard, ReleaseStage } from './release.entities';

export interface ReleaseTemplate {
  key: string;
  name: string;
  stages: ReleaseStage[];
  guards: ReleaseGuard[];
  /** Shipped with Switchyard (never changed or deleted); else saved by a team, with its version. */
  builtIn: boolean;
  version: number | null;
}

/** A team's own template. */
@Entity({ name: 'release_templates' })
export class ReleaseTemplateRow {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  stages!: ReleaseStage[];

  @Column({ type: 'jsonb' })
  guards!: ReleaseGuard[];

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'text', name: 'updated_by' })
  updatedBy!: string;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

const DAY = 24 * 60;

/**
 * Built-in plan shapes. `spec-canary` is the product specification's canary plan: 1 % for a day,
 * 5 % for two, 25 % for three, then 100 % (watched for a day), rolling back when the error rate
 * passes 5 %, p95 latency 2,000 ms or the crash rate 1 %. Its guards name the metrics
 * `error-rate`, `latency-p95` and `crash-rate`, which must exist in analytics (or pass `guards`).
 */
export const releaseTemplates: readonly ReleaseTemplate[] = [
  {
    key: 'spec-canary',
    builtIn: true,
    version: null,
    name: 'Canary 1 / 5 / 25 / 100 %',
    stages: [
      { percent: 1, minDurationMinutes: DAY },
      { percent: 5, minDurationMinutes: 2 * DAY },
      { percent: 25, minDurationMinutes: 3 * DAY },
      { percent: 100, minDurationMinutes: DAY },
    ],
    guards: [
      { metric: 'error-rate', kind: 'ABSOLUTE', threshold: 0.05, minSample: 100 },
      { metric: 'latency-p95', kind: 'ABSOLUTE', threshold: 2000, minSample: 100 },
      { metric: 'crash-rate', kind: 'ABSOLUTE', threshold: 0.01, minSample: 100 },
    ],
  },
  {
    key: 'runbook-quick',
    builtIn: true,
    version: null,
    name: 'Operations runbook: 10 / 50 / 100 %, error rate over 1 %',
    stages: [
      { percent: 10, minDurationMinutes: 5 },
      { percent: 50, minDurationMinutes: 5 },
      { percent: 100, minDurationMinutes: 5 },
    ],
    guards: [{ metric: 'error-rate', kind: 'ABSOLUTE', threshold: 0.01, minSample: 100 }],
  },
];

/** A guard as the graph takes it: kind and minimum sample have defaults. */
export interface GuardInput {
  metric: string;
  kind?: 'ABSOLUTE' | 'RELATIVE' | null;
  threshold: number;
  minSample?: number | null;
}

export function guardsOf(input: readonly GuardInput[]): ReleaseGuard[] {
  return input.map((g) => ({
    metric: g.metric,
    kind: g.kind ?? 'ABSOLUTE',
    threshold: g.threshold,
    minSample: g.minSample ?? 100,
  }));
}

/**
 * Checks a plan shape as a plan and a template both need it: stages and guards well formed, and every
 * guard on a metric analytics knows. Throws BAD_USER_INPUT naming each field (under `path`).
 */
export async function assertPlanShape(
  stages: ReleaseStage[],
  guards: ReleaseGuard[],
  path: string,
  reader: GuardReader,
  // A template is checked against the default project's metrics; a plan against its flag's project's.
  project: string = DEFAULT_PROJECT,
): Promise<void> {
  const problems = [...stageProblems(stages, `${path}.stages`), ...guardProblems(guards, `${path}.guards`)];
  if (problems.length > 0) throw errors.badInputs(problems);
  if (guards.length === 0) return;
  const known = await reader.knownMetrics([...new Set(guards.map((g) => g.metric))], project);
  const unknown = guards.flatMap((g, i) =>
    known.has(g.metric)
      ? []
      : [{ path: `${path}.guards[${i}].metric`, message: `analytics has no metric "${g.metric}"` }],
  );
  if (unknown.length > 0) throw errors.badInputs(unknown);
}

const KEY = /^[a-z0-9][a-z0-9-]{0,62}$/;

function toTemplate(row: ReleaseTemplateRow): ReleaseTemplate {
  return {
    key: row.key,
    name: row.name,
    stages: row.stages,
    guards: row.guards,
    builtIn: false,
    version: row.version,
  };
}

/** Templates: the built-in ones and those a team saved (each save and delete an audited, versioned write). */
export class ReleaseTemplateService {
  constructor(
    private readonly ds: DataSource,
    private readonly writer: ConfigWriter,
    private readonly reader: GuardReader,
  ) {}

  async list(): Promise<ReleaseTemplate[]> {
    const saved = await this.ds.getRepository(ReleaseTemplateRow).find({ order: { key: 'ASC' } });
    return [...releaseTemplates, ...saved.map(toTemplate)];
  }

  async find(key: string): Promise<ReleaseTemplate | null> {
    const builtIn = releaseTemplates.find((t) => t.key === key);
    if (builtIn) return builtIn;
    const row = await this.ds.getRepository(ReleaseTemplateRow).findOneBy({ key });
    return row ? toTemplate(row) : null;
  }

  /** Creates (`expectedVersion` null) or replaces a team's template. */
  async save(
    input: { key: string; name: string; stages: ReleaseStage[]; guards?: GuardInput[] | null },
    expectedVersion: number | null,
    ctx: WriteContext,
  ): Promise<ReleaseTemplate> {
    if (!KEY.test(input.key))
      throw errors.badInput(
        'must be 1 to 63 lower-case letters, digits or dashes, starting with a letter or digit',
        'input.key',
      );
    if (releaseTemplates.some((t) => t.key === input.key))
      throw errors.badInput(
        `"${input.key}" is a built-in template; save yours under another key`,
        'input.key',
      );
    const name = input.name.trim();
    if (!name || name.length > 200) throw errors.badInput('must be 1 to 200 characters', 'input.name');
    const stages = input.stages.map((s) => ({
      percent: s.percent,
      minDurationMinutes: s.minDurationMinutes,
    }));
    const guards = guardsOf(input.guards ?? []);
    await assertPlanShape(stages, guards, 'input', this.reader);
    return this.writer.write(ctx, async (m, record) => {
      const repo = m.getRepository(ReleaseTemplateRow);
      const existing = await repo.findOne({ where: { key: input.key }, lock: { mode: 'pessimistic_write' } });
      if (existing && expectedVersion === null)
        throw errors.conflict(
          `template "${input.key}" exists (version ${existing.version}): pass expectedVersion to replace it`,
          {
            currentVersion: existing.version,
          },
        );
      if (!existing && expectedVersion !== null) throw errors.notFound('ReleaseTemplate', input.key);
      if (existing && existing.version !== expectedVersion)
        throw errors.staleVersion('ReleaseTemplate', input.key, expectedVersion!, existing.version);
      const row = repo.create({
        key: input.key,
        name,
        stages,
        guards,
        version: (existing?.version ?? 0) + 1,
        updatedBy: ctx.actor.name,
        updatedAt: new Date(),
      });
      await repo.save(row);
      record({
        action: existing ? 'release_template.updated' : 'release_template.created',
        kind: 'RELEASE_TEMPLATE_UPDATED',
        resourceType: 'release_template',
        resourceKey: row.key,
        environment: null,
        before: existing ? toTemplate(existing) : null,
        after: toTemplate(row),
      });
      return toTemplate(row);
    });
  }

  async delete(key: string, expectedVersion: number, ctx: WriteContext): Promise<boolean> {
    if (releaseTemplates.some((t) => t.key === key))
      throw errors.badInput(`"${key}" is a built-in template and cannot be deleted`, 'key');
    return this.writer.write(ctx, async (m, record) => {
      const repo = m.getRepository(ReleaseTemplateRow);
      const existing = await repo.findOne({ where: { key }, lock: { mode: 'pessimistic_write' } });
      if (!existing) throw errors.notFound('ReleaseTemplate', key);
      if (existing.version !== expectedVersion)
        throw errors.staleVersion('ReleaseTemplate', key, expectedVersion, existing.version);
      await repo.delete({ key });
      record({
        action: 'release_template.deleted',
        kind: 'RELEASE_TEMPLATE_UPDATED',
        resourceType: 'release_template',
        resourceKey: key,
        environment: null,
        before: toTemplate(existing),
        after: null,
      });
      return true;
    });
  }
}
