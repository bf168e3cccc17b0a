import { type SegmentRule, type ValidationProblem, validateCondition } from '@switchyard/core';
import { errors } from '@switchyard/server-kit';
import type { EntityManager } from 'typeorm';
import type { FlagRepository } from '../flags/flag.repository';
import type { AuditLabel } from '../flags/flag.service';
import { flagKeyProblem } from '../flags/flag-key';
import { SEGMENT_REFERENCES_LOCK } from '../flags/targeting-validation';
import { newRuleId } from '../flags/targeting-input';
import { conditionFromInput } from '../flags/targeting-input';
import type { CreateSegmentInput, SegmentRuleInput, UpdateSegmentInput } from '../generated/graphql';
import type { ConfigWriter, WriteContext } from '@switchyard/server-kit';
import { SegmentRow } from './segment.entity';
import type { SegmentRepository } from './segment.repository';
import { DEFAULT_PROJECT } from '@switchyard/server-kit';

/** Longest key list the audit entry spells out; beyond it, counts only. */
const AUDIT_KEY_LIMIT = 1000;

export function sortedUnique(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort();
}

function diff(before: string[], after: string[]) {
  const b = new Set(before);
  const a = new Set(after);
  const added = after.filter((k) => !b.has(k));
  const removed = before.filter((k) => !a.has(k));
  const cap = (list: string[]) => (list.length > AUDIT_KEY_LIMIT ? { count: list.length } : list);
  return { added: cap(added), removed: cap(removed) };
}

/** What the audit log keeps of a segment: key lists as counts, since they may hold 100,000 keys. */
function snapshot(s: SegmentRow) {
  return {
    key: s.key,
    name: s.name,
    description: s.description,
    includedCount: s.included.length,
    excludedCount: s.excluded.length,
    rules: s.rules,
    version: s.version,
  };
}

function keyListProblems(keys: string[] | null | undefined, path: string): ValidationProblem[] {
  return (keys ?? []).flatMap((k, i) =>
    typeof k === 'string' && k.length > 0 && k.length <= 256
      ? []
      : [{ path: `${path}[${i}]`, message: 'must be a context key of 1–256 characters' }],
  );
}

/** Segments: reusable user groups referenced by `inSegment` conditions. */
export class SegmentService {
  constructor(
    private readonly repo: SegmentRepository,
    private readonly flags: FlagRepository,
    private readonly writer: ConfigWriter,
  ) {}

  list(project: string) {
    return this.repo.list(project);
  }

  async create(input: CreateSegmentInput, ctx: WriteContext): Promise<SegmentRow> {
    const keyProblem = flagKeyProblem(input.key);
    if (keyProblem) throw errors.badInput(keyProblem, 'input.key');
    if (!input.name.trim()) throw errors.badInput('must not be empty', 'input.name');
    const project = input.project ?? DEFAULT_PROJECT;
    return this.writer.write(ctx, async (m, record) => {
      if (await m.getRepository(SegmentRow).exists({ where: { project, key: input.key } })) {
        throw errors.conflict(`A segment with key "${input.key}" already exists in project "${project}"`, {
          field: 'input.key',
        });
      }
      const rules = await this.validRules(m, project, input.key, input.rules);
      const problems = [
        ...keyListProblems(input.included, 'input.included'),
        ...keyListProblems(input.excluded, 'input.excluded'),
      ];
      if (problems.length > 0) throw errors.badInputs(problems);
      const row = m.getRepository(SegmentRow).create({
        key: input.key,
        project,
        name: input.name.trim(),
        description: input.description ?? null,
        included: sortedUnique(input.included ?? []),
        excluded: sortedUnique(input.excluded ?? []),
        rules,
        version: 1,
        createdBy: ctx.actor.name,
        updatedBy: ctx.actor.name,
      });
      await m.getRepository(SegmentRow).save(row);
      record({
        action: 'segment.created',
        kind: 'SEGMENT_CREATED',
        resourceType: 'segment',
        project: row.project,
        resourceKey: row.key,
        environment: null,
        before: null,
        after: snapshot(row),
      });
      return row;
    });
  }

  async update(
    project: string,
    key: string,
    expectedVersion: number,
    input: UpdateSegmentInput,
    ctx: WriteContext,
    label: AuditLabel = { action: 'segment.updated' },
  ) {
    if (input.name !== undefined && !input.name?.trim())
      throw errors.badInput('must not be empty', 'input.name');
    const problems = [
      ...keyListProblems(input.included, 'input.included'),
      ...keyListProblems(input.excluded, 'input.excluded'),
      ...keyListProblems(input.addIncluded, 'input.addIncluded'),
      ...keyListProblems(input.addExcluded, 'input.addExcluded'),
    ];
    if (problems.length > 0) throw errors.badInputs(problems);
    return this.writer.write(ctx, async (m, record) => {
      const segment = await this.repo.lock(m, project, key);
      if (!segment) throw errors.notFound('Segment', key);
      if (segment.version !== expectedVersion)
        throw errors.staleVersion('Segment', key, expectedVersion, segment.version);
      const before = snapshot(segment);
      const beforeIncluded = segment.included;
      const beforeExcluded = segment.excluded;
      if (input.name) segment.name = input.name.trim();
      if (input.description !== undefined) segment.description = input.description;
      if (input.rules) segment.rules = await this.validRules(m, project, key, input.rules);
      segment.included = applyKeyChanges(
        segment.included,
        input.included,
        input.addIncluded,
        input.removeIncluded,
      );
      segment.excluded = applyKeyChanges(
        segment.excluded,
        input.excluded,
        input.addExcluded,
        input.removeExcluded,
      );
      segment.version += 1;
      segment.updatedAt = new Date();
      segment.updatedBy = ctx.actor.name;
      await m.getRepository(SegmentRow).save(segment);
      record({
        action: label.action,
        kind: 'SEGMENT_UPDATED',
        resourceType: 'segment',
        project: segment.project,
        resourceKey: key,
        environment: null,
        before,
        after: {
          ...snapshot(segment),
          included: diff(beforeIncluded, segment.included),
          excluded: diff(beforeExcluded, segment.excluded),
          ...label.extra,
        },
      });
      return segment;
    });
  }

  delete(project: string, key: string, expectedVersion: number, ctx: WriteContext): Promise<string> {
    return this.writer.write(ctx, async (m, record) => {
      const segment = await this.repo.lock(m, project, key);
      if (!segment) throw errors.notFound('Segment', key);
      if (segment.version !== expectedVersion)
        throw errors.staleVersion('Segment', key, expectedVersion, segment.version);
      // Exclusive against targeting writes, which hold it shared while checking their segments.
      await m.query('SELECT pg_advisory_xact_lock($1)', [SEGMENT_REFERENCES_LOCK]);
      const flags = [...new Set((await this.flags.flagsUsingSegments(m, project, [key])).map((r) => r.flag))];
      const segments = [
        ...new Set((await this.repo.segmentsUsingSegments(m, project, [key])).map((r) => r.user)),
      ];
      if (flags.length > 0 || segments.length > 0) {
        const users = [
          ...(flags.length ? [`flags ${flags.join(', ')}`] : []),
          ...(segments.length ? [`segments ${segments.join(', ')}`] : []),
        ];
        throw errors.conflict(
          `Segment "${key}" is still used by ${users.join(' and ')}; remove it there first`,
          {
            flags,
            segments,
          },
        );
      }
      await m.getRepository(SegmentRow).delete({ id: segment.id });
      record({
        action: 'segment.deleted',
        kind: 'SEGMENT_DELETED',
        resourceType: 'segment',
        project: segment.project,
        resourceKey: key,
        environment: null,
        before: snapshot(segment),
        after: null,
      });
      return key;
    });
  }

  private async validRules(
    m: EntityManager,
    project: string,
    selfKey: string,
    input: SegmentRuleInput[] | null | undefined,
  ): Promise<SegmentRule[]> {
    const rules = (input ?? []).map((r) => ({
      id: r.id ?? newRuleId(),
      conditions: r.conditions.map(conditionFromInput),
    }));
    // A segment may refer to itself while being created, so its own key counts as known.
    const known = new Set([...(await this.repo.keys(m, project)), selfKey]);
    const problems = rules.flatMap((r, i) =>
      r.conditions.flatMap((c, j) => validateCondition(c, `input.rules[${i}].conditions[${j}]`, known)),
    );
    if (problems.length > 0) throw errors.badInputs(problems);
    return rules;
  }
}

/** A key list after an update's replace / add / remove (sorted, unique); unchanged when none is given. */
export function applyKeyChanges(
  current: string[],
  replace: string[] | null | undefined,
  add: string[] | null | undefined,
  remove: string[] | null | undefined,
): string[] {
  if (!replace && !add?.length && !remove?.length) return current;
  const keys = new Set(replace ?? current);
  for (const k of add ?? []) keys.add(k);
  for (const k of remove ?? []) keys.delete(k);
  return sortedUnique(keys);
}
