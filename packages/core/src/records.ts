/** Application and OTLP log record. */
export type LogSeverity = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL'

export interface LogRecord {
  projectId: string
  timeUs: number
  /** Observed time when the sender gave no time. */
  observedTimeUs: number
  traceId: string | null
  spanId: string | null
  severityNumber: number | null
  severityText: LogSeverity | null
  body: unknown
  eventName: string | null
  serviceName: string | null
  logger: string | null
  attributes: Record<string, unknown>
  resourceAttributes: Record<string, unknown>
}

export type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponential_histogram' | 'summary'

/** One metric data point (OTLP metrics, system metrics, custom metrics). */
export interface MetricPoint {
  projectId: string
  name: string
  description: string | null
  unit: string | null
  type: MetricType
  timeUs: number
  startTimeUs: number | null
  /** Gauge/sum value; for histograms the sum. */
  value: number | null
  count: number | null
  min: number | null
  max: number | null
  bucketCounts: number[] | null
  explicitBounds: number[] | null
  /** 1 delta, 2 cumulative, null unknown. */
  temporality: number | null
  serviceName: string | null
  tags: Record<string, string>
  resourceAttributes: Record<string, unknown>
}

/** The unified analytics event of seeds 000/001. */
export type EventType =
  'telemetry' | 'security' | 'cost' | 'governance' | 'lifecycle' | 'audit' | 'alert'

export interface AnalyticsEvent {
  projectId: string
  eventId: string
  timeUs: number
  sourceModule: string
  eventType: EventType
  schemaVersion: string
  severity: string
  environment: string | null
  traceId: string | null
  spanId: string | null
  correlationId: string | null
  parentEventId: string | null
  userId: string | null
  sessionId: string | null
  tags: Record<string, string>
  payload: Record<string, unknown>
}

export type ScoreDataType = 'numeric' | 'boolean' | 'categorical'

export interface Score {
  projectId: string
  scoreId: string
  timeUs: number
  traceId: string | null
  spanId: string | null
  sessionId: string | null
  name: string
  dataType: ScoreDataType
  value: number | null
  stringValue: string | null
  comment: string | null
  source: 'api' | 'user' | 'eval'
}
