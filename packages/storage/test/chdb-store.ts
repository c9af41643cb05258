import { Session } from 'chdb'
import { compileQuery, type SelectQuery } from '@llm-observatory/query'
import type { WriteBatch } from '../src/backend.js'
import type { ColumnType, Row, RowMapper, RowValue } from '../src/columns.js'
import { clickHouseMigrations } from '../src/migrations/clickhouse/clickhouse-migrations.js'
import {
  eventRowMapper,
  logRowMapper,
  metricPointRowMapper,
  scoreRowMapper,
} from '../src/rows/record-row-mappers.js'
import { spanRowMapper } from '../src/rows/span-row-mapper.js'
import { computeTraceParts, tracePartRowMapper } from '../src/rows/trace-part-row-mapper.js'

/**
 * The ClickHouse engine in this process (chDB), with the ClickHouse migrations applied: the
 * test stand-in for a ClickHouse backend until one exists. Rows go in through the same row
 * mappers as the DuckDB backend (`INSERT … FORMAT JSONEachRow`), query trees through
 * `compileQuery(tree, 'clickhouse')` with server-side parameter binding, and results come back
 * in the shapes of columns.ts (timestamps as µs, 64-bit integers as numbers).
 * chDB allows one data directory per process: open one store per test file.
 */
export class ChdbStore {
  readonly #session: Session

  private constructor(session: Session) {
    this.#session = session
  }

  static async open(dataDir: string): Promise<ChdbStore> {
    const session = new Session(dataDir)
    for (const migration of clickHouseMigrations)
      for (const statement of migration.statements) await session.queryAsync(statement)
    return new ChdbStore(session)
  }

  async write(batch: WriteBatch): Promise<void> {
    await this.#insert(spanRowMapper, batch.spans)
    await this.#insert(tracePartRowMapper, computeTraceParts(batch.spans))
    await this.#insert(logRowMapper, batch.logs)
    await this.#insert(metricPointRowMapper, batch.metrics)
    await this.#insert(eventRowMapper, batch.events)
    await this.#insert(scoreRowMapper, batch.scores)
  }

  async query(tree: SelectQuery): Promise<Row[]> {
    const { sql, params } = compileQuery(tree, 'clickhouse')
    return this.querySql(sql, Object.fromEntries(params.map((value, i) => [`p${i + 1}`, value])))
  }

  async querySql(sql: string, params: Record<string, unknown> = {}): Promise<Row[]> {
    const result = await this.#session.queryBindAsync(sql, params, { format: 'JSONCompact' })
    const text = result.text()
    if (text.trim() === '') return []
    const parsed = JSON.parse(text) as {
      meta: { name: string; type: string }[]
      data: unknown[][]
    }
    const readers = parsed.meta.map((column) => makeReader(column.type))
    return parsed.data.map((cells) => {
      const row: Row = {}
      parsed.meta.forEach((column, i) => (row[column.name] = readers[i]!(cells[i])))
      return row
    })
  }

  close(): void {
    this.#session.close()
  }

  async #insert<T>(mapper: RowMapper<T>, values: readonly T[]): Promise<void> {
    if (values.length === 0) return
    const writers = mapper.columns.map((column) => makeWriter(column.type))
    const lines = values.map((value) => {
      const row = mapper.toRow(value)
      const object: Record<string, unknown> = {}
      mapper.columns.forEach((column, i) => (object[column.name] = writers[i]!(row[i] ?? null)))
      return JSON.stringify(object)
    })
    await this.#session.insert({
      table: mapper.table,
      values: lines.join('\n'),
      format: 'JSONEachRow',
    })
  }
}

function makeWriter(type: ColumnType): (value: RowValue) => unknown {
  switch (type) {
    case 'timestamp':
      return (value) => (typeof value === 'number' ? microsToDateTime64(value) : null)
    case 'bigint[]':
    case 'double[]':
      // ClickHouse arrays are not Nullable; a missing list is stored as [].
      return (value) => value ?? []
    case 'double':
      return (value) => (typeof value === 'number' && Number.isFinite(value) ? value : null)
    case 'int':
    case 'bigint':
      return (value) =>
        typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : null
    default:
      return (value) => value
  }
}

/** `YYYY-MM-DD hh:mm:ss.ffffff`, UTC: what DateTime64(6, 'UTC') parses exactly. */
function microsToDateTime64(micros: number): string {
  const us = Math.trunc(micros)
  const seconds = Math.floor(us / 1_000_000)
  const fraction = us - seconds * 1_000_000
  const iso = new Date(seconds * 1000).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(fraction).padStart(6, '0')}`
}

function dateTimeToMicros(text: string): number {
  const match = /^(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?)?$/.exec(text)
  if (match === null) throw new Error(`unexpected ClickHouse time ${text}`)
  const seconds = Date.parse(`${match[1]}T${match[2] ?? '00:00:00'}Z`) / 1000
  const fraction = Number((match[3] ?? '').padEnd(6, '0').slice(0, 6))
  return seconds * 1_000_000 + fraction
}

/** Converts one JSONCompact cell of a ClickHouse type to the shapes of columns.ts. */
function makeReader(type: string): (value: unknown) => unknown {
  const wrapped = /^(?:Nullable|LowCardinality)\((.*)\)$/.exec(type)
  if (wrapped !== null) {
    const inner = makeReader(wrapped[1]!)
    return (value) => (value === null ? null : inner(value))
  }
  const array = /^Array\((.*)\)$/.exec(type)
  if (array !== null) {
    const inner = makeReader(array[1]!)
    return (value) => (value as unknown[]).map(inner)
  }
  if (/^(?:DateTime|Date)/.test(type)) return (value) => dateTimeToMicros(value as string)
  if (/^U?Int\d+$/.test(type) || /^Float\d+$/.test(type) || /^Decimal/.test(type))
    return (value) => (value === null ? null : Number(value))
  return (value) => value
}
