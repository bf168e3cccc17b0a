import { emailMessage } from './email-message';
import type { OutboxChange } from './outbox-change';
import { slackMessage } from './slack-message';

const CONSOLE = 'https://console.example.com';

function change(over: Partial<OutboxChange>): OutboxChange {
  return {
    seq: 42,
    kind: 'X',
    action: 'x.y',
    resourceType: 'flag',
    resourceKey: 'k',
    environment: 'production',
    project: 'default',
    actor: { id: 'u1', name: 'Ada <admin>' },
    at: '2026-12-04T15:00:00.000Z',
    before: null,
    after: null,
    ...over,
  };
}

describe('Slack Block Kit messages', () => {
  it('names the guard that fired when a release plan is rolled back', () => {
    const m = slackMessage(
      change({
        kind: 'RELEASE_PLAN_UPDATED',
        action: 'release_plan.rolled_back',
        resourceType: 'release_plan',
        resourceKey: 'plan-1',
        after: {
          flagKey: 'new-checkout',
          guard: { metric: 'error-rate', max: 0.02 },
          observed: 0.05,
          threshold: 0.02,
          sample: 1200,
        },
      }),
      CONSOLE,
    );
    expect(m.blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: expect.stringContaining('rolled back in *production*: the guard fired') },
    });
    expect(JSON.stringify(m.blocks[1])).toContain('error-rate');
    expect(m.blocks[2]).toMatchObject({
      type: 'section',
      fields: [{ text: '*observed*\n0.05' }, { text: '*threshold*\n0.02' }, { text: '*sample*\n1200' }],
    });
    expect(m.blocks.at(-1)).toMatchObject({
      type: 'actions',
      elements: [{ url: `${CONSOLE}/flags/new-checkout?env=production` }],
    });
  });

  it('links a change request waiting for approval, escaping user text', () => {
    const m = slackMessage(
      change({ action: 'change_request.submitted', resourceType: 'change_request', resourceKey: 'cr-9' }),
      CONSOLE,
    );
    expect(m.blocks[0]!.text).toMatchObject({
      text: expect.stringContaining('by Ada &lt;admin&gt; is waiting for approval'),
    });
    expect(m.blocks.at(-1)).toMatchObject({ elements: [{ url: `${CONSOLE}/changes?request=cr-9` }] });
  });

  it('says a request created already submitted is waiting, and a draft is not', () => {
    const created = (status: string) =>
      slackMessage(
        change({
          action: 'change_request.created',
          resourceType: 'change_request',
          resourceKey: 'cr-2',
          after: { status },
        }),
        CONSOLE,
      ).text;
    expect(created('SUBMITTED')).toContain('is waiting for approval');
    expect(created('DRAFT')).not.toContain('waiting');
    expect(
      emailMessage(
        change({
          action: 'change_request.created',
          resourceType: 'change_request',
          after: { status: 'SUBMITTED' },
        }),
        CONSOLE,
      )?.subject,
    ).toContain('waiting for your approval');
    expect(
      emailMessage(
        change({
          action: 'change_request.created',
          resourceType: 'change_request',
          after: { status: 'DRAFT' },
        }),
        CONSOLE,
      ),
    ).toBeNull();
  });

  it('shows advanced release plans and experiment sample ratio mismatches', () => {
    expect(
      slackMessage(
        change({ action: 'release_plan.advanced', resourceType: 'release_plan', resourceKey: 'p' }),
        CONSOLE,
      ).text,
    ).toContain('Release plan p advanced');
    const srm = slackMessage(
      change({
        action: 'experiment.sample_ratio_mismatch',
        resourceType: 'experiment',
        resourceKey: 'exp',
        environment: 'production',
        after: { alert: 'SAMPLE_RATIO_MISMATCH', observed: [700, 300], expected: [500, 500], pValue: 1e-36 },
      }),
      CONSOLE,
    );
    expect(srm.text).toContain('Experiment exp in production: sample ratio mismatch');
    expect(srm.blocks[1]).toEqual({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Observed users*\n700 / 300' },
        { type: 'mrkdwn', text: '*Expected*\n500 / 500' },
        // Slack shows &lt; as <.
        { type: 'mrkdwn', text: '*p-value*\n&lt; 0.0001' },
      ],
    });
  });

  it('tells which variant of which metric an experiment alert is about, with its numbers', () => {
    const significant = slackMessage(
      change({
        action: 'experiment.significant',
        resourceType: 'experiment',
        resourceKey: 'exp',
        environment: 'production',
        after: {
          variant: 'treatment',
          metricKey: 'buy',
          metricName: 'Purchases',
          direction: 'BETTER',
          method: 'sequential',
          adjustedPValue: 0.0123,
          users: 512,
          relativeUplift: { estimate: 0.25, lower: 0.1, upper: 0.4 },
        },
      }),
      CONSOLE,
    );
    expect(significant.text).toBe(
      ':bar_chart: Experiment exp reached significance in production: variant treatment is better than control on Purchases',
    );
    expect(significant.blocks[1]!.fields).toEqual([
      { type: 'mrkdwn', text: '*Relative uplift*\n+25.0 % (+10.0 % to +40.0 %)' },
      { type: 'mrkdwn', text: '*Adjusted p-value*\n0.012' },
      { type: 'mrkdwn', text: '*Method*\nsequential' },
      { type: 'mrkdwn', text: '*Users in variant*\n512' },
    ]);
    const guardrail = slackMessage(
      change({
        action: 'experiment.guardrail_violated',
        resourceType: 'experiment',
        resourceKey: 'exp',
        after: { variant: 'treatment', metricKey: 'latency', threshold: 0.02, relativeUplift: null },
      }),
      CONSOLE,
    );
    expect(guardrail.text).toContain('variant treatment violates the guardrail latency');
    expect(guardrail.blocks[1]!.fields).toEqual([{ type: 'mrkdwn', text: '*Threshold*\n2.0 % worse' }]);
    expect(guardrail.blocks.at(-1)).toMatchObject({ elements: [{ url: `${CONSOLE}/experiments/exp` }] });
  });
});

describe('notification emails', () => {
  it('writes plain text and HTML with the link, escaping HTML', () => {
    const m = emailMessage(
      change({ action: 'change_request.submitted', resourceType: 'change_request', resourceKey: 'cr-1' }),
      CONSOLE,
    )!;
    expect(m.subject).toBe('[Switchyard] Change request cr-1 is waiting for your approval');
    expect(m.text).toContain(`Open it: ${CONSOLE}/changes?request=cr-1`);
    expect(m.html).toContain(`<a href="${CONSOLE}/changes?request=cr-1">`);
    expect(m.html).toContain('Ada &lt;admin&gt;');
  });

  it('tells when a scheduled change or an approved request could not be applied, with the reason', () => {
    const failed = change({
      action: 'scheduled_change.failed',
      resourceType: 'scheduled_change',
      resourceKey: 'sc-1',
      after: { flagKey: 'banner', reason: 'fallthrough changed since version 7' },
    });
    expect(emailMessage(failed, CONSOLE)?.subject).toBe(
      '[Switchyard] A scheduled change of banner was not applied in production: fallthrough changed since version 7',
    );
    expect(emailMessage(failed, CONSOLE)?.text).toContain(`Open it: ${CONSOLE}/flags/banner?env=production`);
    expect(slackMessage(failed, CONSOLE).text).toContain('banner was not applied in production');
    const conflicted = change({
      action: 'change_request.conflicted',
      resourceType: 'change_request',
      resourceKey: 'cr-3',
      after: { reason: 'enabled changed since version 2' },
    });
    expect(emailMessage(conflicted, CONSOLE)?.subject).toContain('could not be applied: enabled changed');
  });

  it('sends rollbacks and deactivations, and nothing for routine changes', () => {
    expect(
      emailMessage(change({ action: 'release_plan.rolled_back', resourceType: 'release_plan' }), CONSOLE)
        ?.subject,
    ).toContain('rolled back in production');
    expect(
      emailMessage(change({ action: 'user.deactivated', resourceType: 'user' }), CONSOLE)?.subject,
    ).toContain('deactivated');
    expect(emailMessage(change({ action: 'flag.updated' }), CONSOLE)).toBeNull();
  });
});

describe('messages of another project than the default', () => {
  const inCheckout = (over: Partial<OutboxChange>) => change({ project: 'checkout', ...over });

  it('name the project and link its console pages with ?project=, in Slack and email', () => {
    const review = inCheckout({
      action: 'change_request.submitted',
      resourceType: 'change_request',
      resourceKey: 'cr-7',
    });
    const slack = slackMessage(review, CONSOLE);
    expect(slack.text).toContain('waiting for approval in production of project checkout');
    expect(slack.blocks.at(-1)).toMatchObject({
      elements: [{ url: `${CONSOLE}/changes?request=cr-7&project=checkout` }],
    });
    const mail = emailMessage(review, CONSOLE)!;
    expect(mail.subject).toBe(
      '[Switchyard] Change request cr-7 in project checkout is waiting for your approval',
    );
    expect(mail.text).toContain('in production of project checkout.');
    expect(mail.text).toContain(`Open it: ${CONSOLE}/changes?request=cr-7&project=checkout`);
    expect(mail.html).toContain(`<a href="${CONSOLE}/changes?request=cr-7&amp;project=checkout">`);
    expect(mail.html).toContain('in <code>production</code> of project <code>checkout</code>');

    const rolledBack = inCheckout({
      action: 'release_plan.rolled_back',
      resourceType: 'release_plan',
      resourceKey: 'plan-2',
      after: { flagKey: 'pay' },
    });
    expect(emailMessage(rolledBack, CONSOLE)!.subject).toBe(
      '[Switchyard] Release plan plan-2 was rolled back in production of project checkout',
    );
    expect(slackMessage(rolledBack, CONSOLE).blocks.at(-1)).toMatchObject({
      elements: [{ url: `${CONSOLE}/flags/pay?env=production&project=checkout` }],
    });
    const flagChange = slackMessage(
      inCheckout({ action: 'flag.created', resourceKey: 'pay', environment: null }),
      CONSOLE,
    );
    expect(flagChange.text).toBe('flag pay created in project checkout by Ada &lt;admin&gt;');
    expect(flagChange.blocks.at(-1)).toMatchObject({
      elements: [{ url: `${CONSOLE}/flags/pay?project=checkout` }],
    });
  });

  it('say nothing of the default project, nor of a project for its own settings', () => {
    expect(slackMessage(change({ action: 'flag.updated', resourceKey: 'pay' }), CONSOLE).text).toBe(
      'flag pay updated in production by Ada &lt;admin&gt;',
    );
    const settings = slackMessage(
      inCheckout({
        action: 'project.updated',
        resourceType: 'project',
        resourceKey: 'checkout',
        environment: null,
      }),
      CONSOLE,
    );
    expect(settings.text).toBe('project checkout updated by Ada &lt;admin&gt;');
    expect(settings.blocks.at(-1)).toMatchObject({
      elements: [{ url: `${CONSOLE}/projects?project=checkout` }],
    });
  });

  it("link each flag of a project's digest, and the project's flag debt", () => {
    const digest = inCheckout({
      action: 'flag.digest',
      kind: 'FLAG_DIGEST',
      resourceType: 'flag_digest',
      resourceKey: 'checkout/2026-12-07',
      environment: null,
      after: {
        project: 'checkout',
        staleDays: 30,
        rolledOutDays: 14,
        staleCount: 2,
        rolledOutCount: 0,
        stale: [
          {
            key: 'old <one>',
            since: '2026-11-01T00:00:00Z',
            lastEvaluatedAt: null,
            variation: null,
            removable: true,
          },
        ],
        rolledOut: [],
      },
    });
    const slack = slackMessage(digest, CONSOLE);
    expect(slack.text).toBe(':broom: Flag debt in project checkout: 2 stale, 0 rolled out');
    expect(slack.blocks[1]!.text).toEqual({
      type: 'mrkdwn',
      text: `*Stale (no evaluation for 30 days):*\n• <${CONSOLE}/flags/old%20%3Cone%3E?project=checkout|old &lt;one&gt;>: last evaluated never (no code references: removable)\n• and 1 more`,
    });
    expect(slack.blocks.at(-1)).toMatchObject({
      elements: [{ url: `${CONSOLE}/flags?lifecycle=STALE,ROLLED_OUT&project=checkout` }],
    });
    const mail = emailMessage(digest, CONSOLE)!;
    expect(mail.text).toContain(
      '- old <one>: last evaluated never (no code references: removable)\n- and 1 more',
    );
    expect(mail.text).toContain(`Open it: ${CONSOLE}/flags?lifecycle=STALE,ROLLED_OUT&project=checkout`);
    expect(mail.html).toContain(
      `<li><a href="${CONSOLE}/flags/old%20%3Cone%3E?project=checkout">old &lt;one&gt;</a>: last evaluated never`,
    );
  });
});
