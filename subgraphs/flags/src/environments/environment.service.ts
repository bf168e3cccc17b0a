import { errors } from '@switchyard/server-kit';
import type { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { FlagEnvironmentRow, FlagRow } from '../flags/flag.entity';
import { flagKeyProblem } from '../flags/flag-key';
import { isExperimentRule } from '../flags/targeting-input';
import type { CreateEnvironmentInput } from '../generated/graphql';
import type { ConfigWriter, WriteContext } from '@switchyard/server-kit';
import { EnvironmentRow } from './environment.entity';

/** Environments: every flag has its own targeting in each. */
export class EnvironmentService {
  constructor(
    private readonly ds: DataSource,
    private readonly writer: ConfigWriter,
  ) {}

  list(): Promise<EnvironmentRow[]> {
    return this.ds.getRepository(EnvironmentRow).find({ order: { sortOrder: 'ASC', key: 'ASC' } });
  }

  findByKeys(keys: readonly string[]): Promise<EnvironmentRow[]> {
    return this.ds
      .getRepository(EnvironmentRow)
      .createQueryBuilder('e')
      .where('e.key = ANY(:keys)', { keys })
      .getMany();
  }

  async exists(key: string): Promise<boolean> {
    return this.ds.getRepository(EnvironmentRow).exists({ where: { key } });
  }

  create(input: CreateEnvironmentInput, ctx: WriteContext): Promise<EnvironmentRow> {
    const keyProblem = flagKeyProblem(input.key);
    if (keyProblem) throw errors.badInput(keyProblem, 'input.key');
    if (!input.name.trim()) throw errors.badInput('must not be empty', 'input.name');
    return this.writer.write(ctx, async (m, record) => {
      const envs = m.getRepository(EnvironmentRow);
      // Serialise environment creation: the flag rows below must cover every flag.
      await m.query('LOCK TABLE flags.environments IN SHARE ROW EXCLUSIVE MODE');
      if (await envs.exists({ where: { key: input.key } })) {
        throw errors.conflict(`An environment with key "${input.key}" already exists`, {
          field: 'input.key',
        });
      }
      if (input.copyFrom && !(await envs.exists({ where: { key: input.copyFrom } }))) {
        throw errors.badInput(`environment "${input.copyFrom}" does not exist`, 'input.copyFrom');
      }
      const last = await envs
        .createQueryBuilder('e')
        .select('MAX(e.sort_order)', 'max')
        .getRawOne<{ max: number }>();
      const row = envs.create({ key: input.key, name: input.name.trim(), sortOrder: (last?.max ?? -1) + 1 });
      await envs.save(row);
      // The project everyone had uses it at once; other projects choose it with updateProject.
      await m.query(
        `INSERT INTO flags.project_environments (project_key, environment_key, sort_order)
         SELECT 'default', $1, COALESCE(MAX(sort_order) + 1, 0) FROM flags.project_environments WHERE project_key = 'default'`,
        [row.key],
      );
      const flags = await m.getRepository(FlagRow).find();
      const sources = input.copyFrom
        ? new Map(
            (
              await m.getRepository(FlagEnvironmentRow).find({ where: { environmentKey: input.copyFrom } })
            ).map((e) => [e.flagId, e]),
          )
        : new Map<string, FlagEnvironmentRow>();
      if (flags.length > 0) {
        const repo = m.getRepository(FlagEnvironmentRow);
        await repo.insert(
          flags.map((f) => {
            const source = sources.get(f.id);
            // A new environment never starts serving: copies arrive switched off, without experiments.
            return source
              ? {
                  flagId: f.id,
                  environmentKey: row.key,
                  enabled: false,
                  offVariation: source.offVariation,
                  targets: source.targets,
                  rules: source.rules.filter((r) => !isExperimentRule(r)),
                  fallthrough: source.fallthrough,
                  prerequisites: source.prerequisites,
                  startsAt: source.startsAt,
                  endsAt: source.endsAt,
                }
              : {
                  flagId: f.id,
                  environmentKey: row.key,
                  enabled: false,
                  offVariation: f.variations[f.variations.length - 1]!.key,
                  fallthrough: { variation: f.variations[0]!.key },
                };
          }) as QueryDeepPartialEntity<FlagEnvironmentRow>[],
        );
      }
      record({
        action: 'environment.created',
        kind: 'ENVIRONMENT_CREATED',
        resourceType: 'environment',
        resourceKey: row.key,
        environment: row.key,
        before: null,
        after: { key: row.key, name: row.name, copyFrom: input.copyFrom ?? null },
      });
      return row;
    });
  }
}
