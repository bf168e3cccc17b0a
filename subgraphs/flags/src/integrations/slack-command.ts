import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Identity, type InternalRoute, requirePermission, type Role } from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';
import type { SubgraphContext } from '../context';
import type { IntegrationRow } from './integration.repository';
import { consoleLink } from './outbox-change';
import { DEFAULT_PROJECT } from '@switchyard/server-kit';

/** Slack's own rule: a request signed more than five minutes ago is refused, so a captured one cannot be replayed. */
export const SLACK_MAX_AGE_SECONDS = 300;

export type SlackReply = { response_type: 'ephemeral' | 'in_channel'; text: string };

/**
 * Slack signs `v0:<timestamp>:<raw body>` with the app's signing secret (HMAC-SHA256, hex, `v0=` first).
 * `stale`: the timestamp is too far from now; `bad`: the signature does not match.
 */
export function verifySlackSignature(
  signingSecret: string,
  timestamp: string,
  body: string,
  signature: string,
  nowMs: number,
): 'ok' | 'stale' | 'bad' {
  const t = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(nowMs / 1000 - t) > SLACK_MAX_AGE_SECONDS) return 'stale';
  const expected = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  return a.length === b.length && timingSafeEqual(a, b) ? 'ok' : 'bad';
}

export type SlackCommand =
  | { kind: 'flag'; project: string; flagKey: string; enabled: boolean; environment: string }
  | { kind: 'help' }
  | { kind: 'invalid'; message: string };

const USAGE =
  'Usage: `/switchyard flag [<project>/]<flag-key> on|off <environment>`, e.g. `/switchyard flag new-checkout off production` (the default project) or `/switchyard flag mobile/dark-mode on staging`.';

/** The command's text (what follows `/switchyard`). */
export function parseSlackCommand(text: string): SlackCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || words[0] === 'help') return { kind: 'help' };
  if (words[0] !== 'flag' || words.length !== 4) return { kind: 'invalid', message: USAGE };
  const [, named, state, environment] = words as [string, string, string, string];
  if (state !== 'on' && state !== 'off') {
    return { kind: 'invalid', message: `"${state}" is neither on nor off. ${USAGE}` };
  }
  // Flag keys hold no "/", so `project/key` is unambiguous.
  const slash = named.indexOf('/');
  const project = slash < 0 ? DEFAULT_PROJECT : named.slice(0, slash);
  const flagKey = slash < 0 ? named : named.slice(slash + 1);
  if (!project || !flagKey) return { kind: 'invalid', message: `"${named}" names no flag. ${USAGE}` };
  return { kind: 'flag', project, flagKey, enabled: state === 'on', environment };
}

const ephemeral = (text: string): SlackReply => ({ response_type: 'ephemeral', text });

/**
 * `POST /internal/slackCommand`, called by the gateway with a slash command's raw body and Slack's
 * headers: checks the signature with the Slack integration's signing secret, then runs the command
 * as the Switchyard user linked to the Slack user, with that user's role, and through a change
 * request where the environment requires approval. Answers `{ status, reply }`: 401 for a bad or
 * old signature, else 200 with the message Slack shows.
 */
export const slackCommandRoute: InternalRoute<SubgraphContext> = async (args, ctx) => {
  if (ctx.identity.kind !== 'system') {
    throw new GraphQLError('Only the gateway forwards Slack commands', { extensions: { code: 'FORBIDDEN' } });
  }
  const { integrationId, body, timestamp, signature } = args as Record<string, unknown>;
  const unsigned = { status: 401, reply: ephemeral('The request is not signed by this Slack app.') };
  if (typeof integrationId !== 'string' || typeof body !== 'string') return unsigned;
  const integration = await slackIntegration(ctx, integrationId);
  if (!integration?.secret || typeof timestamp !== 'string' || typeof signature !== 'string') return unsigned;
  const verdict = verifySlackSignature(integration.secret, timestamp, body, signature, Date.now());
  if (verdict === 'stale') {
    return { status: 401, reply: ephemeral('The request is too old (Slack signs each one with its time).') };
  }
  if (verdict === 'bad') return unsigned;

  const form = new URLSearchParams(body);
  const command = parseSlackCommand(form.get('text') ?? '');
  if (command.kind === 'help') return { status: 200, reply: ephemeral(USAGE) };
  if (command.kind === 'invalid') return { status: 200, reply: ephemeral(command.message) };
  const slackUserId = form.get('user_id') ?? '';
  const user = await linkedUser(ctx, slackUserId);
  if (!user) {
    return {
      status: 200,
      reply: ephemeral(
        `Your Slack account (${slackUserId || 'unknown'}) is not linked to a Switchyard user: ask an admin to link it (linkSlackUser).`,
      ),
    };
  }
  return { status: 200, reply: await setEnabled(ctx, user, command) };
};

async function slackIntegration(ctx: SubgraphContext, id: string): Promise<IntegrationRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const row = await ctx.integrations.get(id).catch(() => null);
  return row && row.kind === 'SLACK' && row.enabled ? row : null;
}

interface LinkedUser {
  id: string;
  name: string;
  role: Role;
  permissions: string[];
}

async function linkedUser(ctx: SubgraphContext, slackUserId: string): Promise<LinkedUser | null> {
  if (!slackUserId) return null;
  const rows: { id: string; name: string; email: string; role: Role; permissions: string[] }[] =
    await ctx.ds.query(
      `SELECT u.id, u.name, u.email, u.role, u.permissions FROM flags.slack_user_links l
       JOIN flags.users u ON u.id = l.user_id
      WHERE l.slack_user_id = $1 AND u.deactivated_at IS NULL`,
      [slackUserId],
    );
  const row = rows[0];
  return row
    ? { id: row.id, name: row.name || row.email, role: row.role, permissions: row.permissions }
    : null;
}

/** Runs `flag <key> on|off <env>` in the user's name: the same checks and write path as setFlagEnabled. */
async function setEnabled(
  ctx: SubgraphContext,
  user: LinkedUser,
  command: Extract<SlackCommand, { kind: 'flag' }>,
): Promise<SlackReply> {
  const identity: Identity = {
    id: user.id,
    name: user.name,
    kind: 'user',
    role: user.role,
    permissions: user.permissions,
  };
  const write = { actor: identity, ip: ctx.ip, userAgent: 'Slack slash command' };
  const { project, flagKey, environment, enabled } = command;
  const state = enabled ? 'on' : 'off';
  // Named as the user wrote it: the default project's flags by their bare key.
  const named = project === DEFAULT_PROJECT ? flagKey : `${project}/${flagKey}`;
  try {
    requirePermission(identity, 'flags:write', { environment, project });
    const [flag] = (await ctx.ds.query('SELECT version FROM flags.flags WHERE project = $1 AND key = $2', [
      project,
      flagKey,
    ])) as {
      version: number;
    }[];
    if (!flag) return ephemeral(`There is no flag \`${named}\`.`);
    await ctx.projects.assertUses(project, environment);
    const policy = await ctx.changeRequests.policy(environment);
    if (policy && policy.requiredApprovals > 0) {
      const input = { flagKey, environment, expectedVersion: flag.version, enabled };
      const proposal = await ctx.changeRequests.proposal(input, project, (auditEntryId) =>
        ctx.revert.restoration(auditEntryId, flag.version),
      );
      const request = await ctx.changeRequests.create(proposal, { comment: 'from Slack' }, write);
      const link = consoleLink(ctx.integrations.consoleUrl, {
        resourceType: 'change_request',
        resourceKey: request.id,
        project,
      });
      return {
        response_type: 'in_channel',
        text: `${user.name} proposed turning \`${named}\` ${state} in *${environment}*, which requires approval: <${link}|change request>.`,
      };
    }
    const updated = await ctx.targeting.setEnabled(
      project,
      flagKey,
      environment,
      enabled,
      flag.version,
      write,
    );
    return {
      response_type: 'in_channel',
      text: `${user.name} turned \`${named}\` ${state} in *${environment}* (version ${updated.version}).`,
    };
  } catch (err) {
    if (err instanceof GraphQLError) return ephemeral(`Not done: ${err.message}`);
    throw err;
  }
}
