import {
  detectPrerequisiteCycle,
  type FlagEnvironmentConfig,
  type ValidationProblem,
  validateEnvironmentConfig,
} from '@switchyard/core';
import { errors } from '@switchyard/server-kit';
import type { EntityManager } from 'typeorm';
import { SegmentRow } from '../segments/segment.entity';
import type { FlagRow } from './flag.entity';
import type { FlagRepository } from './flag.repository';

/** Advisory lock keys (arbitrary, fixed). */
export const SEGMENT_REFERENCES_LOCK = 7_311_992_101;
const PREREQUISITES_LOCK = 731_199_102;

export interface PathMapping {
  /** Prefix of every reported path, e.g. `input`. */
  prefix: string;
  /** Rules before this index are experiment rules kept from before; input rule i is config rule i + offset. */
  ruleOffset: number;
}

/** Maps a core path (`rules[3].serve`) onto the caller's input (`input.rules[1].serve`). */
export function inputPath(path: string, mapping: PathMapping): string {
  const renumbered = path.replace(/^rules\[(\d+)\]/, (_whole, index: string) => {
    const i = Number(index);
    return i >= mapping.ruleOffset ? `rules[${i - mapping.ruleOffset}]` : `existingRules[${i}]`;
  });
  return mapping.prefix ? `${mapping.prefix}.${renumbered}` : renumbered;
}

/**
 * Checks one environment's targeting against everything it refers to: variations,
 * segments, other flags, prerequisite cycles. Throws BAD_USER_INPUT listing every problem.
 */
export async function assertValidTargeting(
  m: EntityManager,
  repo: FlagRepository,
  flag: FlagRow,
  environment: string,
  config: FlagEnvironmentConfig,
  mapping: PathMapping,
): Promise<void> {
  // Checks that read other rows hold locks until commit: a segment cannot be deleted while a
  // rule starts using it, and two flags cannot each add half of a prerequisite cycle.
  await m.query('SELECT pg_advisory_xact_lock_shared($1)', [SEGMENT_REFERENCES_LOCK]);
  if (config.prerequisites.length > 0) {
    await m.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [PREREQUISITES_LOCK, environment]);
  }
  // Rules and prerequisites name segments and flags of the flag's own project.
  const segmentKeys = (
    await m.getRepository(SegmentRow).find({ where: { project: flag.project }, select: { key: true } })
  ).map((s) => s.key);
  const knownFlags = await repo.variationKeysByFlag(m, flag.project);
  const problems: ValidationProblem[] = validateEnvironmentConfig(config, flag, segmentKeys, '', {
    knownFlags,
  }).map((p) => ({ ...p, path: inputPath(p.path, mapping) }));
  if (problems.length === 0 && config.prerequisites.length > 0) {
    const graph = (await repo.prerequisiteGraph(m, flag.project, environment)).filter(
      (n) => n.key !== flag.key,
    );
    graph.push({ key: flag.key, prerequisites: config.prerequisites });
    const cycle = detectPrerequisiteCycle(graph);
    if (cycle?.includes(flag.key)) {
      // Told from the edited flag's point of view: this flag → … → this flag.
      const ring = cycle.slice(0, -1);
      const start = ring.indexOf(flag.key);
      const path = [...ring.slice(start), ...ring.slice(0, start), flag.key];
      problems.push({
        path: inputPath('prerequisites', mapping),
        message: `prerequisites would form a cycle: ${path.join(' → ')}`,
      });
    }
  }
  if (problems.length > 0) throw errors.badInputs(problems);
}
