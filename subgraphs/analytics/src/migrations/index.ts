import { CreateEvents1732300000300 } from './1732300000300-create-events';
import { MetricsRollupsUsage1732300000301 } from './1732300000301-metrics-rollups-usage';
import { MetricRebuilds1732300000302 } from './1732300000302-metric-rebuilds';
import { AnalysisPeriods1732300000303 } from './1732300000303-analysis-periods';
import { CupedPreValues1732300000304 } from './1732300000304-cuped-pre-values';
import { ExposureAttributes1732300000305 } from './1732300000305-exposure-attributes';
import { MetricAnalysisSettings1732300000306 } from './1732300000306-metric-analysis-settings';
import { RatioQuantileMetrics1732300000307 } from './1732300000307-ratio-quantile-metrics';
import { SliceRollups1732300000308 } from './1732300000308-slice-rollups';
import { EventRetention1732300000309 } from './1732300000309-event-retention';
import { UsageProjects1732300000420 } from './1732300000420-usage-projects';
import { MetricProjects1732300000430 } from './1732300000430-metric-projects';
export const migrations = [
  CreateEvents1732300000300,
  MetricsRollupsUsage1732300000301,
  MetricRebuilds1732300000302,
  AnalysisPeriods1732300000303,
  CupedPreValues1732300000304,
  ExposureAttributes1732300000305,
  MetricAnalysisSettings1732300000306,
  RatioQuantileMetrics1732300000307,
  SliceRollups1732300000308,
  EventRetention1732300000309,
  UsageProjects1732300000420,
  MetricProjects1732300000430,
];
