// Why: restoring a flag or segment to its state at an earlier audit entry (issue 17, Revert) is
// an ordinary write through the same services as updateFlag, updateTargeting and updateSegment
// (same validation, one version, one audit entry), audited as a revert naming the entry.

import type { FlagEnvironmentConfig, Variation } from '@switchyard/core';
import { type AuditEntry, errors, type WriteContext } from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';
import type { AuditLogRepository } from '../audit/audit-log.repository';
import type { AuditLabel, FlagService } from '../flags/flag.service';
import type { TargetingService } from '../flags/targeting.service';
import type { SegmentRuleInput, UpdateSegmentInput } from '../generated/graphql';
import type { Restoration } from '../releases/change-request.service';
import type { SegmentRepository } from '../segments/segment.repository';
import type { SegmentService } from '../segments/segment.service';
import { DEFAULT_PROJECT } from '@switchyard/server-kit';

type State = Record<string, unknown>;

/** An entry of the resource being reverted, with the state it recorded after the change. */
export type RevertEntry = AuditEntry & { after: State };

const FIELD = 'auditEntryId';

export class RevertService {
  constructor(
    private readonly auditLog: AuditLogRepository,
    private readonly flags: FlagService,
    private readonly targeting: TargetingService,
    private readonly segments: SegmentService,
    private readonly segmentRepo: SegmentRepository,
  ) {}

  /**
   * NOT_FOUND for an unknown entry; BAD_USER_INPUT for another resource's entry (also the same key's in
   * another project) or one without state.
   */
  async entryOf(
    project: string,
    resourceType: 'flag' | 'segment',
    key: string,
    auditEntryId: string,
  ): Promise<RevertEntry> {
    const entry = await this.auditLog.entry(auditEntryId);
    if (!entry) throw errors.notFound('Audit entry', auditEntryId);
    if (entry.resourceType !== resourceType || entry.resourceKey !== key) {
      throw errors.badInput(
        `entry ${auditEntryId} records a change of ${entry.resourceType} "${entry.resourceKey}", not of ${resourceType} "${key}"`,
        FIELD,
      );
    }
    // The same key in another project is another flag (a moved flag's earlier entries name its old project).
    if ((entry.project ?? DEFAULT_PROJECT) !== project) {
      throw errors.badInput(
        `entry ${auditEntryId} records a change of ${resourceType} "${key}" in project "${entry.project}", not in "${project}"`,
        FIELD,
      );
    }
    if (!entry.after) {
      throw errors.badInput(
        `entry ${auditEntryId} (${entry.action}) holds no state to restore; pick an entry that changed the ${resourceType}`,
        FIELD,
      );
    }
    return entry as RevertEntry;
  }

  /**
   * What `auditEntryId` would restore, for a change request where the environment requires
   * approval: an environment's entry of a flag, or a segment's entry (at `expectedVersion`).
   */
  async restoration(auditEntryId: string, expectedVersion: number): Promise<Restoration> {
    const found = await this.auditLog.entry(auditEntryId);
    if (!found) throw errors.notFound('Audit entry', auditEntryId);
    const field = 'input.revertTo';
    if (found.resourceType !== 'flag' && found.resourceType !== 'segment') {
      throw errors.badInput(
        `entry ${auditEntryId} records a change of a ${found.resourceType}, not of a flag or segment`,
        field,
      );
    }
    try {
      const project = found.project ?? DEFAULT_PROJECT;
      const entry = await this.entryOf(project, found.resourceType, found.resourceKey, auditEntryId);
      const revertedTo = { auditEntryId: entry.id, seq: Number(entry.changeSeq) };
      if (entry.resourceType === 'segment') {
        return {
          kind: 'SEGMENT',
          project,
          segmentKey: entry.resourceKey,
          update: await this.restoredSegment(project, entry.resourceKey, entry, expectedVersion),
          revertedTo,
        };
      }
      if (!entry.environment) {
        throw errors.badInput(
          `entry ${auditEntryId} restores the flag's name, description, tags, owner and variations, which need no approval: use revertFlag`,
          FIELD,
        );
      }
      return {
        kind: 'TARGETING_REVERT',
        project,
        flagKey: entry.resourceKey,
        environment: entry.environment,
        targeting: targetingOf(entry),
        revertedTo,
      };
    } catch (err) {
      // The request's field is input.revertTo.
      if (err instanceof GraphQLError && err.extensions.field === FIELD) {
        throw new GraphQLError(err.message, { extensions: { ...err.extensions, field } });
      }
      throw err;
    }
  }

  revertFlag(project: string, key: string, entry: RevertEntry, expectedVersion: number, ctx: WriteContext) {
    if (entry.environment) {
      return this.targeting.restoreTargeting(
        project,
        key,
        entry.environment,
        expectedVersion,
        targetingOf(entry),
        label('flag.targeting.reverted', entry),
        ctx,
      );
    }
    const after = entry.after;
    if (typeof after.name !== 'string' || !Array.isArray(after.variations)) throw noState(entry);
    return this.flags.update(
      project,
      key,
      expectedVersion,
      {
        name: after.name,
        description: (after.description as string | null) ?? null,
        tags: (after.tags as string[] | null) ?? [],
        owner: (after.owner as string | null) ?? null,
        variations: after.variations as Variation[],
      },
      ctx,
      label('flag.reverted', entry),
    );
  }

  async revertSegment(
    project: string,
    key: string,
    entry: RevertEntry,
    expectedVersion: number,
    ctx: WriteContext,
  ) {
    return this.segments.update(
      project,
      key,
      expectedVersion,
      await this.restoredSegment(project, key, entry, expectedVersion),
      ctx,
      label('segment.reverted', entry),
    );
  }

  /** The segment's update that restores what `entry` recorded, from `expectedVersion` (CONFLICT when it moved). */
  private async restoredSegment(
    project: string,
    key: string,
    entry: RevertEntry,
    expectedVersion: number,
  ): Promise<UpdateSegmentInput> {
    const after = entry.after;
    if (typeof after.name !== 'string' || !Array.isArray(after.rules)) throw noState(entry);
    const [current] = await this.segmentRepo.findByKeys(project, [key]);
    if (!current) throw errors.notFound('Segment', key);
    // The key lists are rebuilt from the version the caller saw; the update refuses if it moved.
    if (current.version !== expectedVersion)
      throw errors.staleVersion('Segment', key, expectedVersion, current.version);
    const later = await this.auditLog.entriesAfter('segment', key, entry.id);
    const included = undoKeyChanges(entry, current.included, later, 'included');
    const excluded = undoKeyChanges(entry, current.excluded, later, 'excluded');
    return {
      name: after.name,
      description: (after.description as string | null) ?? null,
      rules: after.rules as SegmentRuleInput[],
      included,
      excluded,
    };
  }
}

function label(action: string, entry: AuditEntry): AuditLabel {
  return { action, extra: { revertedTo: { auditEntryId: entry.id, seq: Number(entry.changeSeq) } } };
}

function noState(entry: AuditEntry) {
  return errors.badInput(`entry ${entry.id} (${entry.action}) holds no state to restore`, FIELD);
}

/** The targeting an environment's entry recorded after its change. */
function targetingOf(entry: RevertEntry): FlagEnvironmentConfig {
  const a = entry.after;
  const lists = [a.targets, a.rules, a.prerequisites].every(Array.isArray);
  if (typeof a.enabled !== 'boolean' || typeof a.offVariation !== 'string' || !a.fallthrough || !lists)
    throw noState(entry);
  return {
    enabled: a.enabled,
    offVariation: a.offVariation,
    targets: a.targets,
    rules: a.rules,
    fallthrough: a.fallthrough,
    prerequisites: a.prerequisites,
    startsAt: (a.startsAt as string | null) ?? null,
    endsAt: (a.endsAt as string | null) ?? null,
  } as FlagEnvironmentConfig;
}

/**
 * A segment's key list as it was after `entry`: the current list with the later entries' diffs
 * undone, newest first. The audit log spells a diff out up to 1,000 keys and keeps only counts
 * beyond, and a segment deleted and created again is another segment: both are refused.
 */
function undoKeyChanges(
  entry: RevertEntry,
  current: string[],
  later: AuditEntry[],
  list: 'included' | 'excluded',
): string[] {
  const keys = new Set(current);
  for (const e of later) {
    if (e.action === 'segment.created' || e.action === 'segment.deleted') {
      throw errors.badInput(
        `entry ${entry.id} belongs to an earlier segment with this key, deleted since (entry ${e.id})`,
        FIELD,
      );
    }
    const change = ((e.after ?? {}) as State)[list] as { added?: unknown; removed?: unknown } | undefined;
    if (!change) continue;
    if (!Array.isArray(change.added) || !Array.isArray(change.removed)) {
      throw errors.badInput(
        `entry ${e.id} changed more ${list} keys than the audit log spells out, so the ${list} keys at entry ${entry.id} cannot be rebuilt`,
        FIELD,
      );
    }
    for (const k of change.added as string[]) keys.delete(k);
    for (const k of change.removed as string[]) keys.add(k);
  }
  const expected = entry.after[`${list}Count`];
  if (typeof expected === 'number' && expected !== keys.size) {
    throw errors.badInput(
      `the ${list} keys at entry ${entry.id} cannot be rebuilt from the audit log (${expected} then, ${keys.size} rebuilt)`,
      FIELD,
    );
  }
  return [...keys];
}
