import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The one way integrations call out over HTTP: a POST guarded against server-side
 * request forgery (private, loopback and link-local addresses refused unless allowed,
 * checked on the address actually connected to, so DNS rebinding cannot slip past),
 * with a total time limit and a cap on how much of the answer is read. No redirects.
 */
export interface OutboundPolicy {
  /** CIDR ranges allowed even though they are not public (tests list 127.0.0.1/32). */
  allowed: [ipaddr.IPv4 | ipaddr.IPv6, number][];
  timeoutMs: number;
  maxResponseBytes: number;
}

export interface OutboundResult {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  /** The first KiB of the answer, for the delivery log. */
  excerpt: string | null;
  error: string | null;
}

const EXCERPT_CHARS = 1024;

export function parseAllowedNetworks(list: string): OutboundPolicy['allowed'] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      if (entry.includes('/')) return ipaddr.parseCIDR(entry);
      const addr = ipaddr.parse(entry);
      return [addr, addr.kind() === 'ipv4' ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number];
    });
}

/** Why an address may not be called, or null when it may. */
export function refusedAddress(address: string, allowed: OutboundPolicy['allowed']): string | null {
  let addr = ipaddr.parse(address);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress())
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  for (const [net, bits] of allowed) if (addr.kind() === net.kind() && addr.match(net, bits)) return null;
  const range = addr.range();
  return range === 'unicast' ? null : `${address} is a ${range} address`;
}

/** Checks a target URL's form and, for literal addresses, the address itself. */
export function targetUrlProblem(url: string, allowed: OutboundPolicy['allowed']): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http or https URL';
  if (parsed.username || parsed.password) return 'must not carry a user name or password';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const refused = refusedAddress(host, allowed);
    if (refused) return `is refused: ${refused} (see INTEGRATION_ALLOWED_NETWORKS)`;
  }
  return null;
}

class RefusedTarget extends Error {}

function guardedLookup(allowed: OutboundPolicy['allowed']): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as LookupAddress[];
      for (const a of list) {
        const refused = refusedAddress(a.address, allowed);
        if (refused) return callback(new RefusedTarget(`refused: ${refused}`), '', 0);
      }
      if ((options as { all?: boolean }).all)
        return (callback as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}

export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  policy: OutboundPolicy,
): Promise<OutboundResult> {
  const started = performance.now();
  const done = (r: Omit<OutboundResult, 'latencyMs'>): OutboundResult => ({
    ...r,
    latencyMs: Math.round(performance.now() - started),
  });
  const problem = targetUrlProblem(url, policy.allowed);
  if (problem) return Promise.resolve(done({ ok: false, statusCode: null, excerpt: null, error: problem }));
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<OutboundResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
        lookup: guardedLookup(policy.allowed),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const complete = () => {
          const text = Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS);
          const status = res.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          finish({ ok, statusCode: status, excerpt: text || null, error: ok ? null : `HTTP ${status}` });
          res.destroy();
        };
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= policy.maxResponseBytes) chunks.push(chunk);
          // Read no more than the cap: a huge or endless answer is cut here.
          else complete();
        });
        res.on('end', complete);
        res.on('error', (err) =>
          finish({ ok: false, statusCode: res.statusCode ?? null, excerpt: null, error: err.message }),
        );
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, statusCode: null, excerpt: null, error: `timed out after ${policy.timeoutMs} ms` });
      req.destroy();
    }, policy.timeoutMs);
    req.on('error', (err) => finish({ ok: false, statusCode: null, excerpt: null, error: err.message }));
    req.end(body);
  });
}
