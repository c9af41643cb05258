// The baseline of `npm run bench:ingest`: how fast the same span rows go straight into DuckDB
// through its appender, in one process, with no HTTP, decoding, queue or worker thread.
//
//   node --import tsx bench/ingest-raw-baseline.ts --data-dir DIR [--spans 1000000]
//     [--batch-rows 4096] [--pool 64] [--seed 1] [--memory-limit 2GB]
//     [--checkpoint-threshold 256MB]
//
// The rows are the server's own: the pool of generated requests goes through the real ingest
// pipeline (decode, normalize, enrich) into a capturing queue, then `spanRowMapper.toRow`; each
// round of the pool gets fresh ids the way the sender rewrites them. All of that happens before
// timing. Timed: per batch BEGIN, one appender on `spans`, close, COMMIT; `toRow` (the row
// mapping, JSON text of messages and attributes) is timed apart. The schema comes from
// the backend's migrations on a fresh dir, and the DuckDB settings are the backend's. The
// server also appends one `traces` part row per trace and batch; that is left out here (the
// spans table is the baseline; bench/ingest-stages.ts measures the whole backend write).
// Prints one JSON line.
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DuckDBInstance } from '@duckdb/node-api'
import type { Span } from '@llm-observatory/core'
import { IngestPipeline, PriceCatalog, TokenCounter, WriteQueue } from '@llm-observatory/ingest'
import {
  createDuckDbBackend,
  duckDbFileName,
  makeDuckDbRowAppender,
  spanRowMapper,
  type RowValue,
} from '@llm-observatory/storage'
import {
  defaultSpansPerRequest,
  encodeTraceBodies,
  generateGenAiRequests,
  rewriteHexId,
} from './data-gen.js'

/** What the baseline prints. */
export interface RawBaselineReport {
  rows: number
  batches: number
  batchRows: number
  /** Appender + COMMIT only. */
  elapsedMs: number
  rowsPerSecond: number
  /** spanRowMapper.toRow of the same rows. */
  toRowMs: number
  /** Counting toRow too (what bench/duckdb-append.ts's measureRawAppenderRate times). */
  rowsPerSecondWithToRow: number
  /** The final CHECKPOINT after the loop. */
  checkpointMs: number
  longestBatchMs: number
  peakRssMiB: number
}

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    spans: { type: 'string', default: '1000000' },
    'batch-rows': { type: 'string', default: '4096' },
    pool: { type: 'string', default: '64' },
    seed: { type: 'string', default: '1' },
    'memory-limit': { type: 'string', default: '2GB' },
    'checkpoint-threshold': { type: 'string', default: '256MB' },
  },
})
const dataDir = values['data-dir']
if (!dataDir) throw new Error('--data-dir is required')
const totalRows = Number(values.spans)
const batchRows = Number(values['batch-rows'])
const poolSize = Number(values.pool)

/** The spans the server would store for the pool: the real pipeline into a capturing queue. */
async function captureServerSpans(): Promise<Span[]> {
  const spans: Span[] = []
  const queue = new WriteQueue({
    write: async (batch) => {
      spans.push(...batch.spans)
    },
    flushIntervalMs: 1,
  })
  const pipeline = new IngestPipeline({
    queue,
    prices: new PriceCatalog(),
    tokens: new TokenCounter(),
  })
  const bodies = encodeTraceBodies(
    generateGenAiRequests(poolSize * defaultSpansPerRequest, { seed: Number(values.seed) }),
  )
  for (const body of bodies) await pipeline.ingestOtlp('traces', body, 'protobuf', 'bench-raw')
  await queue.close()
  return spans
}

const settings = {
  memory_limit: values['memory-limit'],
  checkpoint_threshold: values['checkpoint-threshold'],
  preserve_insertion_order: 'false',
}

// The schema exactly as the server creates it.
const backend = createDuckDbBackend({
  dataDir,
  memoryLimit: settings.memory_limit,
  checkpointThreshold: settings.checkpoint_threshold,
})
await backend.open()
await backend.close()

const poolSpans = await captureServerSpans()

function roundSpans(round: number): Span[] {
  return poolSpans.map((s) => ({
    ...s,
    traceId: rewriteHexId(s.traceId, round),
    spanId: rewriteHexId(s.spanId, round),
    parentSpanId: s.parentSpanId === null ? null : rewriteHexId(s.parentSpanId, round),
  }))
}

const instance = await DuckDBInstance.create(join(dataDir, duckDbFileName), settings)
const connection = await instance.connect()

let elapsedMs = 0
let toRowMs = 0
let longestBatchMs = 0
let batches = 0
let appended = 0
let peakRss = process.memoryUsage().rss
for (let round = 0; appended < totalRows; round++) {
  const spans = roundSpans(round)
  for (let i = 0; i < spans.length && appended < totalRows; i += batchRows) {
    const n = Math.min(batchRows, spans.length - i, totalRows - appended)
    const tRows = performance.now()
    const batch: RowValue[][] = spans.slice(i, i + n).map(spanRowMapper.toRow)
    const t0 = performance.now()
    toRowMs += t0 - tRows
    await connection.run('BEGIN TRANSACTION')
    const appender = await connection.createAppender('spans')
    makeDuckDbRowAppender(appender)(batch)
    appender.closeSync()
    await connection.run('COMMIT')
    const ms = performance.now() - t0
    elapsedMs += ms
    longestBatchMs = Math.max(longestBatchMs, ms)
    batches++
    appended += n
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
  }
}
const t0 = performance.now()
await connection.run('CHECKPOINT')
const checkpointMs = performance.now() - t0
connection.closeSync()
instance.closeSync()

const report: RawBaselineReport = {
  rows: appended,
  batches,
  batchRows,
  elapsedMs,
  rowsPerSecond: appended / (elapsedMs / 1000),
  toRowMs,
  rowsPerSecondWithToRow: appended / ((elapsedMs + toRowMs) / 1000),
  checkpointMs,
  longestBatchMs,
  peakRssMiB: peakRss / 1024 / 1024,
}
process.stdout.write(JSON.stringify(report) + '\n')
