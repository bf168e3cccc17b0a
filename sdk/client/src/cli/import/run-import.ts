// `switchyard import`: read a file (a Switchyard export, or an Unleash or LaunchDarkly export mapped into
// Switchyard's model), compare it with the graph, print the plan, and unless --dry-run write what differs.
// Errors in the plan stop the import before anything is written unless --skip-errors is given.

import type { SwitchyardExport } from '../export/format';
import { readGraph } from '../export/read-graph';
import type { GraphRequest } from '../graph-client';
import { applyPlan } from './apply';
import { readJsonFile, readSwitchyardExport } from './import-file';
import { mapLaunchDarklyExport } from './launchdarkly';
import { mapUnleashExport } from './unleash';
import { formatPlan, type ImportPlan, type Problem, planImport } from './plan';

export type ImportSource = 'switchyard' | 'unleash' | 'launchdarkly';

export interface ImportOptions {
  file: string;
  from: ImportSource;
  dryRun: boolean;
  skipErrors: boolean;
  /** The environment of an Unleash export whose strategies do not name one. */
  environment?: string;
  /** The project imported into (absent: `default`). */
  project?: string | null;
}

export interface ImportOutcome {
  plan: ImportPlan;
  written: number;
  exitCode: number;
}

export async function runImport(
  request: GraphRequest,
  options: ImportOptions,
  print: (line: string) => void,
): Promise<ImportOutcome> {
  const data = readJsonFile(options.file);
  const project = options.project ?? null;
  const current = await readGraph(request, project);
  let desired: SwitchyardExport;
  let problems: Problem[] = [];
  if (options.from === 'switchyard') desired = readSwitchyardExport(options.file, data);
  else {
    const mapped =
      options.from === 'unleash'
        ? mapUnleashExport(data, options.file, { environment: options.environment, current: current.config })
        : mapLaunchDarklyExport(data, options.file, { current: current.config });
    desired = mapped.config;
    problems = mapped.problems;
  }
  const plan = planImport(desired, current, problems, { skipErrors: options.skipErrors, project });
  print(formatPlan(plan));
  const errors = plan.problems.some((p) => p.severity === 'error');
  if (errors && !options.skipErrors) {
    print('the plan has errors: nothing was written (fix them, or pass --skip-errors to import the rest)');
    return { plan, written: 0, exitCode: 1 };
  }
  if (options.dryRun) {
    print('dry run: nothing was written');
    return { plan, written: 0, exitCode: 0 };
  }
  const { written } = await applyPlan(request, plan.writes, current, undefined, project);
  print(`wrote ${written.length} changes`);
  return { plan, written: written.length, exitCode: 0 };
}
