import { CreateExperiments1732300000200 } from './1732300000200-create-experiments';
import { ExperimentLifecycle1732300000210 } from './1732300000210-experiment-lifecycle';
import { AnalysisPeriods1732300000220 } from './1732300000220-analysis-periods';
import { MultipleTestingCorrection1732300000230 } from './1732300000230-multiple-testing-correction';
import { ExposureAttributes1732300000240 } from './1732300000240-exposure-attributes';
import { ExperimentAlerts1732300000250 } from './1732300000250-experiment-alerts';
import { ExperimentProjects1732300000350 } from './1732300000350-experiment-projects';

export const migrations = [
  CreateExperiments1732300000200,
  ExperimentLifecycle1732300000210,
  AnalysisPeriods1732300000220,
  MultipleTestingCorrection1732300000230,
  ExposureAttributes1732300000240,
  ExperimentAlerts1732300000250,
  ExperimentProjects1732300000350,
];
