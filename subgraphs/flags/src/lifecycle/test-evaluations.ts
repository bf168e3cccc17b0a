/**
 * An EVALUATION event of `flagKey` in production, as an SDK or server reports a window of 5 evaluations
 * (`trackEvents`), at `at`: what the lifecycle suites feed analytics to derive states from.
 */
export const evaluation = (id: string, flagKey: string, variant: string, at: number) => ({
  eventId: id,
  type: 'EVALUATION',
  userKey: 'server:production',
  eventName: flagKey,
  variant,
  value: 5,
  properties: { environment: 'production' },
  timestamp: new Date(at).toISOString(),
});
