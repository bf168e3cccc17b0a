import { CreateEvents1732300000300 } from './1732300000300-create-events';
import { MetricsRollupsUsage1732300000301 } from './1732300000301-metrics-rollups-usage';

export const migrations = [CreateEvents1732300000300, MetricsRollupsUsage1732300000301];
