import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { parse } from 'graphql';
import { createRequest } from 'urql';
import { createWaitingClient } from './graphql-client';

const changes = parse('subscription Changes { configChanged { version } }');
const flags = parse('query Flags { flags { totalCount } }');

describe('the waiting client (before the console knows its project)', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('holds queries and subscriptions alike: nothing answers, nothing warns', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const client = createWaitingClient();
    const seen: unknown[] = [];
    const subscription = client
      .executeSubscription(createRequest(changes, {}))
      .subscribe((result) => seen.push(result));
    const query = client.executeQuery(createRequest(flags, {})).subscribe((result) => seen.push(result));
    await new Promise((resolve) => setTimeout(resolve, 50));
    subscription.unsubscribe();
    query.unsubscribe();
    expect(seen).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });
});
