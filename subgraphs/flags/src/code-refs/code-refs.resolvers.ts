import { errors } from '@switchyard/server-kit';
import type { FlagRow } from '../flags/flag.entity';
import type { Resolvers } from '../generated/graphql';

const MAX_REFERENCES = 50_000;
const MAX_PATH = 1024;
const MAX_CONTEXT = 2048;
const MAX_LISTED = 500;

const UPLOAD_FIELDS = `repository, commit, reference_count AS count, uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"`;

/**
 * Code references: what `switchyard refs` found in a repository, replaced wholesale per repository in one
 * transaction. They describe code, not configuration, so they are neither versioned nor on configChanged.
 */
export const codeRefResolvers: Resolvers = {
  Query: {
    async codeReferenceRepositories(_parent, { project }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'flags:read', project);
      return ctx.ds.query(
        `SELECT ${UPLOAD_FIELDS} FROM flags.code_reference_uploads WHERE project = $1 ORDER BY uploaded_at DESC`,
        [inside],
      );
    },
  },
  Mutation: {
    async uploadCodeReferences(_parent, { project, repository, commit, references }, ctx) {
      const inside = await ctx.projects.within(ctx.identity, 'flags:write', project);
      if (!repository.trim() || repository.length > 200)
        throw errors.badInput('must be 1 to 200 characters, e.g. github.com/acme/shop', 'repository');
      if (!commit.trim() || commit.length > 100)
        throw errors.badInput('must be 1 to 100 characters', 'commit');
      if (references.length > MAX_REFERENCES)
        throw errors.badInput(
          `at most ${MAX_REFERENCES.toLocaleString('en')} references per upload`,
          'references',
        );
      references.forEach((r, i) => {
        if (!r.path || r.path.length > MAX_PATH)
          throw errors.badInput(`must be 1 to ${MAX_PATH} characters`, `references[${i}].path`);
        if (!Number.isInteger(r.line) || r.line < 1)
          throw errors.badInput('must be 1 or more', `references[${i}].line`);
        if (r.context.length > MAX_CONTEXT)
          throw errors.badInput(`must be at most ${MAX_CONTEXT} characters`, `references[${i}].context`);
      });
      const keys = [...new Set(references.map((r) => r.flagKey))];
      const known: { key: string }[] = keys.length
        ? await ctx.ds.query('SELECT key FROM flags.flags WHERE project = $1 AND key = ANY($2)', [
            inside,
            keys,
          ])
        : [];
      const knownKeys = new Set(known.map((k) => k.key));
      const unknown = references.findIndex((r) => !knownKeys.has(r.flagKey));
      if (unknown >= 0)
        throw errors.badInput(`no flag "${references[unknown]!.flagKey}"`, `references[${unknown}].flagKey`);
      return ctx.ds.transaction(async (m) => {
        await m.query('DELETE FROM flags.code_references WHERE project = $1 AND repository = $2', [
          inside,
          repository,
        ]);
        if (references.length > 0) {
          await m.query(
            `INSERT INTO flags.code_references (project, repository, flag_key, path, line, context)
             SELECT $6, $1, * FROM unnest($2::text[], $3::text[], $4::int[], $5::text[])
             ON CONFLICT DO NOTHING`,
            [
              repository,
              references.map((r) => r.flagKey),
              references.map((r) => r.path),
              references.map((r) => r.line),
              references.map((r) => r.context),
              inside,
            ],
          );
        }
        const [upload] = await m.query(
          `INSERT INTO flags.code_reference_uploads (project, repository, commit, reference_count, uploaded_by)
           VALUES ($5, $1, $2, $3, $4)
           ON CONFLICT (project, repository) DO UPDATE SET commit = $2, reference_count = $3, uploaded_by = $4, uploaded_at = now()
           RETURNING ${UPLOAD_FIELDS}`,
          [repository, commit, references.length, ctx.actor.name, inside],
        );
        return upload;
      });
    },
  },
  Flag: {
    codeReferences(flag, _args, ctx) {
      return ctx.ds.query(
        `SELECT r.repository, u.commit, r.path, r.line, r.context
           FROM flags.code_references r JOIN flags.code_reference_uploads u USING (project, repository)
          WHERE r.project = $1 AND r.flag_key = $2 ORDER BY r.repository, r.path, r.line LIMIT ${MAX_LISTED}`,
        [(flag as FlagRow).project, (flag as FlagRow).key],
      );
    },
  },
};
