// Helpers shared by the import suites: the CLI run as a user runs it, and the graph's own answers.

import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestStack } from '@switchyard/testkit';
import { main } from '../../src/cli/main';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `switchyard <args>` in-process against the stack, with a TOKEN API key of the given role. */
export async function cli(args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const original = console.error;
  console.error = (...parts: unknown[]) => err.push(parts.join(' '));
  try {
    const code = await main(args, (line) => out.push(line));
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.error = original;
  }
}

/** The newest config change sequence number: unchanged means nothing was written. */
export async function latestSeq(stack: TestStack): Promise<number> {
  const data = await stack.gqlOk<{ auditLog: { nodes: { seq: number }[] } }>(
    '{ auditLog(first: 1) { nodes { seq } } }',
  );
  return data.auditLog.nodes[0]?.seq ?? 0;
}

/** `evaluate` through the gateway: variation and value of each key for one context. */
export async function evaluate(
  stack: TestStack,
  environment: string,
  context: Record<string, unknown>,
  keys: string[],
): Promise<Record<string, { variation: string | null; value: unknown; reason: string }>> {
  const data = await stack.gqlOk<{
    evaluate: {
      key: string;
      variation: string | null;
      reason: string;
      b?: unknown;
      s?: unknown;
      n?: unknown;
      j?: unknown;
    }[];
  }>(
    `query($e: String!, $c: JSON!, $k: [String!]) { evaluate(environment: $e, context: $c, keys: $k) {
      key variation reason
      ... on BooleanFlagValue { b: value } ... on StringFlagValue { s: value }
      ... on NumberFlagValue { n: value } ... on JsonFlagValue { j: value } } }`,
    { e: environment, c: context, k: keys },
  );
  return Object.fromEntries(
    data.evaluate.map((r) => [
      r.key,
      { variation: r.variation, reason: r.reason, value: r.b ?? r.s ?? r.n ?? r.j ?? null },
    ]),
  );
}

/** Runs an import that must change nothing: exit 0, the plan's summary, the same change sequence after. */
export async function expectNoWrites(
  stack: TestStack,
  run: () => Promise<CliRun>,
  summary: string,
): Promise<void> {
  const seq = await latestSeq(stack);
  const again = await run();
  expect(again.code).toBe(0);
  expect(again.out).toContain(summary);
  expect(await latestSeq(stack)).toBe(seq);
}

/** Writes `content` to a file, imports it, and expects a refusal naming the file and JSON path, nothing written. */
export async function expectRefused(
  stack: TestStack,
  importFile: (file: string) => Promise<CliRun>,
  content: unknown,
  jsonPath: string,
): Promise<void> {
  const file = path.join(os.tmpdir(), `switchyard-import-bad-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(content));
  const seq = await latestSeq(stack);
  const run = await importFile(file);
  expect(run.code).toBe(1);
  expect(run.err).toContain(`${file}: ${jsonPath}: `);
  expect(await latestSeq(stack)).toBe(seq);
}
