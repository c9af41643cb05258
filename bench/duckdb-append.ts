/**
 * DuckDB append throughput: the raw row appender on the main thread (the baseline) against
 * the backend's write path (row mapping, trace parts, worker thread, one transaction per
 * batch). Prints rows/s, the ratio, and how busy the main thread's event loop was.
 *
 *   node --import tsx bench/duckdb-append.ts [rows=200000] [batch=5000]
 *
 * `measureRawAppenderRate` is exported for the ingest benchmark's baseline.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { DuckDBInstance } from '@duckdb/node-api'
import type { Span } from '@llm-observatory/core'
import {
  createDuckDbBackend,
  duckDbFileName,
  duckDbMigrations,
  makeDuckDbRowAppender,
  makeWriteBatch,
  spanRowMapper,
} from '@llm-observatory/storage'
import { defaultTimeUs, makeSpan } from '@llm-observatory/testkit'

export interface AppendRate {
  rows: number
  seconds: number
  rowsPerSecond: number
  /** Including the final CHECKPOINT. */
  rowsPerSecondWithCheckpoint: number
}

export interface AppendOptions {
  batchSize?: number
  checkpointThreshold?: string
  memoryLimit?: string
}

/**
 * Appends `rows` with DuckDB's row appender on the calling thread, one transaction per batch,
 * into a fresh `observatory.duckdb` in `dataDir` built by the real migrations and with the
 * backend's settings. Times row mapping + appending + COMMIT (the raw ceiling of the store).
 */
export async function measureRawAppenderRate(
  rows: readonly Span[],
  dataDir: string,
  options: AppendOptions = {},
): Promise<AppendRate> {
  const batchSize = options.batchSize ?? 5_000
  const instance = await DuckDBInstance.create(join(dataDir, duckDbFileName), {
    memory_limit: options.memoryLimit ?? '2GB',
    checkpoint_threshold: options.checkpointThreshold ?? '256MB',
    preserve_insertion_order: 'false',
  })
  const connection = await instance.connect()
  for (const migration of duckDbMigrations)
    for (const statement of migration.statements) await connection.run(statement)
  const started = performance.now()
  for (let offset = 0; offset < rows.length; offset += batchSize) {
    const batch = rows.slice(offset, offset + batchSize).map(spanRowMapper.toRow)
    await connection.run('BEGIN TRANSACTION')
    const appender = await connection.createAppender('spans')
    makeDuckDbRowAppender(appender)(batch)
    appender.closeSync()
    await connection.run('COMMIT')
  }
  const appended = performance.now()
  await connection.run('CHECKPOINT')
  const checkpointed = performance.now()
  connection.closeSync()
  instance.closeSync()
  const seconds = (appended - started) / 1000
  return {
    rows: rows.length,
    seconds,
    rowsPerSecond: rows.length / seconds,
    rowsPerSecondWithCheckpoint: rows.length / ((checkpointed - started) / 1000),
  }
}

export interface BackendAppendRate extends AppendRate {
  /** Share of wall time the main thread's event loop was busy (0..1). */
  eventLoopUtilization: number
  maxEventLoopDelayMs: number
}

/** The same rows through `DuckDbBackend.write` (worker thread, spans + trace parts). */
export async function measureBackendWriteRate(
  rows: readonly Span[],
  dataDir: string,
  options: AppendOptions = {},
): Promise<BackendAppendRate> {
  const batchSize = options.batchSize ?? 5_000
  const backend = createDuckDbBackend({
    dataDir,
    ...(options.checkpointThreshold === undefined
      ? {}
      : { checkpointThreshold: options.checkpointThreshold }),
    ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
  })
  await backend.open()
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  const eluStart = performance.eventLoopUtilization()
  const started = performance.now()
  for (let offset = 0; offset < rows.length; offset += batchSize)
    await backend.write(makeWriteBatch({ spans: rows.slice(offset, offset + batchSize) }))
  const written = performance.now()
  const elu = performance.eventLoopUtilization(eluStart)
  delay.disable()
  await backend.close()
  const closed = performance.now()
  const seconds = (written - started) / 1000
  return {
    rows: rows.length,
    seconds,
    rowsPerSecond: rows.length / seconds,
    rowsPerSecondWithCheckpoint: rows.length / ((closed - started) / 1000),
    eventLoopUtilization: elu.utilization,
    maxEventLoopDelayMs: delay.max / 1e6,
  }
}

/** sfc32: a small deterministic PRNG, so every run appends the same data. */
function makeRandom(seed: number): () => number {
  let a = 0x9e3779b9
  let b = 0x243f6a88
  let c = 0xb7e15162
  let d = seed >>> 0
  return () => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
}

const models = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'gemini-2.5-flash', 'llama-3.1-70b']
const services = ['checkout-api', 'support-bot', 'search', 'agent-runner']
const words = Array.from({ length: 2_000 }, (_, i) => `w${(i * 7919).toString(36)}`)

/**
 * Realistic LLM spans: traces of 1–8 spans, ~200-char prompts and ~300-char answers, token
 * counts, costs, attributes. Round-tripped through JSON like a parsed request body.
 */
export function makeBenchSpans(count: number, seed = 42): Span[] {
  const random = makeRandom(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const text = (chars: number): string => {
    const out: string[] = []
    let length = 0
    while (length < chars) {
      const word = pick(words)
      out.push(word)
      length += word.length + 1
    }
    return out.join(' ')
  }
  const spans: Span[] = []
  let traceSize = 0
  let traceId = ''
  let rootId = ''
  for (let i = 0; i < count; i++) {
    const startTimeUs = defaultTimeUs + i * 10_000
    if (traceSize === 0) {
      traceSize = 1 + Math.floor(random() * 8)
      traceId = i.toString(16).padStart(32, '0')
      rootId = ''
    }
    traceSize -= 1
    const spanId = (i + 1).toString(16).padStart(16, '0')
    const model = pick(models)
    const inputTokens = 50 + Math.floor(random() * 2_000)
    const outputTokens = 10 + Math.floor(random() * 800)
    spans.push(
      makeSpan({
        projectId: i % 10 < 5 ? 'proj_a' : i % 10 < 8 ? 'proj_b' : 'proj_c',
        traceId,
        spanId,
        parentSpanId: rootId === '' ? null : rootId,
        name: `chat ${model}`,
        startTimeUs,
        endTimeUs: startTimeUs + Math.floor(200_000 + random() * 3_000_000),
        status: random() < 0.03 ? 'error' : 'ok',
        serviceName: pick(services),
        requestModel: model,
        responseModel: model,
        inputTokens,
        outputTokens,
        totalTokens: inputTokens + outputTokens,
        costUsd: inputTokens * 2.5e-6 + outputTokens * 1e-5,
        userId: `user-${Math.floor(random() * 5_000)}`,
        inputMessages: [{ role: 'user', parts: [{ type: 'text', content: text(200) }] }],
        outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: text(300) }] }],
      }),
    )
    if (rootId === '') rootId = spanId
  }
  return JSON.parse(JSON.stringify(spans)) as Span[]
}

async function main(): Promise<void> {
  const rowCount = Number(process.argv[2] ?? 200_000)
  const batchSize = Number(process.argv[3] ?? 5_000)
  const rows = makeBenchSpans(rowCount)
  const mapStarted = performance.now()
  for (const span of rows) spanRowMapper.toRow(span)
  const mapMs = performance.now() - mapStarted

  const rawDir = await mkdtemp(join(tmpdir(), 'bench-duckdb-raw-'))
  const backendDir = await mkdtemp(join(tmpdir(), 'bench-duckdb-backend-'))
  try {
    const raw = await measureRawAppenderRate(rows, rawDir, { batchSize })
    const viaBackend = await measureBackendWriteRate(rows, backendDir, { batchSize })
    const format = (n: number): string => Math.round(n).toLocaleString('en-US')
    console.log(`DuckDB append, ${format(rowCount)} spans in batches of ${format(batchSize)}`)
    console.log(`  row mapping alone (main thread):   ${(mapMs / 1000).toFixed(2)} s`)
    console.log(
      `  raw appender, main thread:         ${format(raw.rowsPerSecond)} rows/s ` +
        `(${format(raw.rowsPerSecondWithCheckpoint)} incl. final checkpoint)`,
    )
    console.log(
      `  backend.write (worker, + traces):  ${format(viaBackend.rowsPerSecond)} rows/s ` +
        `(${format(viaBackend.rowsPerSecondWithCheckpoint)} incl. close/checkpoint)`,
    )
    console.log(
      `  ratio backend / raw:               ${(viaBackend.rowsPerSecond / raw.rowsPerSecond).toFixed(2)}`,
    )
    console.log(
      `  main event loop during backend run: ${(viaBackend.eventLoopUtilization * 100).toFixed(0)} % busy, ` +
        `longest delay ${viaBackend.maxEventLoopDelayMs.toFixed(0)} ms`,
    )
  } finally {
    await rm(rawDir, { recursive: true, force: true })
    await rm(backendDir, { recursive: true, force: true })
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main()
}
