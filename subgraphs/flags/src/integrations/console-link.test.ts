import { consoleAddress, flagPage } from './console-link';
import { consoleLink } from './outbox-change';

const CONSOLE = 'https://console.example.com';

describe('console addresses', () => {
  it.each([
    [
      'a flag in an environment, default project',
      flagPage('pay', 'production'),
      'default',
      '/flags/pay?env=production',
    ],
    [
      'a flag in an environment, another project',
      flagPage('pay', 'production'),
      'checkout',
      '/flags/pay?env=production&project=checkout',
    ],
    ['a flag of no environment, another project', flagPage('pay'), 'checkout', '/flags/pay?project=checkout'],
    ['no project at all', { path: '/integrations' }, null, '/integrations'],
    [
      'a page parameter and a project',
      { path: '/changes', query: { request: 'cr-1' } },
      'mobile',
      '/changes?request=cr-1&project=mobile',
    ],
    [
      'commas kept, the rest encoded',
      { path: '/flags', query: { lifecycle: 'STALE,ROLLED_OUT', q: 'a&b c' } },
      'default',
      '/flags?lifecycle=STALE,ROLLED_OUT&q=a%26b%20c',
    ],
    [
      'empty and null parameters left out',
      { path: '/audit', query: { resourceKey: '', env: null } },
      undefined,
      '/audit',
    ],
    [
      'a key that needs encoding',
      flagPage('new checkout/β', 'prod & co'),
      'web.eu',
      '/flags/new%20checkout%2F%CE%B2?env=prod%20%26%20co&project=web.eu',
    ],
  ])('%s', (_what, page, project, expected) => {
    expect(consoleAddress(CONSOLE, page, project)).toBe(`${CONSOLE}${expected}`);
  });

  it('takes CONSOLE_URL with or without a trailing slash', () => {
    expect(consoleAddress(`${CONSOLE}/`, flagPage('pay'), 'checkout')).toBe(
      `${CONSOLE}/flags/pay?project=checkout`,
    );
    expect(consoleAddress(`${CONSOLE}/console/`, { path: '/segments' })).toBe(`${CONSOLE}/console/segments`);
  });
});

describe("a change's console link", () => {
  const link = (over: Parameters<typeof consoleLink>[1]) => consoleLink(CONSOLE, over).slice(CONSOLE.length);

  it.each([
    [
      { resourceType: 'flag', resourceKey: 'pay', environment: 'staging', project: 'checkout' },
      '/flags/pay?env=staging&project=checkout',
    ],
    [
      { resourceType: 'flag', resourceKey: 'pay', environment: 'staging', project: 'default' },
      '/flags/pay?env=staging',
    ],
    [{ resourceType: 'segment', resourceKey: 'beta', project: 'checkout' }, '/segments?project=checkout'],
    [
      { resourceType: 'experiment', resourceKey: 'exp', project: 'checkout' },
      '/experiments/exp?project=checkout',
    ],
    [
      { resourceType: 'change_request', resourceKey: 'cr-1', project: 'checkout' },
      '/changes?request=cr-1&project=checkout',
    ],
    [
      {
        resourceType: 'release_plan',
        resourceKey: 'p1',
        environment: 'production',
        project: 'checkout',
        after: { flagKey: 'pay' },
      },
      '/flags/pay?env=production&project=checkout',
    ],
    [
      { resourceType: 'scheduled_change', resourceKey: 's1', project: 'checkout', after: { flagKey: 'pay' } },
      '/flags/pay?project=checkout',
    ],
    [
      { resourceType: 'scheduled_change', resourceKey: 's1', project: 'checkout' },
      '/audit?resourceKey=s1&project=checkout',
    ],
    [
      { resourceType: 'flag_digest', resourceKey: 'checkout/2026-12-07', project: 'checkout' },
      '/flags?lifecycle=STALE,ROLLED_OUT&project=checkout',
    ],
    [
      { resourceType: 'flag_digest', resourceKey: '2026-12-07', project: 'default' },
      '/flags?lifecycle=STALE,ROLLED_OUT',
    ],
    [{ resourceType: 'integration', resourceKey: 'id', project: null }, '/integrations'],
    [{ resourceType: 'apiKey', resourceKey: 'k/1', project: null }, '/audit?resourceKey=k%2F1'],
  ])('%j → %s', (change, expected) => {
    expect(link(change)).toBe(expected);
  });
});
