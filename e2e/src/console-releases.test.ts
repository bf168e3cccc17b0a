import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { screenshot } from './browser';
import { demoConsoleSuite, expectAttribute, expectText, real, signInAt } from './console-helpers';

// Release safety in the console (issue 16), in a real browser against the real stack: a person
// approves and applies another person's change request in the inbox, starts a guarded release
// on the flag page, watches it advance when its stage time has passed (the executor's clock is
// moved by the test) and roll itself back when SDK events breach its guard, with the reason.
describe('admin console, change requests and release plans', () => {
  const suite = demoConsoleSuite({
    // A page's first compile by the dev server can take over 30 s on a busy machine, as for the other suites.
    navigationTimeoutMs: 120_000,
    env: { RELEASE_TEST_CLOCK: 'true', RELEASE_EXECUTOR_INTERVAL_MS: '200' },
  });

  const signIn = (page: Page, path: string) =>
    signInAt(page, `${suite.stack.adminUrl}`, path, suite.stack.admin.email, suite.stack.admin.password);
  const flag = async (key: string) =>
    (
      await suite.stack.gqlOk<{
        flag: { version: number; environment: { enabled: boolean } };
      }>('query($key: String!) { flag(key: $key) { version environment(key: "production") { enabled } } }', {
        key,
      })
    ).flag;
  const moveClock = (ms: number) =>
    suite.stack.db.query('UPDATE flags.executor_clock SET offset_ms = offset_ms + $1', [ms]);

  /** Events as SDKs send them: stamped with the served variation and the environment. */
  async function track(sdkKey: string, users: string[], value: number, variation: string, ahead = 0) {
    const events = users.map((userKey) => ({
      eventId: randomUUID(),
      type: 'CONVERSION',
      userKey,
      eventName: 'request-error',
      value,
      ...(ahead ? { timestamp: new Date(Date.now() + ahead).toISOString() } : {}),
      properties: { environment: 'development', flags: { 'e2e-release': variation } },
    }));
    const res = await fetch(`${suite.stack.gatewayUrl}/events?apiKey=${encodeURIComponent(sdkKey)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { accepted: number }).accepted).toBe(users.length);
  }

  it('approves and applies a change request from the inbox', async () => {
    await suite.stack.gqlOk(
      'mutation { createFlag(input: { key: "e2e-approve", name: "Approve me" }) { key } }',
    );
    // A segment the flag uses in production: editing it there needs approval too.
    await suite.stack.gqlOk('mutation { createSegment(input: { key: "e2e-beta", name: "Beta" }) { key } }');
    await suite.stack.gqlOk(
      `mutation { updateTargeting(key: "e2e-approve", environment: "production", expectedVersion: 1, input: {
        rules: [{ conditions: [{ attribute: "key", operator: "inSegment", values: ["e2e-beta"] }], serve: { variation: "on" } }],
        fallthrough: { variation: "off" } }) { version } }`,
    );
    await suite.stack.gqlOk(
      'mutation { setApprovalPolicy(environment: "production", requiredApprovals: 1) { version } }',
    );
    try {
      const author = await suite.stack.createUser('editor', { production: true });
      const { createChangeRequest: proposal } = await suite.stack.gqlOk<{
        createChangeRequest: { id: string };
      }>(
        `mutation { createChangeRequest(input: { flagKey: "e2e-approve", environment: "production",
          expectedVersion: 2, enabled: true, comment: "ship it" }) { id } }`,
        {},
        { token: author.token },
      );
      const { page, problems } = await suite.newPage();
      await signIn(page, '/changes');
      const request = page.getByRole('article', { name: 'Change request for e2e-approve in production' });
      await request.waitFor({ timeout: 60_000 });
      expect(await request.textContent()).toContain('ship it');
      expect(await request.getByRole('table', { name: 'Proposed change' }).textContent()).toContain(
        'enabled',
      );
      await request.getByRole('textbox', { name: 'Comment' }).fill('looks right');
      await request.getByRole('button', { name: 'Approve' }).click();
      // Approved: the request leaves "Waiting for review"; under "Approved" it can be applied.
      await request.waitFor({ state: 'detached', timeout: 30_000 });
      await page.getByRole('tab', { name: 'Approved, not applied' }).click();
      await request.getByRole('button', { name: 'Apply now' }).click();
      await request.waitFor({ state: 'detached', timeout: 30_000 });
      expect((await flag('e2e-approve')).environment.enabled).toBe(true);
      await page.getByRole('tab', { name: 'All' }).click();
      await expectAttribute(request, 'data-status', 'APPLIED', 30_000);
      expect(await request.getByRole('list', { name: 'Reviews' }).textContent()).toContain('looks right');
      await screenshot(page, 'console-change-request-applied');
      // The link notifications carry opens that request first.
      await page.goto(`${suite.stack.adminUrl}/changes?request=${proposal.id}`);
      const linked = page.getByTestId('linked-request').getByRole('article');
      await expectAttribute(linked, 'data-status', 'APPLIED', 30_000);

      // Starting a release in production proposes it too: the plan starts once its request is applied.
      await page.goto(`${suite.stack.adminUrl}/flags/e2e-approve?env=production`);
      const card = page.getByTestId('release-plans');
      await card.getByRole('button', { name: 'Start a release' }).click();
      const form = page.getByRole('form', { name: 'New release plan' });
      await form.getByRole('combobox', { name: 'Release' }).selectOption('on');
      await form.getByRole('button', { name: 'Propose release' }).click();
      // The proposal, or the refusal that took its place (its text then says why).
      const outcome = card.locator('[data-testid="release-proposed"], .alert--error').first();
      await outcome.waitFor({ timeout: 30_000 });
      expect(await outcome.textContent()).toContain('Proposed for approval');
      const { changeRequests } = await suite.stack.gqlOk<{
        changeRequests: { kind: string; status: string }[];
      }>('{ changeRequests(filter: { flagKey: "e2e-approve", status: SUBMITTED }) { kind status } }');
      expect(changeRequests).toEqual([{ kind: 'RELEASE_PLAN', status: 'SUBMITTED' }]);

      // Saving the segment proposes the edit: the segment is unchanged until the request is applied.
      await page.goto(`${suite.stack.adminUrl}/segments`);
      const row = page.getByTestId('segment-row').filter({ hasText: 'e2e-beta' });
      await row.getByRole('button', { name: 'Edit' }).click();
      const edit = page.getByRole('form', { name: 'Edit e2e-beta' });
      await edit.getByRole('textbox', { name: 'Name', exact: true }).fill('Beta testers');
      await edit.getByRole('button', { name: 'Save segment' }).click();
      await edit.getByTestId('segment-proposed').waitFor({ timeout: 30_000 });
      const segmentRequests = await suite.stack.gqlOk<{
        changeRequests: { kind: string; segmentKey: string; diff: Record<string, unknown> }[];
        segment: { name: string };
      }>(
        '{ changeRequests(filter: { segmentKey: "e2e-beta" }) { kind segmentKey diff } segment(key: "e2e-beta") { name } }',
      );
      expect(segmentRequests.segment.name).toBe('Beta');
      expect(segmentRequests.changeRequests).toHaveLength(1);
      expect(segmentRequests.changeRequests[0]).toMatchObject({ kind: 'SEGMENT', segmentKey: 'e2e-beta' });
      expect(segmentRequests.changeRequests[0]?.diff).toMatchObject({
        name: { current: 'Beta', proposed: 'Beta testers' },
      });
      expect(real(problems)).toEqual([]);
    } finally {
      await suite.stack.gqlOk(
        'mutation { setApprovalPolicy(environment: "production", requiredApprovals: 0) { version } }',
      );
    }
  }, 300_000);

  it('starts a guarded release, watches it advance, then roll back when its guard breaches', async () => {
    await suite.stack.gqlOk(
      `mutation { createMetric(input: { key: "e2e-errors", name: "E2E error rate", kind: MEAN,
        eventName: "request-error", higherIsBetter: false }) { key } }`,
    );
    await suite.stack.gqlOk(
      'mutation { createFlag(input: { key: "e2e-release", name: "Release me" }) { key } }',
    );
    await suite.stack.gqlOk(
      `mutation { updateTargeting(key: "e2e-release", environment: "development", expectedVersion: 1,
        input: { enabled: true, fallthrough: { variation: "off" } }) { version } }`,
    );
    const sdkKey = (await suite.stack.createApiKey('server', { environment: 'development' })).secret;

    const { page, problems } = await suite.newPage();
    await signIn(page, '/flags/e2e-release');
    await page.goto(`${suite.stack.adminUrl}/flags/e2e-release?env=development`);
    const card = page.getByTestId('release-plans');
    await card.getByRole('button', { name: 'Start a release' }).click();
    const form = page.getByRole('form', { name: 'New release plan' });
    await form.getByRole('combobox', { name: 'Release' }).selectOption('on');
    await form.getByRole('spinbutton', { name: 'Stage 1: percent' }).fill('50');
    await form.getByRole('spinbutton', { name: 'for at least (minutes)' }).fill('1');
    await form.getByRole('button', { name: 'Add stage' }).click();
    await form.getByRole('spinbutton', { name: 'for at least (minutes)' }).nth(1).fill('1');
    await form.getByRole('button', { name: 'Add guard' }).click();
    await form.getByRole('combobox', { name: 'Metric' }).selectOption('e2e-errors');
    await form.getByRole('spinbutton', { name: 'Threshold' }).fill('0.05');
    await form.getByRole('spinbutton', { name: 'Minimum sample' }).fill('20');
    await form.getByRole('button', { name: 'Start release' }).click();

    const plan = page.getByTestId('release-plan');
    await expectAttribute(plan, 'data-status', 'ACTIVE', 30_000);
    await expectText(page.getByTestId('release-percent'), '50 %');

    // Healthy traffic in the first stage; the stage's minute passes on the executor's clock.
    const healthy = Array.from({ length: 25 }, (_, i) => `healthy-${i}`);
    await track(sdkKey, healthy, 0, 'on');
    // The guard's live value beside its threshold, read again while the plan runs.
    const guard = page.getByTestId('guard-row');
    await expectText(guard.locator('td').nth(3), 'healthy', 30_000);
    expect(await guard.locator('td').nth(1).textContent()).toBe('0');
    expect(await guard.locator('td').nth(2).textContent()).toBe('25');
    await moveClock(61_000);
    await expectText(page.getByTestId('release-percent'), '100 %', 60_000);
    expect(await page.getByTestId('release-events').textContent()).toContain('advanced');

    // The second stage's users fail: the guard breaches and the plan rolls back on its own. Their
    // timestamps are in the second stage (the executor's clock is a minute ahead of the events').
    const failing = Array.from({ length: 25 }, (_, i) => `failing-${i}`);
    await track(sdkKey, failing, 1, 'on', 90_000);
    await expectAttribute(plan, 'data-status', 'ROLLED_BACK', 60_000);
    const reason = page.getByTestId('rollback-reason');
    await reason.waitFor({ timeout: 30_000 });
    expect(await reason.textContent()).toContain('e2e-errors read 1 over its threshold 0.05');
    await screenshot(page, 'console-release-rolled-back');

    // The plan's rollback restored the fallthrough the flag served before the release.
    const { flag: after } = await suite.stack.gqlOk<{
      flag: { environment: { fallthrough: { variation: string | null } } };
    }>('{ flag(key: "e2e-release") { environment(key: "development") { fallthrough { variation } } } }');
    expect(after.environment.fallthrough.variation).toBe('off');
    expect(real(problems)).toEqual([]);
  }, 300_000);

  it('schedules a targeting change from the editor, shows it on the flag and the calendar, and cancels it', async () => {
    await suite.stack.gqlOk(
      'mutation { createFlag(input: { key: "e2e-schedule", name: "Schedule me" }) { key } }',
    );
    const { page, problems } = await suite.newPage();
    await signIn(page, '/flags/e2e-schedule');
    await page.goto(`${suite.stack.adminUrl}/flags/e2e-schedule?env=development`);
    const form = page.getByTestId('targeting-form');
    await form.getByRole('switch', { name: 'Targeting on in development' }).click();
    // Tomorrow at noon, in the browser's time zone (the input's own format).
    const at = new Date(Date.now() + 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T12:00`;
    await form.getByLabel('or apply at').fill(local);
    await form.getByRole('button', { name: 'Schedule change' }).click();
    await page.getByTestId('change-scheduled').waitFor({ timeout: 30_000 });
    const row = page
      .getByRole('table', { name: 'Scheduled changes of this flag' })
      .getByTestId('scheduled-change');
    await expectAttribute(row, 'data-status', 'PENDING', 30_000);
    expect(await row.textContent()).toContain('Replace the targeting');

    await page.goto(`${suite.stack.adminUrl}/schedule`);
    const item = page.getByTestId('calendar-item').filter({ hasText: 'e2e-schedule' });
    if (at.getMonth() !== new Date().getMonth())
      await page.getByRole('button', { name: 'Next month' }).click();
    await item.waitFor({ timeout: 30_000 });
    expect(await item.textContent()).toContain('12:00');
    const listed = page.getByTestId('scheduled-change').filter({ hasText: 'e2e-schedule' });
    await listed.getByRole('button', { name: 'Cancel change' }).click();
    await expectAttribute(listed, 'data-status', 'CANCELLED', 30_000);
    await item.waitFor({ state: 'detached', timeout: 30_000 });
    const { scheduledChanges } = await suite.stack.gqlOk<{ scheduledChanges: { status: string }[] }>(
      '{ scheduledChanges(filter: { flagKey: "e2e-schedule" }) { status } }',
    );
    expect(scheduledChanges).toEqual([{ status: 'CANCELLED' }]);
    expect(real(problems)).toEqual([]);
  }, 300_000);
});
