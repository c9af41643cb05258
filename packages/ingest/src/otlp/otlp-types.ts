export type OtlpSignal = 'traces' | 'logs' | 'metrics'

/** `application/x-protobuf` or `application/json`; the response uses the request's encoding. */
export type OtlpEncoding = 'protobuf' | 'json'

/**
 * OTLP requests in the OTLP/JSON mapping shape (what `*.decoded.json` fixtures hold): ids as
 * lowercase hex, enums as integers, 64-bit integers as decimal strings or numbers (the JS JSON
 * exporter sends numbers), bytes as base64. Both decoders (protobuf and JSON) produce this shape,
 * so normalization has one input. Every field may be missing: senders omit defaults.
 */
export interface OtlpAnyValue {
  stringValue?: string
  boolValue?: boolean
  intValue?: string | number
  doubleValue?: number | string
  arrayValue?: { values?: OtlpAnyValue[] }
  kvlistValue?: { values?: OtlpKeyValue[] }
  bytesValue?: string
}

export interface OtlpKeyValue {
  key: string
  value?: OtlpAnyValue
}

export interface OtlpResource {
  attributes?: OtlpKeyValue[]
  droppedAttributesCount?: number
  entityRefs?: {
    schemaUrl?: string
    type?: string
    idKeys?: string[]
    descriptionKeys?: string[]
  }[]
}

export interface OtlpScope {
  name?: string
  version?: string
  attributes?: OtlpKeyValue[]
  droppedAttributesCount?: number
}

export interface OtlpSpanEvent {
  timeUnixNano?: string | number
  name?: string
  attributes?: OtlpKeyValue[]
  droppedAttributesCount?: number
}

export interface OtlpSpanLink {
  traceId?: string
  spanId?: string
  traceState?: string
  attributes?: OtlpKeyValue[]
  droppedAttributesCount?: number
  flags?: number
}

export interface OtlpSpan {
  traceId?: string
  spanId?: string
  parentSpanId?: string
  traceState?: string
  flags?: number
  name?: string
  kind?: number
  startTimeUnixNano?: string | number
  endTimeUnixNano?: string | number
  attributes?: OtlpKeyValue[]
  droppedAttributesCount?: number
  events?: OtlpSpanEvent[]
  droppedEventsCount?: number
  links?: OtlpSpanLink[]
  droppedLinksCount?: number
  status?: { code?: number; message?: string }
}

export interface OtlpTracesRequest {
  resourceSpans?: {
    resource?: OtlpResource
    scopeSpans?: { scope?: OtlpScope; spans?: OtlpSpan[]; schemaUrl?: string }[]
    schemaUrl?: string
  }[]
}

export interface OtlpLogRecord {
  timeUnixNano?: string | number
  observedTimeUnixNano?: string | number
  severityNumber?: number
  severityText?: string
  body?: OtlpAnyValue
  attributes?: OtlpKeyValue[]
  droppedAttributesCount?: number
  flags?: number
  traceId?: string
  spanId?: string
  eventName?: string
}

export interface OtlpLogsRequest {
  resourceLogs?: {
    resource?: OtlpResource
    scopeLogs?: { scope?: OtlpScope; logRecords?: OtlpLogRecord[]; schemaUrl?: string }[]
    schemaUrl?: string
  }[]
}

export interface OtlpNumberDataPoint {
  attributes?: OtlpKeyValue[]
  startTimeUnixNano?: string | number
  timeUnixNano?: string | number
  asDouble?: number | string
  asInt?: string | number
  exemplars?: OtlpExemplar[]
  flags?: number
}

export interface OtlpExemplar {
  filteredAttributes?: OtlpKeyValue[]
  timeUnixNano?: string | number
  asDouble?: number | string
  asInt?: string | number
  spanId?: string
  traceId?: string
}

export interface OtlpHistogramDataPoint {
  attributes?: OtlpKeyValue[]
  startTimeUnixNano?: string | number
  timeUnixNano?: string | number
  count?: string | number
  sum?: number | string
  bucketCounts?: (string | number)[]
  explicitBounds?: (number | string)[]
  min?: number | string
  max?: number | string
  exemplars?: OtlpExemplar[]
  flags?: number
}

export interface OtlpExponentialHistogramBuckets {
  offset?: number
  bucketCounts?: (string | number)[]
}

export interface OtlpExponentialHistogramDataPoint extends OtlpHistogramDataPoint {
  scale?: number
  zeroCount?: string | number
  positive?: OtlpExponentialHistogramBuckets
  negative?: OtlpExponentialHistogramBuckets
  zeroThreshold?: number | string
}

export interface OtlpSummaryDataPoint {
  attributes?: OtlpKeyValue[]
  startTimeUnixNano?: string | number
  timeUnixNano?: string | number
  count?: string | number
  sum?: number | string
  quantileValues?: { quantile?: number | string; value?: number | string }[]
  flags?: number
}

export interface OtlpMetric {
  name?: string
  description?: string
  unit?: string
  gauge?: { dataPoints?: OtlpNumberDataPoint[] }
  sum?: {
    dataPoints?: OtlpNumberDataPoint[]
    aggregationTemporality?: number
    isMonotonic?: boolean
  }
  histogram?: { dataPoints?: OtlpHistogramDataPoint[]; aggregationTemporality?: number }
  exponentialHistogram?: {
    dataPoints?: OtlpExponentialHistogramDataPoint[]
    aggregationTemporality?: number
  }
  summary?: { dataPoints?: OtlpSummaryDataPoint[] }
  /** Proto field 12, added in OTLP 1.4. */
  metadata?: OtlpKeyValue[]
}

export interface OtlpMetricsRequest {
  resourceMetrics?: {
    resource?: OtlpResource
    scopeMetrics?: { scope?: OtlpScope; metrics?: OtlpMetric[]; schemaUrl?: string }[]
    schemaUrl?: string
  }[]
}

/** How many items of a request were rejected and why (OTLP `partialSuccess`). */
export interface OtlpRejections {
  rejected: number
  /** Human-readable, at most a few reasons joined; never attribute values. */
  errorMessage: string
}
