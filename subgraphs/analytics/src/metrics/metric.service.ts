import {
  type ConfigChange,
  type ConfigChangeOutbox,
  errors,
  type RequestContext,
  recordChange,
} from '@switchyard/server-kit';
import type { DataSource } from 'typeorm';
import type { RollupRepository } from '../rollups/rollup.repository';
import { type MetricKind, MetricRow } from './metric.entity';
import type { MetricRepository } from './metric.repository';

export interface MetricInput {
  name?: string | null;
  description?: string | null;
  kind?: MetricKind | null;
  eventName?: string | null;
  conversionWindowHours?: number | null;
  higherIsBetter?: boolean | null;
  guardrailThreshold?: number | null;
}

export interface CreateMetricInput extends MetricInput {
  key: string;
  name: string;
  kind: MetricKind;
  eventName: string;
}

const KEY = /^[a-z0-9][a-z0-9._-]{0,127}$/;
const MAX_WINDOW_HOURS = 90 * 24;

/** What the audit log keeps of a metric. */
function snapshot(m: MetricRow) {
  return {
    key: m.key,
    name: m.name,
    description: m.description,
    kind: m.kind,
    eventName: m.eventName,
    conversionWindowHours: m.conversionWindowHours,
    higherIsBetter: m.higherIsBetter,
    guardrailThreshold: m.guardrailThreshold,
    version: m.version,
  };
}

/** Metric use cases: validation, the audited write transaction, rollup rebuilds. */
export class MetricService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: MetricRepository,
    private readonly rollups: RollupRepository,
    private readonly outbox: ConfigChangeOutbox,
  ) {}

  list() {
    return this.repo.list();
  }

  async create(input: CreateMetricInput, ctx: RequestContext): Promise<MetricRow> {
    if (!KEY.test(input.key)) {
      throw errors.badInput('must match ^[a-z0-9][a-z0-9._-]{0,127}$', 'input.key');
    }
    const fields = validate(input);
    let change: ConfigChange | undefined;
    const metric = await this.ds.transaction(async (m) => {
      if (await m.getRepository(MetricRow).existsBy({ key: input.key })) {
        throw errors.conflict(`A metric with key "${input.key}" already exists`, { field: 'input.key' });
      }
      const row = m.getRepository(MetricRow).create({
        key: input.key,
        name: fields.name!,
        description: fields.description ?? null,
        kind: fields.kind!,
        eventName: fields.eventName!,
        conversionWindowHours: fields.conversionWindowHours ?? 168,
        higherIsBetter: fields.higherIsBetter ?? true,
        guardrailThreshold: fields.guardrailThreshold ?? null,
        version: 1,
        createdBy: ctx.actor.name,
        updatedBy: ctx.actor.name,
      });
      await m.getRepository(MetricRow).save(row);
      change = await recordChange(m, ctx, {
        action: 'metric.created',
        kind: 'METRIC_CREATED',
        resourceType: 'metric',
        resourceKey: row.key,
        environment: null,
        before: null,
        after: snapshot(row),
      });
      return row;
    });
    await this.outbox.publish(change ? [change] : []);
    // Events may have arrived before the metric existed: count them.
    await this.rollups.rebuildMetric(metric.key);
    return metric;
  }

  async update(key: string, input: MetricInput, expectedVersion: number, ctx: RequestContext) {
    const fields = validate(input);
    let change: ConfigChange | undefined;
    let rebuild = false;
    const metric = await this.ds.transaction(async (m) => {
      const row = await this.repo.lockByKey(m, key);
      if (!row) throw errors.notFound('Metric', key);
      if (row.version !== expectedVersion)
        throw errors.staleVersion('Metric', key, expectedVersion, row.version);
      const before = snapshot(row);
      if (fields.name != null) row.name = fields.name;
      if (fields.description !== undefined) row.description = fields.description;
      if (fields.kind != null) row.kind = fields.kind;
      if (fields.eventName != null) row.eventName = fields.eventName;
      if (fields.conversionWindowHours != null) row.conversionWindowHours = fields.conversionWindowHours;
      if (fields.higherIsBetter != null) row.higherIsBetter = fields.higherIsBetter;
      if (fields.guardrailThreshold !== undefined) row.guardrailThreshold = fields.guardrailThreshold;
      rebuild =
        row.kind !== before.kind ||
        row.eventName !== before.eventName ||
        row.conversionWindowHours !== before.conversionWindowHours;
      row.version += 1;
      row.updatedBy = ctx.actor.name;
      await m.getRepository(MetricRow).save(row);
      change = await recordChange(m, ctx, {
        action: 'metric.updated',
        kind: 'METRIC_UPDATED',
        resourceType: 'metric',
        resourceKey: key,
        environment: null,
        before,
        after: snapshot(row),
      });
      return row;
    });
    await this.outbox.publish(change ? [change] : []);
    if (rebuild) await this.rollups.rebuildMetric(key);
    return metric;
  }

  async delete(
    key: string,
    expectedVersion: number | null | undefined,
    ctx: RequestContext,
  ): Promise<boolean> {
    let change: ConfigChange | undefined;
    await this.ds.transaction(async (m) => {
      const row = await this.repo.lockByKey(m, key);
      if (!row) throw errors.notFound('Metric', key);
      if (expectedVersion != null && row.version !== expectedVersion) {
        throw errors.staleVersion('Metric', key, expectedVersion, row.version);
      }
      await m.getRepository(MetricRow).delete({ key });
      await this.rollups.removeMetricRows(m, key);
      change = await recordChange(m, ctx, {
        action: 'metric.deleted',
        kind: 'METRIC_DELETED',
        resourceType: 'metric',
        resourceKey: key,
        environment: null,
        before: snapshot(row),
        after: null,
      });
    });
    await this.outbox.publish(change ? [change] : []);
    return true;
  }
}

/** Checks every given field; reports all problems at once. */
function validate(input: MetricInput): MetricInput {
  const problems: { path: string; message: string }[] = [];
  const name = input.name?.trim();
  if (input.name != null && !name) problems.push({ path: 'input.name', message: 'must not be empty' });
  const eventName = input.eventName?.trim();
  if (input.eventName != null && (!eventName || eventName.length > 200)) {
    problems.push({ path: 'input.eventName', message: 'must be 1–200 characters' });
  }
  const w = input.conversionWindowHours;
  if (w != null && (!Number.isInteger(w) || w < 1 || w > MAX_WINDOW_HOURS)) {
    problems.push({ path: 'input.conversionWindowHours', message: `must be 1–${MAX_WINDOW_HOURS} hours` });
  }
  const g = input.guardrailThreshold;
  if (g != null && !(Number.isFinite(g) && g >= 0)) {
    problems.push({
      path: 'input.guardrailThreshold',
      message: 'must be a non-negative fraction, e.g. 0.02',
    });
  }
  if (problems.length) throw errors.badInputs(problems);
  return { ...input, name: name ?? input.name, eventName: eventName ?? input.eventName };
}
