import { ObservatoryError } from '@llm-observatory/core'
import { compileQuery, type SelectQuery } from '@llm-observatory/query'
import type {
  AnalyticsEvent,
  ApiKey,
  MetricPoint,
  Project,
  Score,
  TraceSummary,
} from '@llm-observatory/core'
import type {
  Backend,
  BackendCapabilities,
  ListTracesOptions,
  ScorePage,
  ScoreQuery,
  StorageHealth,
  TraceDetail,
  WriteBatch,
} from './backend.js'
import { readNumber, readString, type Row, type RowMapper } from './columns.js'
import {
  applyMigrations,
  listAppliedMigrations,
  type AppliedMigration,
  type Migration,
} from './migrations/migration.js'
import { apiKeyRowMapper, projectRowMapper } from './rows/metadata-row-mappers.js'
import { ProjectRepository, projectSettingsRowMapper } from './repositories/project-repository.js'
import { IdentityRepository, identityRowMappers } from './repositories/identity-repository.js'
import {
  eventRowMapper,
  logRowMapper,
  metricPointRowMapper,
  scoreRowMapper,
} from './rows/record-row-mappers.js'
import { spanRowMapper } from './rows/span-row-mapper.js'
import {
  computeTraceParts,
  readTraceSummary,
  traceKey,
  traceSummarySelectList,
  tracePartRowMapper,
} from './rows/trace-part-row-mapper.js'
import { SqlParams, type SqlDialect } from './sql-dialect.js'
import type { StorageDriver, TransactionStep } from './storage-driver.js'
import type { StorageLogger } from './storage-logger.js'
import { mapInSlices } from './yield-slices.js'

export interface SqlBackendParts {
  engine: Backend['engine']
  capabilities: BackendCapabilities
  driver: StorageDriver
  dialect: SqlDialect
  migrations: readonly Migration[]
  logger: StorageLogger
}

/** Every table a mapper writes; their columns are checked against the database at open. */
const mappedTables: readonly { table: string; columns: readonly { name: string }[] }[] = [
  spanRowMapper,
  tracePartRowMapper,
  logRowMapper,
  metricPointRowMapper,
  eventRowMapper,
  scoreRowMapper,
  projectRowMapper,
  apiKeyRowMapper,
  projectSettingsRowMapper,
  ...identityRowMappers,
]

const maxListLimit = 1000

/** Logs of a trace are looked for from an hour before it started to a day after it ended. */
const logLookbehindUs = 3_600_000_000
const logLookaheadUs = 86_400_000_000

/**
 * The repositories of {@link Backend} written once over a driver and a dialect. An engine
 * is a driver, a dialect and its migrations (see DuckDbBackend); engine differences are in
 * those objects and in `capabilities`, never in `if (engine === …)` here.
 */
export class SqlBackend implements Backend {
  readonly engine: Backend['engine']
  readonly capabilities: BackendCapabilities
  readonly projects: ProjectRepository
  readonly identity: IdentityRepository
  protected readonly driver: StorageDriver
  protected readonly dialect: SqlDialect
  protected readonly logger: StorageLogger
  readonly #migrations: readonly Migration[]
  readonly #summaryLookups = new Map<string, Promise<Row | undefined>>()

  constructor(parts: SqlBackendParts) {
    this.engine = parts.engine
    this.capabilities = parts.capabilities
    this.driver = parts.driver
    this.dialect = parts.dialect
    this.logger = parts.logger
    this.#migrations = parts.migrations
    this.projects = new ProjectRepository(parts.driver, parts.dialect)
    this.identity = new IdentityRepository(parts.driver, parts.dialect)
  }

  async open(): Promise<void> {
    await this.driver.open()
    try {
      await applyMigrations(this.driver, this.dialect, this.#migrations, this.logger)
      await this.#checkColumns()
    } catch (error) {
      await this.driver.close().catch(() => undefined)
      throw error
    }
  }

  /** The migrations recorded in `schema_migrations`, oldest first. */
  listAppliedMigrations(): Promise<AppliedMigration[]> {
    return listAppliedMigrations(this.driver, this.dialect)
  }

  async write(batch: WriteBatch): Promise<void> {
    const steps: TransactionStep[] = []
    const add = async <T>(mapper: RowMapper<T>, values: readonly T[]): Promise<void> => {
      if (values.length > 0)
        steps.push({
          kind: 'append',
          table: mapper.table,
          rows: await mapInSlices(values, mapper.toRow),
        })
    }
    await add(spanRowMapper, batch.spans)
    await add(tracePartRowMapper, computeTraceParts(batch.spans))
    await add(logRowMapper, batch.logs)
    await add(metricPointRowMapper, batch.metrics)
    await add(eventRowMapper, batch.events)
    await add(scoreRowMapper, batch.scores)
    if (steps.length > 0) await this.driver.transaction(steps)
  }

  /**
   * The trace summary is read first: its time range (every span of the trace starts within
   * [start, end] of its parts, see computeTraceParts) bounds the spans and logs scans by time,
   * so zone maps skip all other row groups instead of comparing every trace id of the table.
   * Logs are looked for from an hour before the trace to a day after it. Without a summary
   * (rows written outside this backend) the scans are unbounded.
   */
  async getTrace(projectId: string, traceId: string): Promise<TraceDetail | null> {
    const summaryRow = await this.#findTraceSummary(projectId, traceId)
    const summary = summaryRow === undefined ? null : readTraceSummary(summaryRow)
    const [spanRows, logRows] = await Promise.all([
      this.#selectWhere(
        spanRowMapper,
        projectId,
        traceId,
        ['start_time', 'span_id'],
        summary && {
          column: 'start_time',
          fromUs: summary.startTimeUs,
          toUs: summary.endTimeUs,
        },
      ),
      this.#selectWhere(
        logRowMapper,
        projectId,
        traceId,
        ['time', 'observed_time'],
        summary && {
          column: 'time',
          fromUs: summary.startTimeUs - logLookbehindUs,
          toUs: summary.endTimeUs + logLookaheadUs,
        },
      ),
    ])
    if (spanRows.length === 0) return null
    const spans = spanRows.map(spanRowMapper.fromRow)
    // Parts are written in the spans' transaction, so a missing summary means rows from
    // outside this backend; derive it from the spans rather than fail the read.
    const trace = summary ?? readTraceSummaryFromParts(computeTraceParts(spans))
    return { trace, spans, logs: logRows.map(logRowMapper.fromRow) }
  }

  async listTraces(projectId: string, options: ListTracesOptions): Promise<TraceSummary[]> {
    const q = (name: string): string => this.dialect.quoteIdentifier(name)
    const params = new SqlParams(this.dialect)
    const project = params.add(projectId, 'string')
    const before =
      options.beforeUs === undefined
        ? ''
        : ` AND ${q('start_time')} < ${params.add(options.beforeUs, 'timestamp')}`
    const limit = params.add(clampLimit(options.limit), 'int')
    // The page is chosen on the parts (a trace started before the cursor iff one of its parts
    // did, and the min start over those parts is the trace's), then all parts of the chosen
    // traces are folded.
    const sql =
      `SELECT ${traceSummarySelectList(this.dialect)} FROM ${q('traces')} ` +
      `WHERE ${q('project_id')} = ${project} AND ${q('trace_id')} IN (` +
      `SELECT ${q('trace_id')} FROM ${q('traces')} WHERE ${q('project_id')} = ${project}${before} ` +
      `GROUP BY ${q('trace_id')} ORDER BY min(${q('start_time')}) DESC, ${q('trace_id')} DESC LIMIT ${limit}) ` +
      `GROUP BY ${q('project_id')}, ${q('trace_id')} ` +
      `ORDER BY min(${q('start_time')}) DESC, ${q('trace_id')} DESC`
    const rows = await this.driver.query(sql, params.values)
    return rows.map(readTraceSummary)
  }

  async findScores(projectId: string, query: ScoreQuery): Promise<ScorePage> {
    // Scores on a trace's spans: the trace's span ids are read once, in its time range.
    const spanIds =
      query.traceId === undefined ? null : await this.#selectSpanIds(projectId, query.traceId)
    const page = this.#scoreSql(projectId, query, 'page', spanIds)
    const count = this.#scoreSql(projectId, query, 'count', spanIds)
    const [rows, countRows] = await Promise.all([
      this.driver.query(page.sql, page.values),
      this.driver.query(count.sql, count.values),
    ])
    const [countRow] = countRows
    return {
      scores: rows.map(scoreRowMapper.fromRow),
      totalItems: countRow === undefined ? 0 : readNumber(countRow, 'total'),
    }
  }

  query(tree: SelectQuery): Promise<Row[]> {
    const { sql, params } = compileQuery(tree, this.dialect.engine)
    return this.driver.query(sql, params)
  }

  async countRows(
    projectId: string,
  ): Promise<Record<'spans' | 'logs' | 'metrics' | 'events' | 'scores', number>> {
    const q = (name: string): string => this.dialect.quoteIdentifier(name)
    const params = new SqlParams(this.dialect)
    const project = params.add(projectId, 'string')
    const count = (table: string, alias: string): string =>
      `(SELECT count(*) FROM ${q(table)} WHERE ${q('project_id')} = ${project}) AS ${q(alias)}`
    const sql = `SELECT ${[
      count('spans', 'spans'),
      count('logs', 'logs'),
      count('metric_points', 'metrics'),
      count('events', 'events'),
      count('scores', 'scores'),
    ].join(', ')}`
    const [row] = await this.driver.query(sql, params.values)
    if (row === undefined) throw new Error('count query returned no row')
    return {
      spans: readNumber(row, 'spans'),
      logs: readNumber(row, 'logs'),
      metrics: readNumber(row, 'metrics'),
      events: readNumber(row, 'events'),
      scores: readNumber(row, 'scores'),
    }
  }

  /**
   * Metric points, analytics events and scores of a project, oldest first, at most `limit`
   * (default 1000). Not on {@link Backend} yet: exports and tests use them until the query
   * layer reads these tables.
   */
  async listMetricPoints(projectId: string, limit = maxListLimit): Promise<MetricPoint[]> {
    const rows = await this.#selectAll(
      metricPointRowMapper,
      ['project_id', projectId],
      ['time', 'name'],
      limit,
    )
    return rows.map(metricPointRowMapper.fromRow)
  }

  async listEvents(projectId: string, limit = maxListLimit): Promise<AnalyticsEvent[]> {
    const rows = await this.#selectAll(
      eventRowMapper,
      ['project_id', projectId],
      ['time', 'event_id'],
      limit,
    )
    return rows.map(eventRowMapper.fromRow)
  }

  async listScores(projectId: string, limit = maxListLimit): Promise<Score[]> {
    const rows = await this.#selectAll(
      scoreRowMapper,
      ['project_id', projectId],
      ['time', 'score_id'],
      limit,
    )
    return rows.map(scoreRowMapper.fromRow)
  }

  async listProjects(): Promise<Project[]> {
    const rows = await this.#selectAll(projectRowMapper, null, ['created_at', 'id'])
    return rows.map(projectRowMapper.fromRow)
  }

  async getProject(projectId: string): Promise<Project | null> {
    const rows = await this.#selectAll(projectRowMapper, ['id', projectId], [])
    const row = rows[0]
    return row === undefined ? null : projectRowMapper.fromRow(row)
  }

  createProject(project: Project): Promise<void> {
    return this.#insert(projectRowMapper, project)
  }

  createApiKey(key: ApiKey): Promise<void> {
    return this.#insert(apiKeyRowMapper, key)
  }

  findApiKeyByPublicKey(publicKey: string): Promise<ApiKey | null> {
    return this.#findApiKey('public_key', publicKey)
  }

  findApiKeyBySecretHash(secretHash: string): Promise<ApiKey | null> {
    return this.#findApiKey('secret_hash', secretHash)
  }

  async listApiKeys(projectId: string): Promise<ApiKey[]> {
    const rows = await this.#selectAll(
      apiKeyRowMapper,
      ['project_id', projectId],
      ['created_at', 'id'],
    )
    return rows.map(apiKeyRowMapper.fromRow)
  }

  async touchApiKey(keyId: string, usedAtUs: number): Promise<void> {
    const q = (name: string): string => this.dialect.quoteIdentifier(name)
    const params = new SqlParams(this.dialect)
    const sql =
      `UPDATE ${q('api_keys')} SET ${q('last_used_at')} = ${params.add(usedAtUs, 'timestamp')} ` +
      `WHERE ${q('id')} = ${params.add(keyId, 'string')}`
    await this.driver.execute(sql, params.values)
  }

  async health(): Promise<StorageHealth> {
    if (!this.driver.isAlive()) return { status: 'down', engine: this.engine, details: {} }
    try {
      await this.driver.query('SELECT 1 AS ok', [])
      return { status: 'ok', engine: this.engine, details: {} }
    } catch (error) {
      return {
        status: 'down',
        engine: this.engine,
        details: { error: error instanceof Error ? error.message : 'unknown' },
      }
    }
  }

  close(): Promise<void> {
    return this.driver.close()
  }

  async #findApiKey(column: 'public_key' | 'secret_hash', value: string): Promise<ApiKey | null> {
    const rows = await this.#selectAll(apiKeyRowMapper, [column, value], [])
    const row = rows[0]
    return row === undefined ? null : apiKeyRowMapper.fromRow(row)
  }

  /**
   * A score id may be stored more than once (re-sent with the same `id`): rows are ranked per
   * id by time and only the latest counts. The ranking runs over every version of the ids
   * that match, and the filters run again on the latest versions, so an update that moved a
   * score to another trace or name is found only under the new one.
   */
  #scoreSql(
    projectId: string,
    query: ScoreQuery,
    kind: 'page' | 'count',
    traceSpanIds: readonly string[] | null,
  ): { sql: string; values: SqlParams['values'] } {
    const q = (name: string): string => this.dialect.quoteIdentifier(name)
    const params = new SqlParams(this.dialect)
    const project = params.add(projectId, 'string')
    const filters: string[] = []
    if (query.traceId !== undefined) {
      const trace = params.add(query.traceId, 'string')
      const ids = (traceSpanIds ?? []).map((id) => params.add(id, 'string'))
      filters.push(
        ids.length === 0
          ? `${q('trace_id')} = ${trace}`
          : `(${q('trace_id')} = ${trace} OR ${q('span_id')} IN (${ids.join(', ')}))`,
      )
    }
    const equal = (column: string, value: string | undefined): void => {
      if (value !== undefined) filters.push(`${q(column)} = ${params.add(value, 'string')}`)
    }
    equal('span_id', query.spanId)
    equal('session_id', query.sessionId)
    equal('name', query.name)
    equal('source', query.source)
    if (query.fromUs !== undefined)
      filters.push(`${q('time')} >= ${params.add(query.fromUs, 'timestamp')}`)
    if (query.toUs !== undefined)
      filters.push(`${q('time')} < ${params.add(query.toUs, 'timestamp')}`)
    const where = filters.map((f) => ` AND ${f}`).join('')
    const columns = scoreRowMapper.columns.map((c) => q(c.name)).join(', ')
    const versions =
      `SELECT ${columns}, row_number() OVER (PARTITION BY ${q('score_id')} ORDER BY ${q('time')} DESC) ` +
      `AS ${q('version_rank')} FROM ${q('scores')} WHERE ${q('project_id')} = ${project} ` +
      `AND ${q('score_id')} IN (SELECT ${q('score_id')} FROM ${q('scores')} ` +
      `WHERE ${q('project_id')} = ${project}${where})`
    const from = `FROM (${versions}) AS ${q('latest')} WHERE ${q('version_rank')} = 1${where}`
    if (kind === 'count')
      return { sql: `SELECT count(*) AS ${q('total')} ${from}`, values: params.values }
    let keyset = ''
    if (query.after !== undefined) {
      const time = params.add(query.after.timeUs, 'timestamp')
      const id = params.add(query.after.scoreId, 'string')
      keyset = ` AND (${q('time')} < ${time} OR (${q('time')} = ${time} AND ${q('score_id')} < ${id}))`
    }
    const offset =
      query.after === undefined && query.offset !== undefined && query.offset > 0
        ? ` OFFSET ${params.add(Math.trunc(query.offset), 'int')}`
        : ''
    const sql =
      `SELECT ${columns} ${from}${keyset} ` +
      `ORDER BY ${q('time')} DESC, ${q('score_id')} DESC ` +
      `LIMIT ${params.add(clampLimit(query.limit, maxListLimit + 1), 'int')}${offset}`
    return { sql, values: params.values }
  }

  /**
   * The folded summary row of one trace, or undefined. A trace detail read asks for it twice
   * at once (getTrace and findScores), so a lookup in flight is shared: it scans the trace ids
   * of the whole traces table, the one unbounded scan of the read.
   */
  #findTraceSummary(projectId: string, traceId: string): Promise<Row | undefined> {
    const lookupKey = `${projectId}\u0000${traceId}`
    const inFlight = this.#summaryLookups.get(lookupKey)
    if (inFlight !== undefined) return inFlight
    const q = (name: string): string => this.dialect.quoteIdentifier(name)
    const params = new SqlParams(this.dialect)
    const key = traceKey(traceId)
    const byKey = key === null ? '' : `AND ${q('trace_key')} = ${params.add(key, 'bigint')} `
    const sql =
      `SELECT ${traceSummarySelectList(this.dialect)} FROM ${q('traces')} ` +
      `WHERE ${q('project_id')} = ${params.add(projectId, 'string')} ${byKey}` +
      `AND ${q('trace_id')} = ${params.add(traceId, 'string')} ` +
      `GROUP BY ${q('project_id')}, ${q('trace_id')}`
    const lookup = this.driver.query(sql, params.values).then((rows) => rows[0])
    this.#summaryLookups.set(lookupKey, lookup)
    const forget = (): void => void this.#summaryLookups.delete(lookupKey)
    lookup.then(forget, forget)
    return lookup
  }

  /** The span ids of a trace, read in its time range when its summary is known. */
  async #selectSpanIds(projectId: string, traceId: string): Promise<string[]> {
    const summaryRow = await this.#findTraceSummary(projectId, traceId)
    const q = (name: string): string => this.dialect.quoteIdentifier(name)
    const params = new SqlParams(this.dialect)
    let sql =
      `SELECT ${q('span_id')} FROM ${q('spans')} ` +
      `WHERE ${q('project_id')} = ${params.add(projectId, 'string')} ` +
      `AND ${q('trace_id')} = ${params.add(traceId, 'string')}`
    if (summaryRow !== undefined)
      sql +=
        ` AND ${q('start_time')} >= ${params.add(readNumber(summaryRow, 'start_time'), 'timestamp')}` +
        ` AND ${q('start_time')} <= ${params.add(readNumber(summaryRow, 'end_time'), 'timestamp')}`
    const rows = await this.driver.query(sql, params.values)
    return rows.map((row) => readString(row, 'span_id'))
  }

  #selectWhere<T>(
    mapper: RowMapper<T>,
    projectId: string,
    traceId: string,
    orderBy: readonly string[],
    window: { column: string; fromUs: number; toUs: number } | null,
  ): ReturnType<StorageDriver['query']> {
    const q = (name: string): string => this.dialect.quoteIdentifier(name)
    const params = new SqlParams(this.dialect)
    const bounds =
      window === null
        ? ''
        : `AND ${q(window.column)} >= ${params.add(window.fromUs, 'timestamp')} ` +
          `AND ${q(window.column)} <= ${params.add(window.toUs, 'timestamp')} `
    const sql =
      `SELECT ${mapper.columns.map((c) => q(c.name)).join(', ')} FROM ${q(mapper.table)} ` +
      `WHERE ${q('project_id')} = ${params.add(projectId, 'string')} ` +
      `AND ${q('trace_id')} = ${params.add(traceId, 'string')} ${bounds}` +
      `ORDER BY ${orderBy.map(q).join(', ')}`
    return this.driver.query(sql, params.values)
  }

  #selectAll<T>(
    mapper: RowMapper<T>,
    where: [column: string, value: string] | null,
    orderBy: readonly string[],
    limit?: number,
  ): ReturnType<StorageDriver['query']> {
    const q = (name: string): string => this.dialect.quoteIdentifier(name)
    const params = new SqlParams(this.dialect)
    let sql = `SELECT ${mapper.columns.map((c) => q(c.name)).join(', ')} FROM ${q(mapper.table)}`
    if (where !== null) sql += ` WHERE ${q(where[0])} = ${params.add(where[1], 'string')}`
    if (orderBy.length > 0) sql += ` ORDER BY ${orderBy.map(q).join(', ')}`
    if (limit !== undefined) sql += ` LIMIT ${params.add(clampLimit(limit), 'int')}`
    return this.driver.query(sql, params.values)
  }

  async #insert<T>(mapper: RowMapper<T>, value: T): Promise<void> {
    const q = (name: string): string => this.dialect.quoteIdentifier(name)
    const params = new SqlParams(this.dialect)
    const row = mapper.toRow(value)
    const placeholders = mapper.columns.map((column, i) => params.add(row[i] ?? null, column.type))
    const sql =
      `INSERT INTO ${q(mapper.table)} (${mapper.columns.map((c) => q(c.name)).join(', ')}) ` +
      `VALUES (${placeholders.join(', ')})`
    await this.driver.execute(sql, params.values)
  }

  /** Appenders write by position: fail at open, not at the first write, if a table drifted. */
  async #checkColumns(): Promise<void> {
    const rows = await this.driver.query(this.dialect.selectTableColumns(), [])
    const actual = new Map<string, string[]>()
    for (const row of rows) {
      const table = readString(row, 'table_name')
      const columns = actual.get(table) ?? []
      columns.push(readString(row, 'column_name'))
      actual.set(table, columns)
    }
    for (const mapper of mappedTables) {
      const expected = mapper.columns.map((c) => c.name).join(',')
      const found = (actual.get(mapper.table) ?? []).join(',')
      if (expected !== found) {
        throw new ObservatoryError('ERR_STORAGE_UNAVAILABLE', {
          message: `Table ${mapper.table} does not match its row mapper; a migration is missing.`,
          details: { engine: this.engine, kind: 'schema', table: mapper.table },
        })
      }
    }
  }
}

function clampLimit(limit: number, max = maxListLimit): number {
  if (!Number.isFinite(limit)) return 50
  return Math.min(max, Math.max(1, Math.trunc(limit)))
}

function readTraceSummaryFromParts(parts: ReturnType<typeof computeTraceParts>): TraceSummary {
  const part = parts[0]
  if (part === undefined) throw new Error('no spans to summarize')
  return {
    projectId: part.projectId,
    traceId: part.traceId,
    rootName: part.rootName,
    startTimeUs: part.startTimeUs,
    endTimeUs: part.endTimeUs,
    durationMs: Math.max(0, (part.endTimeUs - part.startTimeUs) / 1000),
    spanCount: part.spanCount,
    llmCallCount: part.llmCallCount,
    errorCount: part.errorCount,
    hasError: part.errorCount > 0,
    inputTokens: part.inputTokens,
    outputTokens: part.outputTokens,
    totalTokens: part.totalTokens,
    costUsd: part.costUsd,
    userId: part.userId,
    sessionId: part.sessionId,
    serviceName: part.serviceName,
    environment: part.environment,
    tags: [...part.tags].sort(),
  }
}
