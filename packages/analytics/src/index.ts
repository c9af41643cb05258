export {
  bucketStarts,
  formatInterval,
  intervalUs,
  isoFromMicros,
  runAnalytics,
  shapeMetrics,
  toMicros,
  type AnalyticsGroup,
  type AnalyticsRequest,
  type AnalyticsResult,
  type Metrics,
  type QueryRunner,
  type SeriesPoint,
} from './analytics-query.js'
export { fingerprintErrorMessage } from './error-fingerprint.js'
export {
  compareModels,
  costMeasures,
  getCosts,
  getDashboard,
  getErrorGroups,
  getPerformance,
  getProviders,
  getRequestTimeseries,
  listSessions,
  listUsers,
  llmRequests,
  performanceMeasures,
  type DashboardNumber,
  type DashboardResult,
  type ErrorGroup,
  type ErrorTypeCount,
  type ModelComparison,
  type PerformanceResult,
} from './llm-analytics.js'
export { getQuality, type QualityResult, type ScoreSummary } from './quality-analytics.js'
export {
  parseTimeseriesQuery,
  spanMeasurements,
  timeseriesAggregations,
  type TimeseriesAggregation,
  type TimeseriesPlan,
  type TimeseriesQueryInput,
} from './timeseries-request.js'
export {
  runTimeseriesQuery,
  type TimeseriesPoint,
  type TimeseriesResult,
  type TimeseriesSeries,
  type TimeseriesSummary,
} from './timeseries-query.js'
export { fillGaps, parseFill, type FillStrategy } from './timeseries-fill.js'
export { formatWindow, parseWindow, windowSeconds } from './timeseries-window.js'
