// Public surface of the statistics engine: pure functions over per-variant sufficient
// statistics, no I/O. See docs/statistics.md for every formula, its source and its tests.
export { analyzeExperiment, analyzeMetrics, decisionOf } from './analyze';
export {
  compareConversionPosteriors,
  compareNormalPosteriors,
  compareWithEffectPrior,
  conversionPosterior,
  expectedBetaExcess,
  probabilityBetaGreater,
} from './bayesian';
export {
  betaCdf,
  betaPdf,
  betaSf,
  chiSquareCdf,
  chiSquareSf,
  logBeta,
  logGamma,
  normalCdf,
  normalQuantile,
  normalSf,
  studentTCdf,
  studentTQuantile,
  studentTSf,
} from './distributions';
export { type CapType, type Capping, capThreshold, percentileDisc } from './capping';
export { benjaminiHochberg, type HolmResult, holmBonferroni, perComparisonAlpha } from './multiple-testing';
export { overallProgress, variantProgress } from './progress';
export { twoProportionTest } from './proportions';
export {
  binomialCdf,
  type QuantileEstimate,
  quantileEstimate,
  quantileRanks,
  quantileRanksNeeded,
  sampleQuantile,
} from './quantiles';
export { type RatioEstimate, type RatioSums, ratioEstimate } from './ratio';
export { normalMixtureTest, optimalMixingRatio } from './sequential';
export { SRM_THRESHOLD, sampleRatioMismatch } from './srm';
export { dailySeries } from './time-series';
export type * from './types';
export { relativeUplift } from './uplift';
export { meanInterval, wilsonInterval } from './variant-statistics';
export { sampleSkewness, variantWarnings } from './warnings';
export { welchTTest } from './welch';
