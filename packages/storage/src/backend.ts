import type {
  AnalyticsEvent,
  ApiKey,
  LogRecord,
  MetricPoint,
  Project,
  Score,
  Span,
  TraceSummary,
} from '@llm-observatory/core'
import type { SelectQuery } from '@llm-observatory/query'
import type { Row } from './columns.js'
import type { ProjectRepository } from './repositories/project-repository.js'
import type { IdentityRepository } from './repositories/identity-repository.js'

/** Rows committed together; a write resolves only once all of them are durable. */
export interface WriteBatch {
  spans: Span[]
  logs: LogRecord[]
  metrics: MetricPoint[]
  events: AnalyticsEvent[]
  scores: Score[]
}

export function makeWriteBatch(parts: Partial<WriteBatch> = {}): WriteBatch {
  return {
    spans: parts.spans ?? [],
    logs: parts.logs ?? [],
    metrics: parts.metrics ?? [],
    events: parts.events ?? [],
    scores: parts.scores ?? [],
  }
}

export function countBatchRows(batch: WriteBatch): number {
  return (
    batch.spans.length +
    batch.logs.length +
    batch.metrics.length +
    batch.events.length +
    batch.scores.length
  )
}

/** What differs between engines, as flags rather than `if (engine === …)` checks. */
export interface BackendCapabilities {
  /** Several processes may write at once (ClickHouse) or only this one (DuckDB). */
  supportsConcurrentWriters: boolean
  /** Rows for one key may be duplicated until merged, so reads must aggregate or dedupe. */
  needsReadDedup: boolean
}

export interface TraceDetail {
  trace: TraceSummary
  /** In start order. */
  spans: Span[]
  /** Logs correlated to the trace (OTLP logs with its trace id, app logs), in time order. */
  logs: LogRecord[]
}

export interface ListTracesOptions {
  limit: number
  /** Only traces that started strictly before this time (cursor for the next page). */
  beforeUs?: number
}

/**
 * Which scores {@link Backend.findScores} returns, newest first: every given filter must hold.
 * A score id stored more than once (a client re-sending with the same `id`) counts once, as
 * its latest version (largest time).
 */
export interface ScoreQuery {
  /** Scores on this trace: those with this trace id and those on any of its spans. */
  traceId?: string
  spanId?: string
  sessionId?: string
  name?: string
  source?: Score['source']
  /** Inclusive lower bound on the score time, µs. */
  fromUs?: number
  /** Exclusive upper bound on the score time, µs. */
  toUs?: number
  /** 1 to 1001: a page of up to 1000 and one more to tell whether another page follows. */
  limit: number
  /** Rows to skip (page/per_page paging); ignored when `after` is given. */
  offset?: number
  /** Keyset paging: only scores after this one in newest-first order (time, then id, descending). */
  after?: { timeUs: number; scoreId: string }
}

export interface ScorePage {
  scores: Score[]
  /** How many scores match the filters, over all pages (`after` and `offset` ignored). */
  totalItems: number
}

export interface StorageHealth {
  status: 'ok' | 'degraded' | 'down'
  engine: string
  /** Engine-specific numbers (file size, WAL size, …), never data. */
  details: Record<string, unknown>
}

/**
 * A storage engine: one driver (execution), one dialect (SQL text), versioned migrations,
 * and the repositories the server needs. The only place that talks to a database client.
 */
export interface Backend {
  readonly engine: 'duckdb' | 'clickhouse'
  readonly capabilities: BackendCapabilities
  /** Project administration: rename, settings, key rotation/revocation, project deletion. */
  readonly projects: ProjectRepository
  /** Users, memberships, personal access tokens, login sessions. */
  readonly identity: IdentityRepository
  /** Opens the store and applies pending migrations. */
  open(): Promise<void>
  /** Commits all rows of the batch in one transaction; resolves when they are durable. */
  write(batch: WriteBatch): Promise<void>
  getTrace(projectId: string, traceId: string): Promise<TraceDetail | null>
  /** Newest first. */
  listTraces(projectId: string, options: ListTracesOptions): Promise<TraceSummary[]>
  /**
   * Runs a query tree (from `planQuery` of @llm-observatory/query, which scopes it to a
   * project and a time range) compiled for this engine. Rows are keyed by column alias, in
   * the shapes of the other reads: timestamps as µs numbers, integers as numbers, lists as
   * arrays. Driver errors are ERR_STORAGE_QUERY / ERR_STORAGE_UNAVAILABLE.
   * @example await backend.query(planQuery(spansView, { scope, groupBy: ['model'], measures: ['cost_usd'] }))
   */
  query(tree: SelectQuery): Promise<Row[]>
  /** Scores of a project matching `query`, newest first, with the total match count. */
  findScores(projectId: string, query: ScoreQuery): Promise<ScorePage>
  /** Row counts for one project, per table (used by health, tests and benchmarks). */
  countRows(
    projectId: string,
  ): Promise<Record<'spans' | 'logs' | 'metrics' | 'events' | 'scores', number>>

  listProjects(): Promise<Project[]>
  getProject(projectId: string): Promise<Project | null>
  createProject(project: Project): Promise<void>
  createApiKey(key: ApiKey): Promise<void>
  findApiKeyByPublicKey(publicKey: string): Promise<ApiKey | null>
  findApiKeyBySecretHash(secretHash: string): Promise<ApiKey | null>
  listApiKeys(projectId: string): Promise<ApiKey[]>
  touchApiKey(keyId: string, usedAtUs: number): Promise<void>

  health(): Promise<StorageHealth>
  /** Flushes and checkpoints; after it resolves nothing acknowledged is lost on restart. */
  close(): Promise<void>
}
