import type { Segment } from '@switchyard/core';
import type { DataSource, EntityManager } from 'typeorm';
import { SegmentRow } from './segment.entity';

export function toCoreSegment(row: SegmentRow): Segment {
  return { key: row.key, included: row.included, excluded: row.excluded, rules: row.rules };
}

/** All SQL about segments lives here. */
export class SegmentRepository {
  constructor(private readonly ds: DataSource) {}

  findByKeys(project: string, keys: readonly string[]): Promise<SegmentRow[]> {
    return this.ds
      .getRepository(SegmentRow)
      .createQueryBuilder('s')
      .where('s.project = :project AND s.key = ANY(:keys)', { project, keys })
      .getMany();
  }

  list(project: string): Promise<SegmentRow[]> {
    return this.ds.getRepository(SegmentRow).find({ where: { project }, order: { key: 'ASC' } });
  }

  all(m: EntityManager, project: string): Promise<SegmentRow[]> {
    return m.getRepository(SegmentRow).find({ where: { project }, order: { key: 'ASC' } });
  }

  lock(m: EntityManager, project: string, key: string): Promise<SegmentRow | null> {
    return m
      .getRepository(SegmentRow)
      .createQueryBuilder('s')
      .where('s.project = :project AND s.key = :key', { project, key })
      .setLock('pessimistic_write')
      .getOne();
  }

  async keys(m: EntityManager, project: string): Promise<string[]> {
    return (await m.getRepository(SegmentRow).find({ where: { project }, select: { key: true } })).map(
      (s) => s.key,
    );
  }

  /** Other segments of the project whose rules refer to one of `keys` (inSegment), as [user, used] pairs. */
  segmentsUsingSegments(m: EntityManager | DataSource, project: string, keys: readonly string[]) {
    return m.query(
      `SELECT DISTINCT s.key AS "user", v.value AS segment
       FROM flags.segments s, jsonb_array_elements(s.rules) r, jsonb_array_elements(r->'conditions') c,
            jsonb_array_elements_text(c->'values') v
       WHERE c->>'operator' = 'inSegment' AND v.value = ANY($1) AND s.key <> v.value AND s.project = $2
       ORDER BY s.key`,
      [keys, project],
    ) as Promise<{ user: string; segment: string }[]>;
  }

  /**
   * The environments where a flag's rules use segment `key`, directly or through other segments
   * (inSegment in a segment's rules), in key order.
   */
  async environmentsUsing(m: EntityManager | DataSource, project: string, key: string): Promise<string[]> {
    const rows: { environment: string }[] = await m.query(
      `WITH RECURSIVE used(key) AS (
         SELECT $1::text
         UNION
         SELECT s.key FROM used u, flags.segments s, jsonb_array_elements(s.rules) r,
                jsonb_array_elements(r->'conditions') c, jsonb_array_elements_text(c->'values') v
          WHERE c->>'operator' = 'inSegment' AND v.value = u.key AND s.project = $2)
       SELECT DISTINCT fe.environment_key AS environment
         FROM flags.flag_environments fe JOIN flags.flags f ON f.id = fe.flag_id AND f.project = $2,
              jsonb_array_elements(fe.rules) r, jsonb_array_elements(r->'conditions') c,
              jsonb_array_elements_text(c->'values') v
        WHERE c->>'operator' = 'inSegment' AND v.value IN (SELECT key FROM used)
        ORDER BY 1`,
      [key, project],
    );
    return rows.map((r) => r.environment);
  }
}
