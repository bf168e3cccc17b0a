import type { Page } from 'playwright-core';

const axeSource = require.resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core's WCAG 2.1 A/AA rules on the page as it is now. Each violation lists the
 * offending elements' selectors, so a failure says what to fix.
 */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: axeSource });
  // A string, so the page's code needs no DOM types here. The Next.js dev overlay
  // (next dev only, not the console) is left out.
  return (await page.evaluate(`axe
    .run({ exclude: [['nextjs-portal']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((r) => r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ') + (n.failureSummary ? ' — ' + n.failureSummary.split('\\n').slice(1).join(' ') : '')),
    })))`)) as AxeViolation[];
}
