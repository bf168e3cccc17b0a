import { retryDelayMs } from './delivery-worker';
import { parseAllowedNetworks, refusedAddress, targetUrlProblem } from './outbound-http';
import { signWebhook, verifyWebhook } from './webhook-signature';

describe('SSRF guard', () => {
  it.each([
    ['93.184.215.14', null],
    ['2606:4700::1111', null],
    ['127.0.0.1', 'loopback'],
    ['10.0.0.7', 'private'],
    ['192.168.1.1', 'private'],
    ['172.16.5.4', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['::1', 'loopback'],
    ['fe80::1', 'linkLocal'],
    ['fd00::1', 'uniqueLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['100.64.0.1', 'carrierGradeNat'],
  ])('%s → %s', (address, range) => {
    const refused = refusedAddress(address, []);
    if (range === null) expect(refused).toBeNull();
    else expect(refused).toContain(range);
  });

  it('lets the allow list through, and only it', () => {
    const allowed = parseAllowedNetworks('127.0.0.1/32, 10.1.0.0/16');
    expect(refusedAddress('127.0.0.1', allowed)).toBeNull();
    expect(refusedAddress('10.1.200.3', allowed)).toBeNull();
    expect(refusedAddress('10.2.0.1', allowed)).toContain('private');
    expect(refusedAddress('127.0.0.2', allowed)).toContain('loopback');
    expect(() => parseAllowedNetworks('not-an-address')).toThrow();
  });

  it.each([
    ['https://hooks.example.com/x', null],
    ['http://10.0.0.1/', /private/],
    ['http://user:pw@example.com/', /user name/],
    ['file:///etc/passwd', /http/],
    ['not a url', /absolute/],
  ])('target %s', (url, problem) => {
    const found = targetUrlProblem(url, []);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});

describe('retry backoff', () => {
  it('doubles per attempt up to the cap, jittered within the upper half', () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(retryDelayMs(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(retryDelayMs(40, 1000, 60_000, () => 1)).toBe(60_000);
    expect(retryDelayMs(40, 1000, 60_000, () => 0)).toBe(30_000);
  });
});

describe('webhook signature', () => {
  const body = '{"seq":1}';
  it('verifies its own signature and refuses a changed body, another secret and an old timestamp', () => {
    const header = signWebhook('secret-secret-secret', body, 1_000_000);
    expect(verifyWebhook('secret-secret-secret', body, header, 1_000_010)).toBe(true);
    expect(verifyWebhook('secret-secret-secret', '{"seq":2}', header, 1_000_010)).toBe(false);
    expect(verifyWebhook('other-secret-secret', body, header, 1_000_010)).toBe(false);
    expect(verifyWebhook('secret-secret-secret', body, header, 1_000_000 + 301)).toBe(false);
    expect(verifyWebhook('secret-secret-secret', body, 'garbage', 1_000_000)).toBe(false);
  });
});
