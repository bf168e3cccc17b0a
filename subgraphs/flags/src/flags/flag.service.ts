import type { FlagType, Variation } from '@switchyard/core';
import {
  type ConfigChange,
  type ConfigChangeOutbox,
  errors,
  type RequestContext,
  recordChange,
} from '@switchyard/server-kit';
import type { DataSource } from 'typeorm';
import { FlagEnvironmentRow, FlagRow } from './flag.entity';
import { flagKeyProblem } from './flag-key';
import type { FlagListFilter, FlagRepository } from './flag.repository';

export interface CreateFlagInput {
  key: string;
  name: string;
  description?: string | null;
  type: FlagType;
  tags?: string[] | null;
  owner?: string | null;
  variations?: Variation[] | null;
}

const BOOLEAN_VARIATIONS: Variation[] = [
  { key: 'on', name: 'On', value: true },
  { key: 'off', name: 'Off', value: false },
];

function valueMatchesType(type: FlagType, value: unknown): boolean {
  switch (type) {
    case 'BOOLEAN':
      return typeof value === 'boolean';
    case 'STRING':
      return typeof value === 'string';
    case 'NUMBER':
      return typeof value === 'number' && Number.isFinite(value);
    case 'JSON':
      return value !== undefined;
    default:
      return false;
  }
}

/** Flag use cases: validation, the write transaction, publishing after commit. */
export class FlagService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: FlagRepository,
    private readonly outbox: ConfigChangeOutbox,
  ) {}

  list(filter: FlagListFilter, first: number, afterKey: string | null) {
    return this.repo.list(filter, first, afterKey);
  }

  async create(input: CreateFlagInput, ctx: RequestContext): Promise<FlagRow> {
    const keyProblem = flagKeyProblem(input.key);
    if (keyProblem) throw errors.badInput(keyProblem, 'input.key');
    if (!input.name.trim()) throw errors.badInput('must not be empty', 'input.name');
    const variations = this.validateVariations(input.type, input.variations);

    let change: ConfigChange | undefined;
    const flag = await this.ds.transaction(async (m) => {
      if (await this.repo.keyExists(m, input.key)) {
        throw errors.conflict(
          `A flag with key "${input.key}" already exists; keys are unique and cannot be reused`,
          {
            field: 'input.key',
          },
        );
      }
      const row = m.getRepository(FlagRow).create({
        key: input.key,
        name: input.name.trim(),
        description: input.description ?? null,
        type: input.type,
        tags: [...new Set(input.tags ?? [])],
        owner: input.owner ?? null,
        variations,
        archived: false,
        version: 1,
        createdBy: ctx.actor.name,
        updatedBy: ctx.actor.name,
      });
      await m.getRepository(FlagRow).save(row);
      // New flags start off everywhere, serving the first variation once turned on.
      const offVariation = variations[variations.length - 1]!.key;
      const envs = await this.repo.environmentKeys(m);
      await m.getRepository(FlagEnvironmentRow).insert(
        envs.map((environmentKey) => ({
          flagId: row.id,
          environmentKey,
          enabled: false,
          offVariation,
          fallthrough: { variation: variations[0]!.key },
        })),
      );
      change = await recordChange(m, ctx, {
        action: 'flag.created',
        kind: 'FLAG_CREATED',
        resourceType: 'flag',
        resourceKey: row.key,
        environment: null,
        before: null,
        after: { key: row.key, name: row.name, type: row.type, variations, tags: row.tags },
      });
      return row;
    });
    await this.outbox.publish(change ? [change] : []);
    return flag;
  }

  private validateVariations(type: FlagType, input: Variation[] | null | undefined): Variation[] {
    if (!input || input.length === 0) {
      if (type === 'BOOLEAN') return BOOLEAN_VARIATIONS;
      throw errors.badInput(`a ${type} flag needs at least two variations`, 'input.variations');
    }
    if (input.length < 2) throw errors.badInput('a flag needs at least two variations', 'input.variations');
    const seen = new Set<string>();
    return input.map((v, i) => {
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v.key)) {
        throw errors.badInput('must be 1–64 letters, digits, ".", "_" or "-"', `input.variations[${i}].key`);
      }
      if (seen.has(v.key)) throw errors.badInput(`"${v.key}" is used twice`, `input.variations[${i}].key`);
      seen.add(v.key);
      if (!valueMatchesType(type, v.value)) {
        throw errors.badInput(
          `must be a ${type.toLowerCase()} value for a ${type} flag`,
          `input.variations[${i}].value`,
        );
      }
      return { key: v.key, name: v.name ?? null, description: v.description ?? null, value: v.value };
    });
  }
}
