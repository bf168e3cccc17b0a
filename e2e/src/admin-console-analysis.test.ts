import type { Locator } from 'playwright-core';
import { accessibilityViolations } from './accessibility';
import { screenshot } from './browser';
import {
  expectAttribute,
  expectText,
  openExperimentWizard,
  real,
  settle,
  signInAt,
  demoConsoleSuite,
} from './console-helpers';

// The console's analysis extras against the real stack and the demo data: the power calculator in
// the experiment wizard, and CUPED and the breakdown table on the results page.
/** Polls until the locator's text contains `text` (a row or paragraph holds more than the value). */
async function expectContains(locator: Locator, text: string, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.textContent().catch(() => '')) ?? '';
    if (last.includes(text)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(last).toContain(text);
}

describe('admin console, analysis', () => {
  // The dev server compiles a route on its first visit: slow on a loaded machine.
  // The experiment watcher looks often here, so the demo's running experiment has its alert soon.
  const suite = demoConsoleSuite({
    navigationTimeoutMs: 120_000,
    env: { EXPERIMENT_WATCH_INTERVAL_MS: '2000' },
  });
  const newPage = () => suite.newPage();

  it("lists the watcher's alerts on the experiment page, as the graph gives them", async () => {
    type Alert = {
      kind: string;
      variant: string | null;
      detail: { metricName?: string; direction?: string };
    };
    const alerts = async () =>
      (
        await suite.stack.gqlOk<{ experiment: { alerts: Alert[] } }>(
          '{ experiment(key: "checkout-redesign") { alerts { kind variant detail } } }',
        )
      ).experiment.alerts;
    // The demo's checkout redesign converts better in treatment: the watcher announces its significance.
    const deadline = Date.now() + 60_000;
    let list = await alerts();
    while (list.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      list = await alerts();
    }
    const significant = list.find((a) => a.kind === 'SIGNIFICANT');
    expect(significant).toBeDefined();
    const { page, problems } = await newPage();
    await signInAt(
      page,
      `${suite.stack.adminUrl}`,
      '/experiments/checkout-redesign',
      suite.stack.admin.email,
      suite.stack.admin.password,
    );
    const card = page.getByRole('region', { name: 'Alerts' });
    await card.waitFor({ timeout: 60_000 });
    const items = card.getByRole('listitem');
    await expectContains(
      card,
      `${significant!.variant} is better than control on ${significant!.detail.metricName}`,
    );
    expect(await items.count()).toBe(list.length);
    expect(await items.first().getAttribute('data-kind')).toBe(list[0]!.kind);
    expect(await accessibilityViolations(page)).toEqual([]);
    await settle(page);
    expect(real(problems)).toEqual([]);
  }, 180_000);

  it('suggests the minimum sample size from the primary metric in the wizard', async () => {
    await suite.stack.gqlOk(
      'mutation { createFlag(input: { key: "e2e-power-flag", name: "Power", type: BOOLEAN }) { key } }',
    );
    const { metricPower } = await suite.stack.gqlOk<{ metricPower: { sampleSizePerVariant: number } }>(
      '{ metricPower(metricKey: "purchase", relativeEffect: 0.05, power: 0.8, variants: 2) { sampleSizePerVariant } }',
    );
    const { page, problems } = await newPage();
    await signInAt(
      page,
      `${suite.stack.adminUrl}`,
      '/experiments',
      suite.stack.admin.email,
      suite.stack.admin.password,
    );
    const form = await openExperimentWizard(
      page,
      `${suite.stack.adminUrl}`,
      'e2e-power',
      'Power',
      'e2e-power-flag',
    );
    await form.getByRole('combobox', { name: 'Primary metric' }).selectOption('purchase');
    const calculator = form.getByRole('region', { name: 'Power calculator' });
    await expectText(
      calculator.getByTestId('power-sample-size'),
      metricPower.sampleSizePerVariant.toLocaleString('en'),
      30_000,
    );
    await calculator.getByRole('button', { name: 'Use as minimum' }).click();
    await expectAttribute(
      form.getByRole('spinbutton', { name: 'Minimum users per variant' }),
      'value',
      String(metricPower.sampleSizePerVariant),
    ).catch(async () => {
      expect(await form.getByRole('spinbutton', { name: 'Minimum users per variant' }).inputValue()).toBe(
        String(metricPower.sampleSizePerVariant),
      );
    });
    // A larger effect needs fewer users.
    await calculator.getByRole('spinbutton', { name: 'Detect a change of (%)' }).fill('20');
    const { metricPower: larger } = await suite.stack.gqlOk<{
      metricPower: { sampleSizePerVariant: number };
    }>(
      '{ metricPower(metricKey: "purchase", relativeEffect: 0.2, power: 0.8, variants: 2) { sampleSizePerVariant } }',
    );
    expect(larger.sampleSizePerVariant).toBeLessThan(metricPower.sampleSizePerVariant);
    await expectText(
      calculator.getByTestId('power-sample-size'),
      larger.sampleSizePerVariant.toLocaleString('en'),
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'console-experiment-wizard-power');
    await settle(page);
    expect(real(problems)).toEqual([]);
  }, 240_000);

  it('shows CUPED on demand and the breakdown table with its exploratory warning on the results page', async () => {
    const { experiment } = await suite.stack.gqlOk<{
      experiment: {
        analysis: {
          metrics: {
            metricKey: string;
            cuped: { status: string };
            variants: { variant: string; isControl: boolean; cuped: { decision: string } | null }[];
          }[];
        };
        breakdown: {
          slices: {
            value: string;
            method: { sides: string; correction: string };
            variants: { variant: string; isControl: boolean; decision: string; relativeUplift: unknown }[];
          }[];
          notes: string[];
        };
      };
    }>(
      `{ experiment(key: "checkout-redesign") {
          analysis { metrics { metricKey cuped { status } variants { variant isControl cuped { decision } } } }
          breakdown(metricKey: "purchase", dimension: "country") {
            slices { value method { sides correction } variants { variant isControl decision relativeUplift { estimate } } }
            notes } } }`,
    );
    const { page, problems } = await newPage();
    await signInAt(
      page,
      `${suite.stack.adminUrl}`,
      '/experiments/checkout-redesign',
      suite.stack.admin.email,
      suite.stack.admin.password,
    );
    const breakdown = page.getByTestId('breakdown');
    await expectText(breakdown.getByTestId('breakdown-warning'), experiment.breakdown.notes[0]!, 30_000);
    const rows = breakdown.getByTestId('breakdown-table').locator('tbody tr');
    // One row per slice × treatment variant.
    expect(await rows.count()).toBeGreaterThanOrEqual(experiment.breakdown.slices.length);
    for (const slice of experiment.breakdown.slices) {
      const sliceRows = rows.filter({ has: page.getByRole('rowheader', { name: slice.value, exact: true }) });
      expect(await sliceRows.count()).toBeGreaterThan(0);
      // Each slice reads as the main result does: the graph's decision (a harmful significant slice
      // is "Worse", never "Yes"), the method behind it, and the absolute interval where the relative
      // uplift is refused.
      for (const v of slice.variants.filter((x) => !x.isControl)) {
        const verdict = sliceRows
          .filter({ has: page.getByRole('cell', { name: v.variant, exact: true }) })
          .getByTestId('slice-verdict');
        await expectAttribute(verdict.locator('[data-decision]'), 'data-decision', v.decision);
        const text = (await verdict.textContent()) ?? '';
        expect(text).toContain(slice.method.sides === 'ONE_SIDED' ? 'one-sided' : 'two-sided');
        expect(text).toContain(
          slice.method.correction === 'BENJAMINI_HOCHBERG' ? 'Benjamini–Hochberg' : 'Holm',
        );
        if (v.relativeUplift === null) expect(text).toContain('absolute');
      }
    }

    const cuped = page.getByTestId('cuped');
    await expectAttribute(cuped.getByRole('switch', { name: 'CUPED adjustment' }), 'aria-checked', 'false');
    await cuped.getByRole('switch', { name: 'CUPED adjustment' }).click();
    await expectAttribute(cuped.getByRole('switch', { name: 'CUPED adjustment' }), 'aria-checked', 'true');
    for (const m of experiment.analysis.metrics) {
      await cuped
        .getByRole('table', { name: /CUPED-adjusted results/ })
        .first()
        .waitFor({ timeout: 20_000 });
      if (m.cuped.status === 'OK') await cuped.getByTestId(`cuped-reduction-${m.metricKey}`).waitFor();
    }
    // The adjusted comparisons carry their own verdict, in the same words as the unadjusted ones.
    const adjusted = experiment.analysis.metrics.flatMap((m) =>
      m.variants.filter((v) => !v.isControl).map((v) => v.cuped?.decision ?? null),
    );
    const shown = cuped.getByTestId('cuped-adjusted').locator('[data-decision]');
    await expectAttribute(shown.first(), 'data-decision', adjusted.find((d) => d !== null) ?? '');
    expect(await shown.evaluateAll((els) => els.map((e) => e.getAttribute('data-decision')))).toEqual(
      adjusted.filter((d) => d !== null),
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'console-experiment-cuped-breakdown');
    await settle(page);
    expect(real(problems)).toEqual([]);
  }, 240_000);

  // Issue 18: one place per comparison with the verdict, its interval and the method, and the
  // metric's warnings, all as the graph reports them.
  it("shows each comparison's verdict beside the interval it was reached with and the method", async () => {
    const { experiment } = await suite.stack.gqlOk<{
      experiment: {
        analysis: {
          metrics: {
            metricKey: string;
            method: { correction: string; intervalLevel: number };
            warnings: { message: string }[];
            variants: { variant: string; isControl: boolean; decision: string }[];
          }[];
        };
      };
    }>(
      `{ experiment(key: "checkout-redesign") { analysis { metrics {
          metricKey method { correction intervalLevel } warnings { message }
          variants { variant isControl decision } } } } }`,
    );
    const { page, problems } = await newPage();
    await signInAt(
      page,
      `${suite.stack.adminUrl}`,
      '/experiments/checkout-redesign',
      suite.stack.admin.email,
      suite.stack.admin.password,
    );
    const tables = page.getByTestId('results-table');
    await tables.first().waitFor({ timeout: 60_000 });
    const labels: Record<string, string> = {
      BETTER: 'Better',
      WORSE: 'Worse',
      INCONCLUSIVE: 'Inconclusive',
      NOT_TESTED: 'Not tested',
    };
    for (const [i, m] of experiment.analysis.metrics.entries()) {
      const level = `${Number((m.method.intervalLevel * 100).toPrecision(3))}% interval`;
      for (const v of m.variants.filter((x) => !x.isControl)) {
        const cell = tables
          .nth(i)
          .locator('tbody tr')
          .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${v.variant}`) }) })
          .getByTestId('verdict');
        const text = (await cell.textContent()) ?? '';
        expect([m.metricKey, v.variant, text.startsWith(labels[v.decision]!)]).toEqual([
          m.metricKey,
          v.variant,
          true,
        ]);
        expect(text).toContain(level);
        expect(text).toContain(m.method.correction === 'HOLM' ? 'Holm' : 'Benjamini–Hochberg');
      }
      const method = page.getByTestId('results-method').nth(i);
      expect(await method.textContent()).toContain(level.replace(' interval', ''));
      if (m.warnings.length > 0) {
        expect(await page.getByTestId('results-warnings').allTextContents()).toEqual(
          expect.arrayContaining([expect.stringContaining(m.warnings[0]!.message)]),
        );
      }
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'console-experiment-verdicts');
    await settle(page);
    expect(real(problems)).toEqual([]);
  }, 240_000);

  it("edits a metric's capping, sides and prior, creates a quantile metric, and sets the experiment's correction", async () => {
    await suite.stack.gqlOk(
      'mutation { createMetric(input: { key: "e2e-spend", name: "E2E spend", kind: MEAN, eventName: "e2e-buy" }) { key } }',
    );
    const { page, problems } = await newPage();
    await signInAt(
      page,
      `${suite.stack.adminUrl}`,
      '/metrics',
      suite.stack.admin.email,
      suite.stack.admin.password,
    );
    const row = page.getByTestId('metric-row').filter({ hasText: 'e2e-spend' });
    await row.waitFor({ timeout: 60_000 });
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit e2e-spend' });
    await edit.getByRole('combobox', { name: 'Capping' }).selectOption('PERCENTILE');
    await edit.getByRole('spinbutton', { name: 'Percentile (0.99 = 99th)' }).fill('0.99');
    await edit.getByRole('checkbox', { name: 'One-sided test (only the good direction)' }).check();
    await edit.getByRole('spinbutton', { name: 'Prior mean of the relative effect (0 = none)' }).fill('0');
    await edit.getByRole('spinbutton', { name: 'Prior standard deviation (0.1 = ±10%)' }).fill('0.1');
    await edit.getByRole('button', { name: 'Save metric' }).click();
    await expectContains(row, 'capped at the 99th percentile, one-sided, prior 0 ± 0.1');

    await page.getByRole('button', { name: 'New metric' }).click();
    const create = page.getByRole('form', { name: 'New metric' });
    await create.getByRole('textbox', { name: 'Key' }).fill('e2e-p95');
    await create.getByRole('textbox', { name: 'Name', exact: true }).fill('E2E p95 latency');
    await create.getByRole('textbox', { name: 'Event name' }).fill('e2e-request');
    await create.getByRole('combobox', { name: 'Kind' }).selectOption('QUANTILE');
    await create.getByRole('spinbutton', { name: 'Quantile (0.95 = p95)' }).fill('0.95');
    await create.getByRole('button', { name: 'Create metric' }).click();
    await expectContains(page.getByTestId('metric-row').filter({ hasText: 'e2e-p95' }), 'p95');
    const { metric, quantile } = await suite.stack.gqlOk<{
      metric: {
        capping: { type: string; value: number };
        oneSided: boolean;
        prior: { standardDeviation: number };
      };
      quantile: { kind: string; quantile: number };
    }>(
      '{ metric(key: "e2e-spend") { capping { type value } oneSided prior { standardDeviation } } quantile: metric(key: "e2e-p95") { kind quantile } }',
    );
    expect(metric).toEqual({
      capping: { type: 'PERCENTILE', value: 0.99 },
      oneSided: true,
      prior: { standardDeviation: 0.1 },
    });
    expect(quantile).toEqual({ kind: 'QUANTILE', quantile: 0.95 });
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.goto(`${suite.stack.adminUrl}/experiments/checkout-redesign`);
    const settings = page.getByRole('form', { name: 'Analysis settings' });
    await settings.waitFor({ timeout: 60_000 });
    await settings
      .getByRole('combobox', { name: 'Multiple-comparison correction' })
      .selectOption('BENJAMINI_HOCHBERG');
    await settings.getByRole('button', { name: 'Save analysis settings' }).click();
    await expectText(settings.getByRole('status'), 'Saved.', 30_000);
    const { experiment } = await suite.stack.gqlOk<{ experiment: { multipleTestingCorrection: string } }>(
      '{ experiment(key: "checkout-redesign") { multipleTestingCorrection } }',
    );
    expect(experiment.multipleTestingCorrection).toBe('BENJAMINI_HOCHBERG');
    await expectContains(page.getByTestId('results-method').first(), 'Benjamini–Hochberg');
    await screenshot(page, 'console-analysis-settings');
    await settle(page);
    expect(real(problems)).toEqual([]);
  }, 300_000);
});
