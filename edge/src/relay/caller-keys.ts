import type { IncomingHttpHeaders } from 'node:http';
import { DEFAULT_PROJECT, errors, type Identity, sdkKeyPermissions } from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';
import { type KnownKey, keyHash } from './snapshot';

/** The credentials of a request: `Authorization: Bearer sy_…`, `X-API-Key` or (sendBeacon) `?apiKey=`. */
export function keyOf(
  headers: IncomingHttpHeaders | Record<string, unknown>,
  query?: URLSearchParams,
): string | null {
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  const auth = str(headers.authorization) ?? str((headers as Record<string, unknown>).Authorization);
  const bearer = auth && /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
  return (
    bearer ||
    str(headers['x-api-key']) ||
    str((headers as Record<string, unknown>).apiKey) ||
    str(query?.get('apiKey'))
  );
}

interface Checked {
  kind: 'server' | 'client' | null;
  /** The project whose flags the key reads; null while unknown. */
  project: string | null;
  checkedAt: number;
}

// A SERVER key downloads its own project's set, which names the project; a CLIENT key only evaluates, so it
// is asked for in each project the relay serves (a key is FORBIDDEN outside its own project).
const PROBE_SERVER = 'query SwitchyardEdgeKeyProbe($e: String!) { flagSet(environment: $e) { project } }';
const PROBE_CLIENT =
  'query SwitchyardEdgeKeyProbe($e: String!, $p: String) { evaluate(environment: $e, project: $p, context: { key: "switchyard-edge" }, keys: []) { key } }';

/**
 * Which callers the relay serves: the SDK keys of its environment in the projects it serves, as the
 * gateway would accept them, each in its own project. A key is checked once upstream (a SERVER key may
 * download its project's flag set; a CLIENT key may only evaluate) and trusted for `ttlMs`; while
 * upstream cannot be reached a key checked before is still accepted, so an outage refuses nobody who was
 * served. Only SHA-256 hashes are kept, in memory and in the snapshot (for offline mode). The relay's
 * own server keys are always accepted.
 */
export class CallerKeys {
  private readonly known = new Map<string, Checked>();
  private readonly checking = new Map<string, Promise<Checked>>();

  constructor(
    private readonly opts: {
      environment: string;
      upstreamUrl: string | null;
      ttlMs: number;
      /** The relay's own SERVER keys, with their projects. */
      ownKeys: ReadonlyMap<string, string>;
      /** The projects served, in order. */
      projects(): readonly string[];
      initial: KnownKey[];
      /** A key was learnt or forgotten: the snapshot should be written. */
      onChange(): void;
    },
  ) {
    for (const k of opts.initial)
      this.known.set(k.hash, { kind: k.kind, project: k.project ?? null, checkedAt: 0 });
    for (const [secret, project] of opts.ownKeys)
      this.known.set(keyHash(secret), { kind: 'server', project, checkedAt: Number.POSITIVE_INFINITY });
  }

  /** For the snapshot: the keys that were accepted. */
  list(): KnownKey[] {
    return [...this.known].flatMap(([hash, c]) =>
      c.kind && c.project ? [{ hash, kind: c.kind, project: c.project }] : [],
    );
  }

  /** The caller as the gateway would see it, or the graph's refusal (UNAUTHENTICATED, SERVICE_UNAVAILABLE). */
  async identify(secret: string | null): Promise<Identity> {
    if (!secret) throw errors.unauthenticated();
    const hash = keyHash(secret);
    let checked = this.known.get(hash);
    // Offline, the keys the snapshot names are the only ones, and they stay accepted.
    if (this.opts.upstreamUrl && (!checked || Date.now() - checked.checkedAt > this.opts.ttlMs)) {
      try {
        checked = await this.check(hash, secret);
      } catch (err) {
        // Upstream unreachable: a key accepted before stays accepted.
        if (!checked?.kind)
          throw new GraphQLError(
            'This edge cannot check the key: its upstream is unreachable and the key was never used here before',
            { extensions: { code: 'SERVICE_UNAVAILABLE', reason: (err as Error).message } },
          );
      }
    }
    if (!checked?.kind || !checked.project) throw errors.unauthenticated();
    if (!this.opts.projects().includes(checked.project))
      throw new GraphQLError(
        `This edge serves project${this.opts.projects().length === 1 ? '' : 's'} ${this.opts
          .projects()
          .map((p) => `"${p}"`)
          .join(', ')}; the key is of project "${checked.project}" (give the edge a SERVER key of it)`,
        { extensions: { code: 'FORBIDDEN' } },
      );
    return {
      id: `edge-key:${hash.slice(0, 16)}`,
      name: `${checked.kind} key`,
      kind: 'apiKey',
      role: null,
      permissions: [...sdkKeyPermissions[checked.kind]],
      environment: this.opts.environment,
      project: checked.project,
      keyKind: checked.kind,
    };
  }

  private check(hash: string, secret: string): Promise<Checked> {
    const running = this.checking.get(hash);
    if (running) return running;
    const promise = this.probe(secret)
      .then(({ kind, project }) => {
        const before = this.known.get(hash);
        const checked = { kind, project, checkedAt: Date.now() };
        this.known.set(hash, checked);
        if (before?.kind !== kind || before?.project !== project) this.opts.onChange();
        return checked;
      })
      .finally(() => this.checking.delete(hash));
    this.checking.set(hash, promise);
    return promise;
  }

  /** Asks upstream what the key may do here, and in which project; throws when upstream cannot answer. */
  private async probe(secret: string): Promise<Omit<Checked, 'checkedAt'>> {
    const none = { kind: null, project: null };
    if (!this.opts.upstreamUrl) return none;
    const ask = async <T>(query: string, variables: Record<string, unknown>): Promise<T | null> => {
      const res = await fetch(`${this.opts.upstreamUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: JSON.stringify({ query, variables: { e: this.opts.environment, ...variables } }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json()) as { data?: T; errors?: { extensions?: { code?: string } }[] };
      const code = body.errors?.[0]?.extensions?.code;
      if (!code && body.data) return body.data;
      if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') return null;
      throw new Error(
        `upstream answered ${res.status} ${code ?? ''} ${body.errors?.[0] ? JSON.stringify(body.errors[0]).slice(0, 300) : ''}`,
      );
    };
    const server = await ask<{ flagSet: { project: string | null } }>(PROBE_SERVER, {});
    if (server) return { kind: 'server', project: server.flagSet.project ?? DEFAULT_PROJECT };
    for (const project of this.opts.projects())
      if (await ask(PROBE_CLIENT, { p: project })) return { kind: 'client', project };
    return none;
  }
}
