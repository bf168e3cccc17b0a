import {
  type ConfigChange,
  type ConfigChangeOutbox,
  errors,
  type RequestContext,
  recordChange,
} from '@switchyard/server-kit';
import type { DataSource } from 'typeorm';
import { ExperimentRow, type ExperimentStatus, type ExperimentVariant } from './experiment.entity';
import type { ExperimentRepository } from './experiment.repository';

const KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,127}$/;

export interface CreateExperimentInput {
  key: string;
  name: string;
  description?: string | null;
  hypothesis?: string | null;
  environment: string;
  flagKey: string;
  variants: ExperimentVariant[];
  trafficAllocation: number;
  /** Only the seed creates experiments in a later state directly. */
  status?: ExperimentStatus;
}

export class ExperimentService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: ExperimentRepository,
    private readonly outbox: ConfigChangeOutbox,
  ) {}

  list(first: number, afterKey: string | null) {
    return this.repo.list(first, afterKey);
  }

  async create(input: CreateExperimentInput, ctx: RequestContext): Promise<ExperimentRow> {
    if (!KEY_PATTERN.test(input.key)) {
      throw errors.badInput('must be 1–128 lowercase letters, digits, ".", "_" or "-"', 'input.key');
    }
    if (!input.name.trim()) throw errors.badInput('must not be empty', 'input.name');
    if (!KEY_PATTERN.test(input.flagKey)) throw errors.badInput('is not a valid flag key', 'input.flagKey');
    validateVariants(input.variants);
    if (!(input.trafficAllocation >= 0 && input.trafficAllocation <= 100)) {
      throw errors.badInput('must be between 0 and 100', 'input.trafficAllocation');
    }

    let change: ConfigChange | undefined;
    const row = await this.ds.transaction(async (m) => {
      if (await this.repo.keyExists(m, input.key)) {
        throw errors.conflict(`An experiment with key "${input.key}" already exists`, { field: 'input.key' });
      }
      const entity = m.getRepository(ExperimentRow).create({
        key: input.key,
        name: input.name.trim(),
        description: input.description ?? null,
        hypothesis: input.hypothesis ?? null,
        environment: input.environment,
        flagKey: input.flagKey,
        status: input.status ?? 'DRAFT',
        variants: input.variants,
        trafficAllocation: input.trafficAllocation,
        version: 1,
      });
      await m.getRepository(ExperimentRow).save(entity);
      change = await recordChange(m, ctx, {
        action: 'experiment.created',
        kind: 'EXPERIMENT_CREATED',
        resourceType: 'experiment',
        resourceKey: entity.key,
        environment: entity.environment,
        before: null,
        after: { ...entity },
      });
      return entity;
    });
    await this.outbox.publish(change ? [change] : []);
    return row;
  }
}

function validateVariants(variants: ExperimentVariant[]): void {
  if (variants.length < 2)
    throw errors.badInput('an experiment needs at least two variants', 'input.variants');
  const seen = new Set<string>();
  variants.forEach((v, i) => {
    if (seen.has(v.key)) throw errors.badInput(`"${v.key}" is used twice`, `input.variants[${i}].key`);
    seen.add(v.key);
    if (!(v.weight >= 0 && v.weight <= 100)) {
      throw errors.badInput('must be between 0 and 100', `input.variants[${i}].weight`);
    }
  });
  const total = variants.reduce((s, v) => s + v.weight, 0);
  if (Math.abs(total - 100) > 1e-9) {
    throw errors.badInput(`weights must sum to 100 %, they sum to ${total} %`, 'input.variants');
  }
}
