import { type ConfigWriter, errors, projectScopedKey, type RequestContext } from '@switchyard/server-kit';
import type { RebuildJobRepository } from '../rollups/rebuild-jobs';
import type { RollupRepository } from '../rollups/rollup.repository';
import type { ExperimentUsingMetric, MetricUsage } from '../services/metric-usage';
import { type CapType, type MetricKind, MetricRow } from './metric.entity';
import type { MetricRepository } from './metric.repository';

export interface MetricInput {
  name?: string | null;
  description?: string | null;
  kind?: MetricKind | null;
  eventName?: string | null;
  /** RATIO only. */
  denominatorEventName?: string | null;
  /** QUANTILE only. */
  quantile?: number | null;
  conversionWindowHours?: number | null;
  higherIsBetter?: boolean | null;
  guardrailThreshold?: number | null;
  /** null removes capping. */
  capping?: { type: CapType; value: number } | null;
  oneSided?: boolean | null;
  /** Normal prior on the relative effect; null makes it flat again. */
  prior?: { mean: number; standardDeviation: number } | null;
}

export interface CreateMetricInput extends MetricInput {
  /** Resolved by the caller (an existing project, the caller's permission checked in it). */
  project: string;
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
    project: m.project,
    key: m.key,
    name: m.name,
    description: m.description,
    kind: m.kind,
    eventName: m.eventName,
    denominatorEventName: m.denominatorEventName,
    quantile: m.quantile,
    conversionWindowHours: m.conversionWindowHours,
    higherIsBetter: m.higherIsBetter,
    guardrailThreshold: m.guardrailThreshold,
    capType: m.capType,
    capValue: m.capValue,
    oneSided: m.oneSided,
    priorMean: m.priorMean,
    priorStdDev: m.priorStdDev,
    version: m.version,
  };
}

/** Copies the analysis settings given in `fields` onto the row (undefined: unchanged, null: cleared). */
function applyAnalysisSettings(row: MetricRow, fields: MetricInput): void {
  if (fields.capping !== undefined) {
    row.capType = fields.capping?.type ?? null;
    row.capValue = fields.capping?.value ?? null;
  }
  if (fields.oneSided != null) row.oneSided = fields.oneSided;
  if (fields.prior !== undefined) {
    row.priorMean = fields.prior?.mean ?? null;
    row.priorStdDev = fields.prior?.standardDeviation ?? null;
  }
  if (fields.denominatorEventName !== undefined) row.denominatorEventName = fields.denominatorEventName;
  if (fields.quantile !== undefined) row.quantile = fields.quantile;
  // A field of another kind is dropped when the kind changes, so the row is always consistent.
  if (row.kind !== 'RATIO') row.denominatorEventName = null;
  if (row.kind !== 'QUANTILE') row.quantile = null;
  if (row.kind === 'RATIO' && !row.denominatorEventName) {
    throw errors.badInput(
      'a RATIO metric needs the denominator\'s event name, e.g. "session"',
      'input.denominatorEventName',
    );
  }
  if (row.kind === 'QUANTILE' && row.quantile === null) {
    throw errors.badInput('a QUANTILE metric needs its quantile, e.g. 0.95 for p95', 'input.quantile');
  }
  if (row.kind !== 'MEAN' && row.kind !== 'COUNT' && row.capType !== null) {
    throw errors.badInput(
      row.kind === 'CONVERSION'
        ? 'capping applies to MEAN and COUNT metrics; a conversion is already 0 or 1'
        : `capping applies to MEAN and COUNT metrics, not ${row.kind}`,
      'input.capping',
    );
  }
}

/**
 * Metric use cases: validation and the audited write transaction. A new metric, or a change of
 * kind, event or window, queues a rebuild of its rollups in the same transaction; the rebuild
 * runs in the background (`rollups/rebuild-worker.ts`), never inside the mutation.
 */
export class MetricService {
  constructor(
    private readonly writer: ConfigWriter,
    private readonly repo: MetricRepository,
    private readonly rollups: RollupRepository,
    private readonly usage: MetricUsage,
    private readonly rebuilds: RebuildJobRepository,
    /** Tells this replica's rebuild worker that a job was queued. */
    private readonly rebuildQueued: () => void = () => {},
  ) {}

  list(project: string) {
    return this.repo.list(project);
  }

  async create(input: CreateMetricInput, ctx: RequestContext): Promise<MetricRow> {
    if (!KEY.test(input.key)) {
      throw errors.badInput('must match ^[a-z0-9][a-z0-9._-]{0,127}$', 'input.key');
    }
    const fields = validate(input);
    const metric = await this.writer.write(ctx, async (m, record) => {
      if (await m.getRepository(MetricRow).existsBy({ project: input.project, key: input.key })) {
        throw errors.conflict(
          `A metric with key "${input.key}" already exists in project "${input.project}"`,
          { field: 'input.key' },
        );
      }
      const row = m.getRepository(MetricRow).create({
        project: input.project,
        key: input.key,
        name: fields.name!,
        description: fields.description ?? null,
        kind: fields.kind!,
        eventName: fields.eventName!,
        denominatorEventName: null,
        quantile: null,
        conversionWindowHours: fields.conversionWindowHours ?? 168,
        higherIsBetter: fields.higherIsBetter ?? true,
        guardrailThreshold: fields.guardrailThreshold ?? null,
        capType: null,
        capValue: null,
        oneSided: false,
        priorMean: null,
        priorStdDev: null,
        version: 1,
        createdBy: ctx.actor.name,
        updatedBy: ctx.actor.name,
      });
      applyAnalysisSettings(row, fields);
      await m.getRepository(MetricRow).save(row);
      // Generated by the database; the same rule here (see the migration MetricProjects).
      row.storageKey = projectScopedKey(row.project, row.key);
      // Events may have arrived before the metric existed: they are counted by a rebuild.
      await this.rebuilds.enqueue(m, row.storageKey, row.version);
      record({
        action: 'metric.created',
        kind: 'METRIC_CREATED',
        resourceType: 'metric',
        project: row.project,
        resourceKey: row.key,
        environment: null,
        before: null,
        after: snapshot(row),
      });
      return row;
    });
    this.rebuildQueued();
    return metric;
  }

  async update(
    project: string,
    key: string,
    input: MetricInput,
    expectedVersion: number,
    ctx: RequestContext,
  ) {
    const fields = validate(input);
    let rebuild = false;
    const metric = await this.writer.write(ctx, async (m, record) => {
      const row = await this.repo.lockByKey(m, project, key);
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
      // Capping, sides and prior apply when results are computed: no rebuild.
      applyAnalysisSettings(row, fields);
      rebuild =
        row.kind !== before.kind ||
        row.eventName !== before.eventName ||
        row.denominatorEventName !== before.denominatorEventName ||
        row.conversionWindowHours !== before.conversionWindowHours;
      row.version += 1;
      row.updatedBy = ctx.actor.name;
      await m.getRepository(MetricRow).save(row);
      if (rebuild) await this.rebuilds.enqueue(m, row.storageKey, row.version);
      record({
        action: 'metric.updated',
        kind: 'METRIC_UPDATED',
        resourceType: 'metric',
        project,
        resourceKey: key,
        environment: null,
        before,
        after: snapshot(row),
      });
      return row;
    });
    if (rebuild) this.rebuildQueued();
    return metric;
  }

  async delete(
    project: string,
    key: string,
    expectedVersion: number | null | undefined,
    ctx: RequestContext,
  ): Promise<boolean> {
    await this.writer.write(ctx, async (m, record) => {
      const row = await this.repo.lockByKey(m, project, key);
      if (!row) throw errors.notFound('Metric', key);
      if (expectedVersion != null && row.version !== expectedVersion) {
        throw errors.staleVersion('Metric', key, expectedVersion, row.version);
      }
      // Asked under the row lock, so the answer still holds when the row goes.
      const users = await this.usage.experimentsUsing(project, key).catch((err: Error) => {
        throw new Error(`Metric "${key}" was not deleted: ${err.message}. Try again.`);
      });
      if (users.length > 0) {
        throw errors.conflict(
          `Metric "${key}" is used by ${users.length === 1 ? 'experiment' : 'experiments'} ${users.map(describeUse).join(', ')}; remove it from their metrics before deleting it (completed and archived experiments keep their results, so their metrics stay)`,
          { key, experiments: users.map((u) => u.key) },
        );
      }
      await m.getRepository(MetricRow).delete({ project, key });
      // Rows first: that waits for a rebuild of this metric in progress, which updates its job row.
      await this.rollups.removeMetricRows(m, row.storageKey);
      await this.rebuilds.removeForMetric(m, row.storageKey);
      record({
        action: 'metric.deleted',
        kind: 'METRIC_DELETED',
        resourceType: 'metric',
        project,
        resourceKey: key,
        environment: null,
        before: snapshot(row),
        after: null,
      });
    });
    return true;
  }
}

function describeUse(u: ExperimentUsingMetric): string {
  return `"${u.key}" (${u.status}${u.archived ? ', archived' : ''})`;
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
  const denominator = input.denominatorEventName?.trim();
  if (input.denominatorEventName != null && (!denominator || denominator.length > 200)) {
    problems.push({ path: 'input.denominatorEventName', message: 'must be 1–200 characters' });
  }
  const q = input.quantile;
  if (q != null && !(Number.isFinite(q) && q > 0 && q < 1)) {
    problems.push({ path: 'input.quantile', message: 'must be between 0 and 1, e.g. 0.95 for p95' });
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
  const cap = input.capping;
  if (cap) {
    if (cap.type === 'FIXED' && !(Number.isFinite(cap.value) && cap.value > 0)) {
      problems.push({
        path: 'input.capping.value',
        message: 'a FIXED cap must be a positive number, e.g. 500',
      });
    } else if (cap.type === 'PERCENTILE' && !(Number.isFinite(cap.value) && cap.value > 0 && cap.value < 1)) {
      problems.push({
        path: 'input.capping.value',
        message: 'a PERCENTILE cap is a quantile between 0 and 1, e.g. 0.99 for the 99th percentile',
      });
    }
  }
  const prior = input.prior;
  if (prior) {
    if (!Number.isFinite(prior.mean) || Math.abs(prior.mean) > 10) {
      problems.push({
        path: 'input.prior.mean',
        message: 'must be a relative effect between -10 and 10, e.g. 0',
      });
    }
    if (!(Number.isFinite(prior.standardDeviation) && prior.standardDeviation > 0)) {
      problems.push({
        path: 'input.prior.standardDeviation',
        message: 'must be a positive relative effect, e.g. 0.1 for ±10 %',
      });
    }
  }
  if (problems.length) throw errors.badInputs(problems);
  return {
    ...input,
    name: name ?? input.name,
    eventName: eventName ?? input.eventName,
    ...(denominator ? { denominatorEventName: denominator } : {}),
  };
}
