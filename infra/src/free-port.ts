import { readFileSync } from 'node:fs';
import net from 'node:net';

/** Ports this process has handed out: a port is given once, even after its service has stopped. */
const handedOut = new Set<number>();

/** The Fetch standard's blocked ports in the range used here (Node's fetch refuses them). */
const FETCH_BLOCKED = new Set([10080]);

/**
 * Where the OS takes the local ports of outgoing connections (Linux: ip_local_port_range).
 * A port asked of the OS (`listen(0)`) comes from that range, so between the moment it is
 * found free and the moment a service binds it, any outgoing connection, or another process
 * asking the OS at the same time, may take it. Ports are picked below it instead.
 */
function ephemeralStart(): number {
  try {
    const [start] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const n = Number(start);
    return Number.isInteger(n) && n > 12_000 ? n : 32_768;
  } catch {
    return 32_768;
  }
}

const LOW = 10_000;
const HIGH = Math.min(ephemeralStart(), 32_768);

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free loopback port, picked at random below the OS's ephemeral range (see ephemeralStart). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (handedOut.has(port) || FETCH_BLOCKED.has(port)) continue;
    if (await canListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free loopback port between ${LOW} and ${HIGH} after 200 tries`);
}
