// A flood of wrong-password sign-ins must not take the flags subgraph down: password hashing is admitted a
// few at a time (the rest refused at once, retryable), an account that keeps failing has to wait, and reads
// keep being answered throughout. Assertions are on answers, never on timings.
import { errorCodes, type GraphQLResponse, startTestStack, type TestStack } from '@switchyard/testkit';
import { hashPassword } from './password';

const LOGIN = `mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken }
}`;
const FLAG = '{ flag(key: "checkout") { key name } }';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sign-ins per 50 ms that outrun hashing on this machine whatever its speed: four times what libuv's four
 * threads could hash, from the time one hash takes here now (the median of three).
 */
async function floodPerTick(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await hashPassword('calibration-password');
    times.push(performance.now() - started);
  }
  const hashMs = times.sort((a, b) => a - b)[1]!;
  return Math.min(20, Math.max(2, Math.ceil(((4 * 4) / hashMs) * 50)));
}

describe('sign-in under a flood', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: {
        // The flood stands for many addresses: the per-address limit is not what is tested here.
        RATE_LIMIT_ANONYMOUS_PER_SECOND: '100000',
        RATE_LIMIT_ANONYMOUS_BURST: '100000',
        SUBGRAPH_TIMEOUT_MS: '10000',
        PASSWORD_HASH_MAX_WAIT_MS: '1500',
      },
    });
    await stack.gqlOk('mutation { createFlag(input: { key: "checkout", name: "Checkout" }) { key } }');
  }, 120_000);
  afterAll(() => stack?.stop());

  it('answers every wrong-password login with UNAUTHENTICATED or RATE_LIMITED, and every read, during a flood', async () => {
    const token = await stack.adminToken();
    const logins: Promise<GraphQLResponse>[] = [];
    const reads: Promise<GraphQLResponse>[] = [];
    // For 6 s, open loop (nobody waits for answers), far more sign-ins than scrypt can hash here: without a
    // bound the backlog takes about three times as long to drain, outgrowing the 10 s subgraph timeout.
    const perTick = await floodPerTick();
    for (let tick = 0; tick < 120; tick++) {
      for (let i = 0; i < perTick; i++) {
        const email = `nobody-${tick}-${i}@switchyard.test`;
        logins.push(stack.gql(LOGIN, { email, password: 'wrong-password' }, { anonymous: true }));
      }
      if (tick % 4 === 0) reads.push(stack.gql(FLAG, {}, { token }));
      await sleep(50);
    }
    const readAnswers = await Promise.all(reads);
    for (const body of readAnswers) {
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({ flag: { key: 'checkout', name: 'Checkout' } });
    }
    const codes = (await Promise.all(logins)).map((body) => errorCodes(body).join(','));
    expect(codes.filter((c) => c !== 'UNAUTHENTICATED' && c !== 'RATE_LIMITED')).toEqual([]);
    // Refused when saturated, retryable: the flood did reach the limit.
    expect(codes).toContain('RATE_LIMITED');
    // And the real user signs in right after.
    const after = await stack.gql(LOGIN, stack.admin, { anonymous: true });
    expect(after.errors).toBeUndefined();
  }, 60_000);

  it('makes an account wait after five failed sign-ins, before hashing, without affecting other accounts', async () => {
    const user = await stack.createUser('viewer');
    const other = await stack.createUser('viewer');
    for (let i = 0; i < 5; i++) {
      const body = await stack.gql(
        LOGIN,
        { email: user.email, password: 'wrong-password' },
        { anonymous: true },
      );
      expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);
    }
    // Even the right password waits now (an attacker cannot tell a hit from a miss).
    const refused = await stack.gql(
      LOGIN,
      { email: user.email.toUpperCase(), password: user.password },
      { anonymous: true },
    );
    expect(errorCodes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ retryAfterSeconds: 1, limit: 'sign-in-account' });
    expect(refused.errors?.[0]?.message).toBe('Too many failed sign-ins for this account: retry after 1 s');
    const fine = await stack.gql(
      LOGIN,
      { email: other.email, password: other.password },
      { anonymous: true },
    );
    expect(fine.errors).toBeUndefined();
    // After the wait the right password works and the count starts afresh.
    await sleep(1100);
    const back = await stack.gql(LOGIN, { email: user.email, password: user.password }, { anonymous: true });
    expect(back.errors).toBeUndefined();
  });
});
