/**
 * The `data` of the API answers the dashboard reads, as docs/api.md describes them. The
 * server's routes do not declare response schemas yet (their OpenAPI responses are untyped),
 * so these are written by hand; fields the pages do not read are left out.
 */

export interface Membership {
  project_id: string
  project_name: string | null
  role: string
  permissions: string[]
}

export interface Me {
  kind: string
  is_instance_admin: boolean
  can_read_content: boolean
  current_project: { project_id: string; role: string; permissions: string[] } | null
  user: { id: string; email: string; name: string | null } | null
  memberships: Membership[]
}

export interface ChangeValue {
  value: number | null
  previous: number | null
  change: number | null
}

export interface DashboardNumbers {
  from: string
  to: string
  previous_from: string
  previous_to: string
  requests: ChangeValue
  cost_usd: ChangeValue
  latency_ms_p95: ChangeValue
  error_rate: ChangeValue
  total_tokens: ChangeValue
}

export interface Percentiles {
  avg?: number | null
  p50?: number | null
  p95?: number | null
  p99?: number | null
}

export interface AnalyticsMetrics {
  requests?: number
  errors?: number
  error_rate?: number | null
  cost_usd?: number | null
  cost_per_request?: number | null
  total_tokens?: number | null
  input_tokens?: number | null
  output_tokens?: number | null
  latency_ms?: Percentiles
  ttft_ms?: Percentiles
  requests_per_second?: number | null
}

export interface AnalyticsPoint extends AnalyticsMetrics {
  ts: string
  [metric: string]: unknown
}

export interface AnalyticsGroup extends AnalyticsMetrics {
  key: Record<string, string | null>
  series?: AnalyticsPoint[] | null
}

export interface AnalyticsResult {
  from: string
  to: string
  interval: string | null
  totals: AnalyticsMetrics
  groups: AnalyticsGroup[] | null
  series: AnalyticsPoint[] | null
}

export interface TraceSummary {
  trace_id: string
  timestamp: string
  end_time?: string
  name: string | null
  status: string
  latency_ms: number | null
  span_count: number
  llm_call_count: number
  error_count: number
  total_tokens: number | null
  cost_usd: number | null
  user_id: string | null
  session_id: string | null
  service: string | null
  environment: string | null
  tags: string[] | null
}

/** One part of a message: `text`, `reasoning`, `tool_call`, `tool_result`, `media`, … */
export interface MessagePart {
  type: string
  [field: string]: unknown
}

export interface ChatMessage {
  role: string
  name?: string | null
  parts: MessagePart[]
}

export interface SpanDetail {
  span_id: string
  parent_span_id: string | null
  name: string
  kind: string
  status: string
  error_type: string | null
  error_message: string | null
  start_time: string
  end_time: string
  duration_ms: number
  latency_ms: number | null
  ttft_ms: number | null
  service_name: string | null
  provider: string | null
  model: string | null
  request_model?: string | null
  input_tokens: number | null
  output_tokens: number | null
  cached_input_tokens: number | null
  reasoning_tokens: number | null
  total_tokens: number | null
  cost_usd: number | null
  cost_input_usd?: number | null
  cost_output_usd?: number | null
  cost_cache_read_usd?: number | null
  cost_cache_write_usd?: number | null
  temperature?: number | null
  top_p?: number | null
  max_tokens?: number | null
  stream?: boolean | null
  metadata?: Record<string, unknown> | null
  cost_source: string | null
  counts_usage: boolean
  finish_reason?: string | null
  input_messages: ChatMessage[] | null
  output_messages: ChatMessage[] | null
  attributes: Record<string, unknown> | null
  resource_attributes?: Record<string, unknown> | null
  [field: string]: unknown
}

export interface TraceDetail {
  trace: {
    trace_id: string
    root_name: string | null
    start_time: string
    end_time: string
    duration_ms: number
    span_count: number
    llm_call_count: number
    error_count: number
    has_error: boolean
    input_tokens: number | null
    output_tokens: number | null
    total_tokens: number | null
    cost_usd: number | null
    user_id: string | null
    session_id: string | null
    service_name: string | null
    environment: string | null
    tags: string[] | null
  }
  spans: SpanDetail[]
  logs: { timestamp: string; severity_text: string | null; body: unknown }[]
  scores: { id: string; name: string; value: unknown; data_type: string; source: string }[]
}

export interface ApiKeyInfo {
  id: string
  public_key: string
  secret_prefix: string
  revoked_at: string | null
}

/** What each GET route the dashboard reads answers in `data`. */
export interface ResponseMap {
  '/api/v1/me': Me
  '/api/v1/analytics/dashboard': DashboardNumbers
  '/api/v1/analytics/requests/timeseries': AnalyticsResult
  '/api/v1/analytics/costs': AnalyticsResult
  '/api/v1/analytics/performance': AnalyticsResult
  '/api/v1/traces': TraceSummary[]
  '/api/v1/traces/{id}': TraceDetail
  '/api/v1/projects/{id}/api-keys': ApiKeyInfo[]
}
