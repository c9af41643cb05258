export {
  TypeUnion,
  StringEnum,
  objectKeywords,
  TimeInput,
  NonNegativeNumber,
  Count,
  NullableString,
  AnyRecord,
  TagValues,
} from './type-union.js'
export {
  ApiErrorCodeSchema,
  FieldErrorSchema,
  ApiErrorSchema,
  ResponseStatusSchema,
  ResponseMetaSchema,
  PaginationSchema,
  Envelope,
  PaginatedEnvelope,
  ErrorEnvelope,
  BatchItemResultSchema,
  BatchStatusSchema,
  BatchResponseSchema,
  type FieldErrorJson,
  type ApiErrorJson,
  type BatchItemResult,
  type BatchResponse,
} from './envelope.js'
export {
  ContentPartSchema,
  ToolCallSchema,
  ChatMessageSchema,
  LlmUsageSchema,
  LlmResponseObjectSchema,
  LlmParamsSchema,
  LatencyBreakdownSchema,
  LlmCostSchema,
  LlmLogRequest,
  LlmBulkRequest,
  llmLogRequestFields,
  type ChatMessage,
  type LlmUsage,
  type LlmResponseObject,
} from './llm-log.js'
export { AppLogEntry, AppLogBatch, AppLogRequest, appLogEntryFields } from './app-log.js'
export {
  MetricStatsSchema,
  CustomMetric,
  GpuMetricsSchema,
  SystemMetrics,
  MetricsBatch,
  MetricsRequest,
} from './metrics.js'
export {
  analyticsPayloadSchemas,
  analyticsEventTypes,
  analyticsSourceModules,
  AnalyticsEventInput,
  AnalyticsEventNested,
  AnalyticsEventRequest,
  type AnalyticsPayloadType,
} from './analytics-event.js'
export { contractFieldErrors, matchesContract, maxFieldErrors } from './contract-errors.js'
