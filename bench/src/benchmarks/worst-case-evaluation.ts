// Worst-case cost of one evaluation within the limits: the costliest `matches` pattern validation accepts (an
// automaton just under MAX_REGEX_STATES, every state live on every character), several of them in one rule,
// scanning the longest attribute a context may carry (MAX_CONTEXT_STRING_LENGTH characters that never match), and
// the longest value lists. The patterns the issue reported (`.{0,999}` five times, `a{1000}b`) are shown refused.
import {
  compileFlagSet,
  contextProblem,
  type Condition,
  type FlagConfig,
  MAX_CONDITION_VALUES,
  MAX_CONTEXT_STRING_LENGTH,
  MAX_REGEX_STATES,
  validateFlagConfig,
  validateRegex,
} from '@switchyard/core';
import { booleanFlag, flagSet } from '@switchyard/core/test-fixtures';
import type { BenchmarkResult } from '../result';

/** `.{0,N}x`: N optional any-characters then x; its 2N+2 states all stay live on input without an x. */
const WIDEST = `.{0,${Math.floor((MAX_REGEX_STATES - 4) / 2)}}x`;

function ruleFlag(key: string, conditions: Condition[]): FlagConfig {
  return booleanFlag(key, {
    fallthrough: { variation: 'off' },
    rules: [{ id: 'r', conditions, serve: { variation: 'on' } }],
  });
}

function measure(evaluate: () => unknown, runs: number): { medianMs: number; maxMs: number; cpuMs: number } {
  for (let i = 0; i < 20; i++) evaluate();
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    evaluate();
    times.push(performance.now() - started);
  }
  const used = process.cpuUsage(cpu);
  times.sort((a, b) => a - b);
  return {
    medianMs: times[Math.floor(times.length / 2)]!,
    maxMs: times[times.length - 1]!,
    cpuMs: (used.user + used.system) / 1000 / runs,
  };
}

export async function run(): Promise<BenchmarkResult> {
  const refused = ['.{0,999}'.repeat(5), 'a{1000}b'].map(
    (p) => `${p.slice(0, 24)}…: ${validateRegex(p)?.slice(0, 40)}…`,
  );
  if (validateRegex(WIDEST) !== null)
    throw new Error(`${WIDEST} should be accepted: ${validateRegex(WIDEST)}`);
  const long = 'y'.repeat(MAX_CONTEXT_STRING_LENGTH);
  const context = { key: 'worst', a: long, b: long, c: long, d: long, n: 1 };
  if (contextProblem(context) !== null)
    throw new Error(`context over the limits: ${contextProblem(context)?.message}`);
  const values = Array.from({ length: MAX_CONDITION_VALUES }, (_, i) => `v${i}`);
  const numbers = Array.from({ length: MAX_CONDITION_VALUES }, (_, i) => i + 2);
  const cases: { name: string; flag: FlagConfig }[] = [
    {
      name: `one matches ${WIDEST} on ${MAX_CONTEXT_STRING_LENGTH} chars`,
      flag: ruleFlag('one', [{ attribute: 'a', operator: 'matches', values: [WIDEST] }]),
    },
    {
      name: `four such conditions on four attributes (all must be scanned)`,
      flag: ruleFlag(
        'four',
        ['a', 'b', 'c', 'd'].map((attribute) => ({
          attribute,
          operator: 'matches',
          values: [WIDEST],
          negate: true,
        })),
      ),
    },
    {
      name: 'one condition with 20 such patterns',
      flag: ruleFlag('many', [
        { attribute: 'a', operator: 'matches', values: Array.from({ length: 20 }, () => WIDEST) },
      ]),
    },
    {
      name: `in with ${MAX_CONDITION_VALUES} values`,
      flag: ruleFlag('in', [{ attribute: 'a', operator: 'in', values }]),
    },
    {
      name: `gt with ${MAX_CONDITION_VALUES} values`,
      flag: ruleFlag('gt', [{ attribute: 'n', operator: 'gt', values: numbers }]),
    },
  ];
  const rows: Record<string, string | number>[] = [];
  let worst = 0;
  for (const c of cases) {
    const problems = validateFlagConfig(c.flag, null);
    if (problems.length > 0) throw new Error(`${c.name}: not valid: ${problems[0]!.message}`);
    const set = compileFlagSet(flagSet(1, [c.flag]));
    const m = measure(() => set.evaluate(c.flag.key, context), 200);
    worst = Math.max(worst, m.medianMs);
    rows.push({
      case: c.name,
      'median ms': m.medianMs.toFixed(3),
      'max ms': m.maxMs.toFixed(3),
      'CPU ms/evaluation': m.cpuMs.toFixed(3),
    });
  }
  for (const r of refused)
    rows.push({
      case: `refused at validation: ${r}`,
      'median ms': '—',
      'max ms': '—',
      'CPU ms/evaluation': '—',
    });
  return {
    name: 'worst-case-evaluation',
    rows,
    summary: `Worst accepted evaluation ${worst.toFixed(2)} ms median (${MAX_REGEX_STATES}-state automaton bound, ${MAX_CONTEXT_STRING_LENGTH}-character attributes); the reported patterns are refused at validation.`,
    current: {
      figure: `worst accepted evaluation ${worst.toFixed(2)} ms (median)`,
      target: 'bounded; was 0.9-8.8 s before the limits',
      peer: '—',
    },
  };
}
