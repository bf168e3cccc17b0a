import { runReplicaScenario } from '@switchyard/testkit';

// Issue 14's several-replica proof: the production build as two gateways behind HAProxy, two
// replicas of each subgraph, Redis and PostgreSQL, under a bounded mixed load with 1,000
// configChanged subscribers (20 per WebSocket), while a gateway, one replica of each subgraph, Redis and PostgreSQL
// fail in turn (testkit/src/replica-scenario.ts). Nothing accepted may be lost and every subscriber
// must hold every change once, in order. The figures are recorded by `npm run bench -- replicas`.
describe('several replicas behind a load balancer, parts failing under load', () => {
  it('loses no accepted write or event and no change, and every part recovers on its own', async () => {
    const figures = await runReplicaScenario({
      subscribers: 1000,
      log: (line) => process.stdout.write(`replicas: ${line}\n`),
    });
    process.stdout.write(`replicas: ${JSON.stringify(figures, null, 2)}\n`);
    expect(figures.problems).toEqual([]);
    expect(figures.changes).toBeGreaterThan(0);
    expect(figures.changesMissed).toBe(0);
    expect(figures.changesOutOfOrder).toBe(0);
    expect(figures.writesAccepted).toBeGreaterThan(0);
    expect(figures.writesLost).toBe(0);
    expect(figures.eventsAccepted).toBeGreaterThan(0);
    expect(figures.eventsLost).toBe(0);
    expect(figures.eventsStoredTwice).toBe(0);
    // The gateway's WebSocket clients really lost their connection and resumed.
    const gatewayKilled = figures.phases.find((p) => p.phase.startsWith('gateway-1 killed'));
    expect(gatewayKilled?.resumed).toBeGreaterThan(0);
  }, 1_800_000);
});
