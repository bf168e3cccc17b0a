/**
 * Node's fetch (like browsers) refuses some ports outright (the Fetch standard's "bad ports",
 * e.g. 6000 for X11): a service listening there can never be checked or called from a
 * browser, so this is said at once instead of waiting for a readiness check that cannot pass.
 */
export function refusedPortReason(err: unknown): string | null {
  const cause = (err as { cause?: { message?: string } } | null)?.cause;
  if (cause?.message !== 'bad port') return null;
  return "the port is on the Fetch standard's list of blocked ports, which Node's fetch and browsers refuse to connect to; choose another port";
}

/** The named ports fetch would refuse, each with a sentence saying so. */
export async function unusablePorts(ports: Record<string, number>): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, port] of Object.entries(ports)) {
    // Nothing listens yet: a usable port is refused by the OS, a blocked one by fetch itself.
    const refused = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) }).then(
      () => null,
      (err: unknown) => refusedPortReason(err),
    );
    if (refused) problems.push(`${name}=${port} cannot be used: ${refused}`);
  }
  return problems;
}
