// importFlag: a whole flag as an import describes it (metadata, archived state, the targeting of each listed
// environment) written as one change: one transaction, one version bump, one audit entry, one outbox row.
// `switchyard import` sends one per flag that differs, so a flag is never left half-imported.

import { type FlagType, validateEnvironmentConfig } from '@switchyard/core';
import { errors } from '@switchyard/server-kit';
import type { EntityManager } from 'typeorm';
import type { ImportFlagInput } from '../generated/graphql';
import type { ConfigWriter, WriteContext } from '@switchyard/server-kit';
import type { FlagRow } from './flag.entity';
import { flagKeyProblem } from './flag-key';
import { type FlagRepository, toEnvironmentConfig } from './flag.repository';
import { flagSnapshot, insertFlag, lockForUpdate, saveFlag, validateVariations } from './flag.service';
import {
  applyTargetingInput,
  assertNoExperimentRuleIds,
  targetingInputMapping,
  writeConfig,
} from './targeting.service';
import { assertValidTargeting } from './targeting-validation';
import { DEFAULT_PROJECT } from '@switchyard/server-kit';

export class FlagImportService {
  constructor(
    private readonly repo: FlagRepository,
    private readonly writer: ConfigWriter,
  ) {}

  /**
   * Creates the flag (`expectedVersion` null; CONFLICT if the key exists) or replaces it (`expectedVersion` its
   * current version). Environments not listed keep their targeting. Every problem is BAD_USER_INPUT naming the
   * input path, and then nothing is written.
   */
  importFlag(input: ImportFlagInput, expectedVersion: number | null, ctx: WriteContext): Promise<FlagRow> {
    const keyProblem = flagKeyProblem(input.key);
    if (keyProblem) throw errors.badInput(keyProblem, 'input.key');
    if (!input.name.trim()) throw errors.badInput('must not be empty', 'input.name');
    const type: FlagType = input.type ?? 'BOOLEAN';
    const variations = validateVariations(
      type,
      input.variations?.map((v) => ({
        key: v.key,
        name: v.name ?? null,
        description: v.description ?? null,
        value: v.value ?? null,
      })),
      true,
    );
    const environments = input.environments ?? [];
    environments.forEach((e, i) => {
      if (environments.findIndex((x) => x.environment === e.environment) !== i)
        throw errors.badInput(`"${e.environment}" is listed twice`, `input.environments[${i}].environment`);
      assertNoExperimentRuleIds(e.targeting, `input.environments[${i}].targeting`);
    });

    return this.writer.write(ctx, async (m, record) => {
      let flag: FlagRow;
      let before: Record<string, unknown> | null = null;
      if (expectedVersion === null) {
        flag = await insertFlag(
          m,
          this.repo,
          { ...input, project: input.project ?? undefined, type, variations },
          ctx,
          'input.key',
        );
      } else {
        flag = await lockForUpdate(
          m,
          this.repo,
          input.project ?? DEFAULT_PROJECT,
          input.key,
          expectedVersion,
        );
        if (flag.type !== type)
          throw errors.badInput(`the flag is ${flag.type}; a flag's type never changes`, 'input.type');
        before = { ...flagSnapshot(flag), environments: await this.environmentConfigs(m, flag) };
        flag.name = input.name.trim();
        flag.description = input.description ?? null;
        flag.tags = [...new Set(input.tags ?? [])];
        flag.owner = input.owner ?? null;
        flag.variations = variations;
      }
      flag.archived = input.archived ?? false;
      for (const [i, e] of environments.entries()) {
        const row = await this.repo.environmentRow(m, flag.id, e.environment);
        if (!row)
          throw errors.badInput(
            `environment "${e.environment}" does not exist`,
            `input.environments[${i}].environment`,
          );
        const current = toEnvironmentConfig(row);
        const next = applyTargetingInput(current, e.targeting);
        const mapping = targetingInputMapping(current, e.targeting, `input.environments[${i}].targeting`);
        await assertValidTargeting(m, this.repo, flag, e.environment, next, mapping);
        writeConfig(row, next);
        await m.save(row);
      }
      if (before)
        await this.assertVariationsStillServed(
          m,
          flag,
          environments.map((e) => e.environment),
        );
      const saved = before ? await saveFlag(m, flag, ctx) : await m.save(flag);
      record({
        action: 'flag.imported',
        kind: before ? 'FLAG_UPDATED' : 'FLAG_CREATED',
        resourceType: 'flag',
        project: saved.project,
        resourceKey: saved.key,
        // Metadata and several environments change together: every environment's flag set is rebuilt.
        environment: null,
        before,
        after: { ...flagSnapshot(saved), environments: await this.environmentConfigs(m, saved) },
      });
      return saved;
    });
  }

  private async environmentConfigs(m: EntityManager, flag: FlagRow) {
    const rows = await this.repo.environmentRows(m, flag.id);
    return Object.fromEntries(rows.map((r) => [r.environmentKey, toEnvironmentConfig(r)]));
  }

  /** A replaced flag's removed variations may still be served where the import left targeting alone, or be a
   * prerequisite of another flag: both are refused as `updateFlag` refuses them. */
  private async assertVariationsStillServed(m: EntityManager, flag: FlagRow, imported: string[]) {
    for (const env of await this.repo.environmentRows(m, flag.id)) {
      if (imported.includes(env.environmentKey)) continue;
      const problems = validateEnvironmentConfig(toEnvironmentConfig(env), flag, null);
      if (problems.length > 0)
        throw errors.badInput(
          `a removed variation is still used in ${env.environmentKey} (${problems[0]!.path}: ${problems[0]!.message})`,
          'input.variations',
        );
    }
    const keys = new Set(flag.variations.map((v) => v.key));
    const dependents = await this.repo.dependents(m, flag.project, [flag.key]);
    for (const environment of new Set(dependents.map((d) => d.environment))) {
      for (const node of await this.repo.prerequisiteGraph(m, flag.project, environment)) {
        const missing = node.prerequisites
          .filter((p) => p.flagKey === flag.key)
          .flatMap((p) => [p.variation, ...(p.variations ?? [])])
          .find((v): v is string => typeof v === 'string' && !keys.has(v));
        if (missing)
          throw errors.badInput(
            `flag ${node.key} needs variation "${missing}" of this flag as a prerequisite in ${environment}`,
            'input.variations',
          );
      }
    }
  }
}
