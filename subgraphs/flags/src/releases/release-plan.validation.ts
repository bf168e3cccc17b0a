import type { ValidationProblem } from '@switchyard/core';
import type { ReleaseGuard, ReleaseStage } from './release.entities';

const MAX_STAGES = 20;
const MAX_GUARDS = 10;

function threeDecimals(n: number): boolean {
  return Math.abs(n * 1000 - Math.round(n * 1000)) < 1e-6;
}

/** Stages increase strictly, end at 100 % and last at least a minute each. */
export function stageProblems(stages: ReleaseStage[], path: string): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (stages.length === 0) return [{ path, message: 'needs at least one stage' }];
  if (stages.length > MAX_STAGES) return [{ path, message: `at most ${MAX_STAGES} stages` }];
  stages.forEach((s, i) => {
    const at = `${path}[${i}]`;
    if (!Number.isFinite(s.percent) || s.percent <= 0 || s.percent > 100 || !threeDecimals(s.percent)) {
      problems.push({ path: `${at}.percent`, message: 'must be above 0 and at most 100, in 0.001 steps' });
    } else if (i > 0 && s.percent <= stages[i - 1]!.percent) {
      problems.push({
        path: `${at}.percent`,
        message: `must be above the previous stage's ${stages[i - 1]!.percent}`,
      });
    }
    if (!Number.isInteger(s.minDurationMinutes) || s.minDurationMinutes < 1) {
      problems.push({
        path: `${at}.minDurationMinutes`,
        message: 'must be a whole number of minutes, at least 1',
      });
    }
  });
  const last = stages.at(-1)!;
  if (problems.length === 0 && last.percent !== 100) {
    problems.push({ path: `${path}[${stages.length - 1}].percent`, message: 'the last stage must be 100' });
  }
  return problems;
}

/** Thresholds a guard can meet; whether the metric exists is asked of analytics separately. */
export function guardProblems(guards: ReleaseGuard[], path: string): ValidationProblem[] {
  if (guards.length > MAX_GUARDS) return [{ path, message: `at most ${MAX_GUARDS} guards` }];
  const problems: ValidationProblem[] = [];
  guards.forEach((g, i) => {
    const at = `${path}[${i}]`;
    if (!g.metric.trim()) problems.push({ path: `${at}.metric`, message: 'must name a metric' });
    if (!Number.isFinite(g.threshold)) {
      problems.push({ path: `${at}.threshold`, message: 'must be a finite number' });
    } else if (g.kind === 'ABSOLUTE' && g.threshold < 0) {
      problems.push({ path: `${at}.threshold`, message: 'an absolute threshold cannot be negative' });
    }
    if (!Number.isInteger(g.minSample) || g.minSample < 1 || g.minSample > 10_000_000) {
      problems.push({ path: `${at}.minSample`, message: 'must be a whole number from 1 to 10,000,000' });
    }
  });
  return problems;
}
