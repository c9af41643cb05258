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
