import type { Span, TraceSummary } from '@llm-observatory/core'
import {
  defineRowMapper,
  readNullableNumber,
  readNullableString,
  readNumber,
  readString,
  readStringList,
  type Row,
} from '../columns.js'
import type { SqlDialect } from '../sql-dialect.js'

/**
 * What one written batch knows about one trace. `traces` is append-only: every batch that
 * holds spans of a trace adds one part, and reads aggregate the parts (see README, "Trace
 * parts"). Sums are null when no span of the part had a value, never 0.
 */
export interface TracePart {
  projectId: string
  traceId: string
  startTimeUs: number
  endTimeUs: number
  /** Name of the earliest span without a parent, when this batch holds one. */
  rootName: string | null
  rootStartTimeUs: number | null
  spanCount: number
  llmCallCount: number
  errorCount: number
  inputTokens: number | null
  outputTokens: number | null
  totalTokens: number | null
  costUsd: number | null
  userId: string | null
  sessionId: string | null
  serviceName: string | null
  environment: string | null
  tags: string[]
}

/**
 * The first 13 hex digits of a trace id as a number (52 bits, exact in a double), or null for
 * an id that does not start with them. Looking a trace up by `trace_key = k AND trace_id = id`
 * compares 8-byte integers instead of decompressing every 32-character id of the table: the
 * trace summary lookup of a trace detail read (SqlBackend.getTrace) got ~10× faster at 2.5 M
 * trace parts (bench:query). Migrations 5 fill it for rows written before.
 * @example traceKey('4bf92f3577b34da6a3ce929d0e0e4736') // 0x4bf92f3577b34
 */
export function traceKey(traceId: string): number | null {
  return /^[0-9a-f]{13}/.test(traceId) ? Number.parseInt(traceId.slice(0, 13), 16) : null
}

export const tracePartRowMapper = defineRowMapper<TracePart>(
  'traces',
  [
    { name: 'project_id', type: 'string', get: (t) => t.projectId },
    { name: 'start_time', type: 'timestamp', get: (t) => t.startTimeUs },
    { name: 'trace_id', type: 'string', get: (t) => t.traceId },
    { name: 'end_time', type: 'timestamp', get: (t) => t.endTimeUs },
    { name: 'root_name', type: 'string', get: (t) => t.rootName },
    { name: 'root_start_time', type: 'timestamp', get: (t) => t.rootStartTimeUs },
    { name: 'span_count', type: 'bigint', get: (t) => t.spanCount },
    { name: 'llm_call_count', type: 'bigint', get: (t) => t.llmCallCount },
    { name: 'error_count', type: 'bigint', get: (t) => t.errorCount },
    { name: 'input_tokens', type: 'bigint', get: (t) => t.inputTokens },
    { name: 'output_tokens', type: 'bigint', get: (t) => t.outputTokens },
    { name: 'total_tokens', type: 'bigint', get: (t) => t.totalTokens },
    { name: 'cost_usd', type: 'double', get: (t) => t.costUsd },
    { name: 'user_id', type: 'string', get: (t) => t.userId },
    { name: 'session_id', type: 'string', get: (t) => t.sessionId },
    { name: 'service_name', type: 'string', get: (t) => t.serviceName },
    { name: 'environment', type: 'string', get: (t) => t.environment },
    { name: 'tags', type: 'string[]', get: (t) => t.tags },
    // Added by migration 5, so last (appenders write by position).
    { name: 'trace_key', type: 'bigint', get: (t) => traceKey(t.traceId) },
  ],
  (row) => ({
    projectId: readString(row, 'project_id'),
    traceId: readString(row, 'trace_id'),
    startTimeUs: readNumber(row, 'start_time'),
    endTimeUs: readNumber(row, 'end_time'),
    rootName: readNullableString(row, 'root_name'),
    rootStartTimeUs: readNullableNumber(row, 'root_start_time'),
    spanCount: readNumber(row, 'span_count'),
    llmCallCount: readNumber(row, 'llm_call_count'),
    errorCount: readNumber(row, 'error_count'),
    inputTokens: readNullableNumber(row, 'input_tokens'),
    outputTokens: readNullableNumber(row, 'output_tokens'),
    totalTokens: readNullableNumber(row, 'total_tokens'),
    costUsd: readNullableNumber(row, 'cost_usd'),
    userId: readNullableString(row, 'user_id'),
    sessionId: readNullableString(row, 'session_id'),
    serviceName: readNullableString(row, 'service_name'),
    environment: readNullableString(row, 'environment'),
    tags: readStringList(row, 'tags'),
  }),
)

type FirstField = 'userId' | 'sessionId' | 'serviceName' | 'environment'
const firstFields: readonly FirstField[] = ['userId', 'sessionId', 'serviceName', 'environment']

interface PartBuilder {
  part: TracePart
  /** Start time of the span each first-non-null field was taken from. */
  firstAt: Record<FirstField, number>
  tagSet: Set<string>
}

/**
 * One part per (project, trace) in the batch. "First" fields (user, session, service,
 * environment) come from the earliest-starting span that has them; tokens and cost are
 * summed over spans with `countsUsage` (wrappers repeating their children's usage are left
 * out); `llmCallCount` counts usage-counting spans of kind `llm` (not wrappers or transport children); `errorCount` spans with status `error`.
 */
export function computeTraceParts(spans: readonly Span[]): TracePart[] {
  const builders = new Map<string, PartBuilder>()
  for (const span of spans) {
    const key = `${span.projectId}\u0000${span.traceId}`
    let builder = builders.get(key)
    if (builder === undefined) {
      builder = {
        part: {
          projectId: span.projectId,
          traceId: span.traceId,
          startTimeUs: span.startTimeUs,
          endTimeUs: Math.max(span.endTimeUs, span.startTimeUs),
          rootName: null,
          rootStartTimeUs: null,
          spanCount: 0,
          llmCallCount: 0,
          errorCount: 0,
          inputTokens: null,
          outputTokens: null,
          totalTokens: null,
          costUsd: null,
          userId: null,
          sessionId: null,
          serviceName: null,
          environment: null,
          tags: [],
        },
        firstAt: {
          userId: Infinity,
          sessionId: Infinity,
          serviceName: Infinity,
          environment: Infinity,
        },
        tagSet: new Set(),
      }
      builders.set(key, builder)
    }
    addSpan(builder, span)
  }
  return [...builders.values()].map((builder) => {
    builder.part.tags = [...builder.tagSet]
    return builder.part
  })
}

function addSpan(builder: PartBuilder, span: Span): void {
  const part = builder.part
  part.startTimeUs = Math.min(part.startTimeUs, span.startTimeUs)
  // A span ending before it starts still lies within [start, end] of its part: trace reads
  // bound their span scans by that range (SqlBackend.getTrace).
  part.endTimeUs = Math.max(part.endTimeUs, span.endTimeUs, span.startTimeUs)
  part.spanCount += 1
  if (span.kind === 'llm' && span.countsUsage) part.llmCallCount += 1
  if (span.status === 'error') part.errorCount += 1
  if (
    span.parentSpanId === null &&
    (part.rootStartTimeUs === null || span.startTimeUs < part.rootStartTimeUs)
  ) {
    part.rootName = span.name
    part.rootStartTimeUs = span.startTimeUs
  }
  if (span.countsUsage) {
    part.inputTokens = addNullable(part.inputTokens, span.inputTokens)
    part.outputTokens = addNullable(part.outputTokens, span.outputTokens)
    part.totalTokens = addNullable(part.totalTokens, span.totalTokens)
    part.costUsd = addNullable(part.costUsd, span.costUsd)
  }
  for (const field of firstFields) {
    const value = span[field]
    if (value !== null && span.startTimeUs < builder.firstAt[field]) {
      part[field] = value
      builder.firstAt[field] = span.startTimeUs
    }
  }
  for (const tag of span.tags) builder.tagSet.add(tag)
}

function addNullable(sum: number | null, value: number | null): number | null {
  if (value === null) return sum
  return (sum ?? 0) + value
}

/**
 * The select list that folds a trace's parts into one summary row (GROUP BY project_id,
 * trace_id) — the read side of the AggregatingMergeTree-like design. SQL `sum` over only
 * nulls is null, which keeps "unknown" apart from 0.
 */
export function traceSummarySelectList(dialect: SqlDialect): string {
  const q = (name: string): string => dialect.quoteIdentifier(name)
  return [
    `${q('project_id')}`,
    `${q('trace_id')}`,
    `${dialect.firstNonNullBy(q('root_name'), q('root_start_time'))} AS ${q('root_name')}`,
    `min(${q('start_time')}) AS ${q('start_time')}`,
    `max(${q('end_time')}) AS ${q('end_time')}`,
    `sum(${q('span_count')}) AS ${q('span_count')}`,
    `sum(${q('llm_call_count')}) AS ${q('llm_call_count')}`,
    `sum(${q('error_count')}) AS ${q('error_count')}`,
    `sum(${q('input_tokens')}) AS ${q('input_tokens')}`,
    `sum(${q('output_tokens')}) AS ${q('output_tokens')}`,
    `sum(${q('total_tokens')}) AS ${q('total_tokens')}`,
    `sum(${q('cost_usd')}) AS ${q('cost_usd')}`,
    ...['user_id', 'session_id', 'service_name', 'environment'].map(
      (column) => `${dialect.firstNonNullBy(q(column), q('start_time'))} AS ${q(column)}`,
    ),
    `${dialect.unionOfLists(q('tags'))} AS ${q('tags')}`,
  ].join(', ')
}

/** Reads one row produced by {@link traceSummarySelectList}. */
export function readTraceSummary(row: Row): TraceSummary {
  const startTimeUs = readNumber(row, 'start_time')
  const endTimeUs = readNumber(row, 'end_time')
  const errorCount = readNumber(row, 'error_count')
  return {
    projectId: readString(row, 'project_id'),
    traceId: readString(row, 'trace_id'),
    rootName: readNullableString(row, 'root_name'),
    startTimeUs,
    endTimeUs,
    durationMs: Math.max(0, (endTimeUs - startTimeUs) / 1000),
    spanCount: readNumber(row, 'span_count'),
    llmCallCount: readNumber(row, 'llm_call_count'),
    errorCount,
    hasError: errorCount > 0,
    inputTokens: readNullableNumber(row, 'input_tokens'),
    outputTokens: readNullableNumber(row, 'output_tokens'),
    totalTokens: readNullableNumber(row, 'total_tokens'),
    costUsd: readNullableNumber(row, 'cost_usd'),
    userId: readNullableString(row, 'user_id'),
    sessionId: readNullableString(row, 'session_id'),
    serviceName: readNullableString(row, 'service_name'),
    environment: readNullableString(row, 'environment'),
    tags: readStringList(row, 'tags'),
  }
}
