// `npm run bench:ingest:stages`: where the ingest time goes, stage by stage, in one process on
// the data of bench:ingest (no HTTP). Prints spans/s and µs per span for each stage.
//
//   npm run bench:ingest:stages -- [--spans 327680] [--pool 64] [--concurrency 8] [--batch-rows 4096]
//     [--flush-interval-ms 50]
//     [--memory-limit 2GB] [--checkpoint-threshold 256MB]
//
// Stages, each timed on its own over the same spans (a round = the pool of 512-span bodies,
// with fresh ids per round):
//   decode      decodeOtlpTraces(body, 'protobuf')
//   normalize   normalizeOtlpTraces(request, ctx)
//   enrich      cost and token enrichment (IngestPipeline.ingestSpans into a queue that drops)
//   to rows     spanRowMapper.toRow + computeTraceParts (the main-thread part of backend.write)
//   rows to JSON / JSON to rows
//               how the DuckDB driver hands rows to its worker thread (main / worker side);
//               structuredClone of the same rows is timed as the alternative
//   append / appender close / COMMIT
//               the rows of `to rows` straight into DuckDB's appender on this thread (another
//               fresh file, same settings), `--batch-rows` per transaction: the engine's share
//   write       WriteQueue + DuckDB backend.write: rows to the worker thread, appender, COMMIT,
//               fed by `concurrency` submitters of 512 spans like the server's requests
//   pipeline    IngestPipeline.ingestOtlp end to end (decode … commit), `concurrency` callers
// The first round warms the JIT up and is not counted.
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DuckDBInstance } from '@duckdb/node-api'
import type { Span } from '@llm-observatory/core'
import {
  IngestPipeline,
  PriceCatalog,
  TokenCounter,
  WriteQueue,
  decodeOtlpTraces,
  normalizeOtlpTraces,
} from '@llm-observatory/ingest'
import {
  computeTraceParts,
  createDuckDbBackend,
  duckDbFileName,
  makeDuckDbRowAppender,
  makeWriteBatch,
  spanRowMapper,
} from '@llm-observatory/storage'
import {
  defaultSpansPerRequest,
  encodeTraceBodies,
  findIdOffsets,
  generateGenAiRequests,
  rewriteIds,
} from './data-gen.js'

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: String(10 * 64 * defaultSpansPerRequest) },
    pool: { type: 'string', default: '64' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '8' },
    'batch-rows': { type: 'string', default: '4096' },
    'flush-interval-ms': { type: 'string', default: '50' },
    'memory-limit': { type: 'string', default: '2GB' },
    'checkpoint-threshold': { type: 'string', default: '256MB' },
  },
})
const poolSize = Number(values.pool)
const concurrency = Number(values.concurrency)
const batchRows = Number(values['batch-rows'])
// The server's default group-commit interval (config flushIntervalMs).
const flushIntervalMs = Number(values['flush-interval-ms'])
const rounds = Math.max(1, Math.ceil(Number(values.spans) / (poolSize * defaultSpansPerRequest)))
const projectId = 'bench-stages'

const pool = encodeTraceBodies(
  generateGenAiRequests(poolSize * defaultSpansPerRequest, { seed: Number(values.seed) }),
)
const offsets = pool.map(findIdOffsets)
const roundBodies = (round: number) => pool.map((b, i) => rewriteIds(b, offsets[i]!, round + 1))

const stageMs = new Map<string, number>()
let countedSpans = 0
const time = <T>(stage: string, counted: boolean, work: () => T): T => {
  const t0 = performance.now()
  const result = work()
  if (counted) stageMs.set(stage, (stageMs.get(stage) ?? 0) + performance.now() - t0)
  return result
}
const timeAsync = async <T>(
  stage: string,
  counted: boolean,
  work: () => Promise<T>,
): Promise<T> => {
  const t0 = performance.now()
  const result = await work()
  if (counted) stageMs.set(stage, (stageMs.get(stage) ?? 0) + performance.now() - t0)
  return result
}

/** Runs `items` through `work` with at most `limit` in flight (like N client connections). */
async function runConcurrently<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>) {
  let next = 0
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!)
    }),
  )
}

// A queue that drops, so enrichment is timed without storage.
const dropQueue = new WriteQueue({ write: async () => undefined, flushIntervalMs: 1 })
const enricher = new IngestPipeline({
  queue: dropQueue,
  prices: new PriceCatalog(),
  tokens: new TokenCounter(),
})

const writeDir = mkdtempSync(join(tmpdir(), 'observatory-stages-write-'))
const rawDir = mkdtempSync(join(tmpdir(), 'observatory-stages-raw-'))
const pipelineDir = mkdtempSync(join(tmpdir(), 'observatory-stages-pipeline-'))
const backendOptions = {
  memoryLimit: values['memory-limit'],
  checkpointThreshold: values['checkpoint-threshold'],
}
const writeBackend = createDuckDbBackend({ dataDir: writeDir, ...backendOptions })
await writeBackend.open()
// The raw store: the backend's schema and settings, then DuckDB's appender on this thread.
const rawBackend = createDuckDbBackend({ dataDir: rawDir, ...backendOptions })
await rawBackend.open()
await rawBackend.close()
const rawInstance = await DuckDBInstance.create(join(rawDir, duckDbFileName), {
  memory_limit: values['memory-limit'],
  checkpoint_threshold: values['checkpoint-threshold'],
  preserve_insertion_order: 'false',
})
const raw = await rawInstance.connect()
let maxCommitMs = 0
const writeQueue = new WriteQueue({ write: (batch) => writeBackend.write(batch), flushIntervalMs })
let committedGroups = 0

try {
  for (let round = 0; round <= rounds; round++) {
    const counted = round > 0
    const bodies = roundBodies(round)
    const decoded = time('decode', counted, () =>
      bodies.map((b) => decodeOtlpTraces(b, 'protobuf')),
    )
    const receivedAtUs = Date.now() * 1000
    const perRequest: Span[][] = time('normalize', counted, () =>
      decoded.map((r) => normalizeOtlpTraces(r, { projectId, receivedAtUs }).spans),
    )
    // All at once, so the drop queue's flush timer is waited for once per round, not per request.
    await timeAsync('enrich', counted, () =>
      Promise.all(perRequest.map((spans) => enricher.ingestSpans(spans))),
    )
    const rows = time('to rows', counted, () =>
      perRequest.map((spans) => {
        computeTraceParts(spans)
        return spans.map(spanRowMapper.toRow)
      }),
    )
    // Handing rows to the DuckDB worker: the driver sends them as JSON text that the worker
    // parses; structured cloning (what postMessage does to objects) is the alternative.
    const json = time('rows to JSON (main)', counted, () => rows.map((r) => JSON.stringify(r)))
    time('JSON to rows (worker)', counted, () => json.map((j) => JSON.parse(j) as unknown))
    time('structuredClone (alternative)', counted, () => rows.map((r) => structuredClone(r)))
    const flat = rows.flat()
    for (let i = 0; i < flat.length; i += batchRows) {
      const batch = flat.slice(i, i + batchRows)
      await timeAsync('append (DuckDB appender)', counted, async () => {
        await raw.run('BEGIN TRANSACTION')
        const appender = await raw.createAppender('spans')
        makeDuckDbRowAppender(appender)(batch)
        return appender
      }).then((appender) => time('appender close', counted, () => appender.closeSync()))
      const t0 = performance.now()
      await timeAsync('COMMIT', counted, () => raw.run('COMMIT'))
      if (counted) maxCommitMs = Math.max(maxCommitMs, performance.now() - t0)
    }
    const groupsBefore = writeQueue.stats().committedGroups
    await timeAsync('write', counted, () =>
      runConcurrently(perRequest, concurrency, (spans) =>
        writeQueue.submit(makeWriteBatch({ spans })),
      ),
    )
    if (counted) {
      countedSpans += perRequest.reduce((s, spans) => s + spans.length, 0)
      committedGroups += writeQueue.stats().committedGroups - groupsBefore
    }
  }
  await writeQueue.close()
  await dropQueue.close()
  await writeBackend.close()
  raw.closeSync()
  rawInstance.closeSync()

  // The whole pipeline, as the server runs it minus HTTP, on its own fresh store.
  const pipelineBackend = createDuckDbBackend({ dataDir: pipelineDir, ...backendOptions })
  await pipelineBackend.open()
  const pipelineQueue = new WriteQueue({
    write: (batch) => pipelineBackend.write(batch),
    flushIntervalMs,
  })
  const pipeline = new IngestPipeline({
    queue: pipelineQueue,
    prices: new PriceCatalog(),
    tokens: new TokenCounter(),
  })
  for (let round = 0; round <= rounds; round++) {
    const bodies = roundBodies(round + rounds + 1)
    await timeAsync('pipeline (decode … commit)', round > 0, () =>
      runConcurrently(bodies, concurrency, (body) =>
        pipeline.ingestOtlp('traces', body, 'protobuf', projectId),
      ),
    )
  }
  await pipelineQueue.close()
  await pipelineBackend.close()
} finally {
  rmSync(writeDir, { recursive: true, force: true })
  rmSync(rawDir, { recursive: true, force: true })
  rmSync(pipelineDir, { recursive: true, force: true })
}

const lines = [...stageMs].map(([stage, ms]) => {
  const rate = countedSpans / (ms / 1000)
  return `  ${stage.padEnd(28)} ${Math.round(rate).toLocaleString('en-US').padStart(11)} spans/s ${((ms * 1000) / countedSpans).toFixed(2).padStart(8)} µs/span`
})
process.stdout.write(
  [
    `ingest stages: ${countedSpans.toLocaleString('en-US')} spans per stage (${rounds} rounds of ${poolSize} x 512, after 1 warm-up round), ${concurrency} concurrent submitters`,
    `machine: ${availableParallelism()} cores, Node ${process.version}, DuckDB memory_limit=${values['memory-limit']} checkpoint_threshold=${values['checkpoint-threshold']}`,
    `direct appender: ${batchRows} rows per transaction, longest COMMIT ${Math.round(maxCommitMs)} ms (automatic checkpoints run inside COMMIT)`,
    `write stage: flush interval ${flushIntervalMs} ms, ${committedGroups} commits, mean ${Math.round(countedSpans / Math.max(1, committedGroups))} spans per commit`,
    ...lines,
  ].join('\n') + '\n',
)
