import { CreateEvents1732300000300 } from './1732300000300-create-events';
import { MetricsRollupsUsage1732300000301 } from './1732300000301-metrics-rollups-usage';
import { MetricRebuilds1732300000302 } from './1732300000302-metric-rebuilds';

export const migrations = [
  CreateEvents1732300000300,
  MetricsRollupsUsage1732300000301,
  MetricRebuilds1732300000302,
];
