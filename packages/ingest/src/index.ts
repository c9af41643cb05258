export { decodeOtlpTraces, decodeOtlpLogs, decodeOtlpMetrics } from './otlp/otlp-decode.js'
export { encodeOtlpRequest } from './otlp/otlp-encode.js'
export { gunzipBody } from './otlp/gunzip-body.js'
export {
  encodeOtlpExportResponse,
  decodeOtlpExportResponse,
  encodeOtlpStatus,
} from './otlp/otlp-response.js'
export { otlpGrpcServiceDefinitions, type OtlpGrpcExportResponse } from './otlp/otlp-grpc.js'
export { normalizeOtlpLogs, type OtlpNormalizeContext } from './otlp/normalize-logs.js'
export { normalizeOtlpMetrics } from './otlp/normalize-metrics.js'
export { otlpNanosToMicros } from './otlp/otlp-time.js'
export type {
  OtlpSignal,
  OtlpEncoding,
  OtlpTracesRequest,
  OtlpLogsRequest,
  OtlpMetricsRequest,
  OtlpRejections,
  OtlpSpan,
  OtlpLogRecord,
  OtlpMetric,
  OtlpKeyValue,
  OtlpAnyValue,
} from './otlp/otlp-types.js'
export {
  WriteQueue,
  type WriteQueueOptions,
  type WriteQueueStats,
  type ScheduleTimer,
} from './write-queue.js'
export { IngestPipeline, type IngestPipelineDeps } from './ingest-pipeline.js'
export {
  PriceCatalog,
  type PriceCatalogOptions,
  type CustomModelPrice,
  type PriceInput,
  type PriceResult,
} from './enrich/price-catalog.js'
export { inferProvider } from './enrich/infer-provider.js'
export { TokenCounter, type TokenEncoding } from './enrich/token-counter.js'
export {
  enrichSpans,
  enrichSpansSync,
  needsEstimate,
  type EnrichDeps,
} from './enrich/enrich-spans.js'
export { normalizeOtlpTraces, warningsAttribute } from './normalize/normalize-traces.js'
export { joinLogContent } from './normalize/join-log-content.js'
export {
  parseMessages,
  parseMessage,
  parseMessagePart,
  parseSystemInstructions,
} from './normalize/parse-messages.js'
export { normalizeProvider, providerFromModel } from './normalize/normalize-provider.js'
export { normalizeFinishReason } from './normalize/normalize-finish-reason.js'
export { mapLlmLog } from './rest/map-llm-log.js'
export { mapLlmBulk } from './rest/map-llm-bulk.js'
export { mapAppLogs } from './rest/map-app-logs.js'
export { mapMetrics } from './rest/map-metrics.js'
export { mapAnalyticsEvents } from './rest/map-analytics-events.js'
export { makeBatchResponse } from './rest/batch-response.js'
export {
  checkSchemaVersion,
  supportedSchemaMajors,
  defaultSchemaVersion,
} from './rest/schema-version.js'
export { parseTimeInput } from './rest/parse-time-input.js'
export { resolveUsage, type ResolvedUsage } from './rest/llm-usage.js'
export { type RestMapContext } from './rest/rest-context.js'
export { readBatchItems, maxBatchItems, type BatchItems } from './rest/batch-items.js'
export { fillTraceContext } from './normalize/fill-trace-context.js'
export { ProjectRedactors, type ProjectRedactorsOptions } from './redact/project-redactors.js'
export { PiiRedactor } from './redact/pii-redactor.js'
export { TextRedactor, type RedactionCounter } from './redact/text-redactor.js'
export {
  builtInDetectors,
  findEmails,
  findPhones,
  findCards,
  findIbans,
  findSecrets,
  findIpv4,
  findIpv6,
  type PiiMatch,
  type FindPii,
} from './redact/pii-detectors.js'
export { isLuhnValid, isIbanValid } from './redact/check-digits.js'
export { checkCustomPattern, compileCustomPattern } from './redact/custom-pattern.js'
export { checkRedactionPolicy } from './redact/check-redaction-policy.js'
export {
  AttributeKeyMatcher,
  defaultRedactionAttributeKeys,
} from './redact/attribute-key-matcher.js'
