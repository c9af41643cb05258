import { Type, type Static, type TObject, type TSchema } from 'typebox'
import {
  Count,
  NonNegativeNumber,
  OpenObject,
  TagValues,
  TimeInput,
  TypeUnion,
  NullableId,
  NullableLabel,
  NullableText,
  fieldMaxLength,
} from './type-union.js'

const Text = NullableText
const Amount = NonNegativeNumber
const Flag = TypeUnion<boolean | null>(['boolean', 'null'])
const Texts = Type.Array(Type.String({ maxLength: fieldMaxLength.text }))
const Numbers = Type.Record(Type.String(), Type.Number())

function payload(required: Record<string, TSchema>, optional: Record<string, TSchema>): TObject {
  const props: Record<string, TSchema> = {
    type: Type.String({ maxLength: fieldMaxLength.label }),
  }
  for (const [k, v] of Object.entries(required)) props[k] = v
  for (const [k, v] of Object.entries(optional)) props[k] = Type.Optional(v)
  return Type.Object(props, { additionalProperties: true })
}

const LatencyBreakdown = Type.Object({
  queue_time_ms: Type.Optional(Amount),
  processing_time_ms: Type.Optional(Amount),
  network_time_ms: Type.Optional(Amount),
  other_ms: Type.Optional(Amount),
})

/**
 * The module payloads of seeds 000/001, by snake_case variant name (`payload.type`). Field
 * names follow the seed where it shows them (`LatencyMetrics`, `ThreatEvent`,
 * `TokenCostEvent`); for the variants it only names, fields are ours and all optional. Only the
 * measure a variant is about is required. Unlisted fields are kept.
 */
export const analyticsPayloadSchemas = {
  // telemetry (LLM-Observatory)
  latency: payload(
    { total_latency_ms: Amount },
    {
      model_id: Text,
      request_id: Text,
      ttft_ms: Amount,
      tokens_per_second: Amount,
      breakdown: TypeUnion<Static<typeof LatencyBreakdown> | null>(['object', 'null'], {
        properties: LatencyBreakdown.properties,
      }),
    },
  ),
  throughput: payload(
    {},
    {
      model_id: Text,
      requests_per_second: Amount,
      tokens_per_second: Amount,
      concurrent_requests: Count,
    },
  ),
  error_rate: payload(
    {},
    {
      model_id: Text,
      total_requests: Count,
      failed_requests: Count,
      error_rate: TypeUnion<number | null>(['number', 'null'], { minimum: 0, maximum: 1 }),
      errors_by_type: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
    },
  ),
  token_usage: payload(
    {},
    {
      model_id: Text,
      request_id: Text,
      prompt_tokens: Count,
      completion_tokens: Count,
      total_tokens: Count,
    },
  ),
  model_performance: payload(
    {},
    {
      model_id: Text,
      quality_score: TypeUnion<number | null>(['number', 'null']),
      custom_metrics: Numbers,
    },
  ),
  // security (LLM-Sentinel)
  threat: payload(
    {
      threat_type: Type.String({ minLength: 1, maxLength: fieldMaxLength.label }),
      threat_level: Type.String({ minLength: 1, maxLength: fieldMaxLength.label }),
    },
    {
      threat_id: Text,
      source_ip: Text,
      target_resource: Text,
      attack_vector: Text,
      mitigation_status: Text,
      indicators_of_compromise: Texts,
    },
  ),
  vulnerability: payload(
    {},
    {
      vulnerability_id: Text,
      cve_id: Text,
      severity: Text,
      affected_component: Text,
      description: Text,
      remediation_status: Text,
    },
  ),
  compliance_violation: payload(
    {},
    { violation_id: Text, regulation: Text, requirement: Text, description: Text, severity: Text },
  ),
  auth: payload(
    {},
    { user_id: Text, action: Text, success: Flag, method: Text, source_ip: Text, reason: Text },
  ),
  privacy: payload(
    {},
    { operation: Text, data_type: Text, subject_id: Text, purpose: Text, legal_basis: Text },
  ),
  // cost (LLM-CostOps)
  token_cost: payload(
    { total_cost_usd: Amount },
    {
      model_id: Text,
      request_id: Text,
      prompt_tokens: Count,
      completion_tokens: Count,
      total_tokens: Count,
      cost_per_prompt_token: Amount,
      cost_per_completion_token: Amount,
      currency: Text,
    },
  ),
  api_cost: payload(
    { total_cost_usd: Amount },
    { provider: Text, api_endpoint: Text, request_count: Count, currency: Text, period: Text },
  ),
  resource_consumption: payload(
    {},
    {
      resource_type: Text,
      quantity: Amount,
      unit: Text,
      cost_usd: Amount,
      utilization_percent: TypeUnion<number | null>(['number', 'null'], {
        minimum: 0,
        maximum: 100,
      }),
    },
  ),
  budget_alert: payload(
    {},
    {
      budget_id: Text,
      budget_name: Text,
      budget_limit_usd: Amount,
      current_spend_usd: Amount,
      threshold_percent: Amount,
      alert_type: Text,
    },
  ),
  // governance (LLM-Governance-Dashboard)
  policy_violation: payload(
    {},
    {
      policy_id: Text,
      policy_name: Text,
      rule_id: Text,
      violation_description: Text,
      severity: Text,
      action_taken: Text,
    },
  ),
  audit_trail: payload(
    {},
    {
      action: Text,
      actor: Text,
      resource: Text,
      outcome: Text,
      changes: TypeUnion<Record<string, unknown> | null>(['object', 'null']),
    },
  ),
  compliance_check: payload(
    {},
    {
      framework: Text,
      check_id: Text,
      passed: Flag,
      score: TypeUnion<number | null>(['number', 'null']),
      findings: Texts,
    },
  ),
  data_lineage: payload(
    {},
    { dataset_id: Text, source: Text, destination: Text, transformation: Text, operation: Text },
  ),
} as const satisfies Record<string, TObject>

export type AnalyticsPayloadType = keyof typeof analyticsPayloadSchemas

/** The seven event types of seed 001 (`EventType`), lowercase. */
export const analyticsEventTypes = [
  'telemetry',
  'security',
  'cost',
  'governance',
  'lifecycle',
  'audit',
  'alert',
] as const

/** The seven source modules of seed 001 (`SourceModule`), in their canonical kebab-case form. */
export const analyticsSourceModules = [
  'llm-observatory',
  'llm-sentinel',
  'llm-cost-ops',
  'llm-governance-dashboard',
  'llm-registry',
  'llm-policy-engine',
  'llm-analytics-hub',
] as const

/** The common event fields of seed 001 (`CommonEventFields`) plus trace and user context. */
const commonFields = {
  event_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  timestamp: Type.Optional(TimeInput),
  source_module: Type.String({
    minLength: 1,
    maxLength: 100,
    description: `One of ${analyticsSourceModules.join(', ')} (any case, _ or -), or your own module name.`,
  }),
  event_type: Type.String({
    minLength: 1,
    maxLength: 100,
    description: `One of ${analyticsEventTypes.join(', ')} (any case).`,
  }),
  correlation_id: Type.Optional(NullableId),
  parent_event_id: Type.Optional(NullableId),
  schema_version: Type.Optional(
    Type.String({ maxLength: 64, description: 'Default 1.0.0; majors supported: 1.' }),
  ),
  severity: Type.Optional(
    Type.String({
      maxLength: 64,
      description: 'debug, info (default), warning, error or critical (any case).',
    }),
  ),
  environment: Type.Optional(NullableLabel),
  tags: Type.Optional(TagValues),
  trace_id: Type.Optional(NullableId),
  span_id: Type.Optional(NullableId),
  user_id: Type.Optional(NullableId),
  session_id: Type.Optional(NullableId),
}

const payloadField = TypeUnion<Record<string, unknown> | null>(['object', 'null'], {
  description:
    'The module payload: `{ "type": "latency", ...fields }` (see analyticsPayloadSchemas); the serde ' +
    'forms `{ "Latency": {...} }` and `{ "Telemetry": { "Latency": {...} } }` are accepted too.',
})

/**
 * One unified analytics event (seeds 000/001), flat: the common fields at the top level,
 * the module payload under `payload`. Fields not listed are merged into the payload.
 *
 * @example { "source_module": "llm-sentinel", "event_type": "security", "severity": "warning",
 *   "payload": { "type": "threat", "threat_type": "prompt_injection", "threat_level": "high" } }
 */
export const AnalyticsEventInput = OpenObject({
  ...commonFields,
  payload: Type.Optional(payloadField),
})
export type AnalyticsEventInput = Static<typeof AnalyticsEventInput>

/** Field names of the flat event form; other fields are merged into the payload. */
export const analyticsEventFields: ReadonlySet<string> = new Set([
  ...Object.keys(commonFields),
  'payload',
])

/** The same event as the seed's Rust struct serialises it: `{ common: {...}, payload }`. */
export const AnalyticsEventNested = OpenObject({
  common: OpenObject(commonFields),
  payload: Type.Optional(payloadField),
})
export type AnalyticsEventNested = Static<typeof AnalyticsEventNested>

/**
 * `POST /api/v1/events`: one event (flat or nested), `{ events: [...] }` or a bare array of 1
 * to 1000.
 * The route checks the batch's outer shape only; each event is checked on its own, so one bad
 * event fails alone and the batch answer says why.
 */
export const AnalyticsEventRequest = Type.Union([
  Type.Object({
    events: Type.Array(
      Type.Object({}, { additionalProperties: true, description: 'An AnalyticsEventInput.' }),
      { minItems: 1, maxItems: 1000 },
    ),
  }),
  Type.Array(
    Type.Object({}, { additionalProperties: true, description: 'An AnalyticsEventInput.' }),
    {
      minItems: 1,
      maxItems: 1000,
    },
  ),
  AnalyticsEventInput,
  AnalyticsEventNested,
])
export type AnalyticsEventRequest = Static<typeof AnalyticsEventRequest>
