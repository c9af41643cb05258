// The load generator of `npm run bench:ingest`, run as its own process so that the server's
// event loop is measured alone. It pre-encodes a pool of OTLP protobuf bodies, then sends them
// (with fresh ids each round) over N keep-alive connections and prints one JSON report line.
//
//   node --import tsx bench/ingest-sender.ts --url http://127.0.0.1:4318/v1/traces
//     [--spans 1000000] [--duration SECONDS] [--connections 8] [--pool 64] [--seed 1]
//     [--timeout 900]
//
// Only 200 answers count as acknowledged. 429/503 wait for Retry-After and retry the same body
// (each retry is counted); other answers and network errors are counted as failed and not retried.
import http from 'node:http'
import { parseArgs } from 'node:util'
import {
  defaultSpansPerRequest,
  encodeTraceBodies,
  findIdOffsets,
  generateGenAiRequests,
  rewriteIds,
} from './data-gen.js'

/** What the sender prints as its last stdout line. */
export interface SenderReport {
  requestsSent: number
  requestsAcknowledged: number
  spansAcknowledged: number
  requestsFailed: number
  /** Retries after 429/503 (each also waited for Retry-After). */
  retries: number
  status429: number
  status503: number
  /** Other statuses and network errors, by status code or error code. */
  failures: Record<string, number>
  /** From the first request sent to the last answer received. */
  elapsedMs: number
  /** Wall-clock ms (Date.now()) when sending started and ended. */
  startedAtMs: number
  endedAtMs: number
  /** Latency of acknowledged attempts, ms. */
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number }
  /** Spans acknowledged in each whole second of the run. */
  spansPerSecond: number[]
  bodyBytesMean: number
  /** CPU the sender used while sending (user + system). */
  cpuSeconds: number
  timedOut: boolean
}

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    spans: { type: 'string', default: '1000000' },
    duration: { type: 'string' },
    connections: { type: 'string', default: '8' },
    pool: { type: 'string', default: '64' },
    seed: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '900' },
  },
})
if (!values.url) throw new Error('--url is required')
const target = new URL(values.url)
const totalSpans = Number(values.spans)
const durationMs = values.duration ? Number(values.duration) * 1000 : null
const connections = Number(values.connections)
const poolSize = Number(values.pool)
const timeoutMs = Number(values.timeout) * 1000
const perRequest = defaultSpansPerRequest

const pool = encodeTraceBodies(
  generateGenAiRequests(poolSize * perRequest, { seed: Number(values.seed) }),
)
const offsets = pool.map(findIdOffsets)
const bodyBytesMean = pool.reduce((s, b) => s + b.length, 0) / pool.length
const requestLimit = durationMs === null ? Math.ceil(totalSpans / perRequest) : Infinity

const agent = new http.Agent({ keepAlive: true, maxSockets: connections })

interface Answer {
  status: number
  retryAfterS: number
}

/** Seconds to wait; 1 when the header is missing or not a number of seconds. */
function parseRetryAfter(header: string | undefined): number {
  const seconds = Number(header)
  return header !== undefined && header !== '' && Number.isFinite(seconds) && seconds >= 0
    ? seconds
    : 1
}

function post(body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        method: 'POST',
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length },
        timeout: 120_000,
      },
      (res) => {
        res.resume()
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfterS: parseRetryAfter(res.headers['retry-after']),
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error('request timeout')))
    req.on('error', reject)
    req.end(body)
  })
}

const latencies: number[] = []
const perSecond: number[] = []
const failures: Record<string, number> = {}
let next = 0
let sent = 0
let acknowledged = 0
let spansAcknowledged = 0
let failed = 0
let retries = 0
let status429 = 0
let status503 = 0
let timedOut = false

const started = performance.now()
const startedAtMs = Date.now()
const cpuAtStart = process.cpuUsage()
const deadline = started + (durationMs ?? timeoutMs)
const hardDeadline = started + timeoutMs

async function worker(): Promise<void> {
  while (next < requestLimit && performance.now() < deadline) {
    const index = next++
    const body = rewriteIds(
      pool[index % poolSize]!,
      offsets[index % poolSize]!,
      Math.floor(index / poolSize),
    )
    // Every pool body holds exactly `perRequest` spans, so a fixed-count run sends a multiple.
    const spans = perRequest
    for (let attempt = 0; ; attempt++) {
      if (performance.now() > hardDeadline) {
        timedOut = true
        return
      }
      const t0 = performance.now()
      sent++
      let answer: Answer
      try {
        answer = await post(body)
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message
        failures[code] = (failures[code] ?? 0) + 1
        failed++
        break
      }
      const t1 = performance.now()
      if (answer.status === 200) {
        latencies.push(t1 - t0)
        acknowledged++
        spansAcknowledged += spans
        const second = Math.floor((t1 - started) / 1000)
        perSecond[second] = (perSecond[second] ?? 0) + spans
        break
      }
      if ((answer.status === 429 || answer.status === 503) && attempt < 1000) {
        if (answer.status === 429) status429++
        else status503++
        retries++
        await new Promise((r) => setTimeout(r, answer.retryAfterS * 1000))
        continue
      }
      failures[String(answer.status)] = (failures[String(answer.status)] ?? 0) + 1
      failed++
      break
    }
  }
}

await Promise.all(Array.from({ length: connections }, () => worker()))
const elapsedMs = performance.now() - started
const cpu = process.cpuUsage(cpuAtStart)
agent.destroy()

const sorted = Float64Array.from(latencies).sort()
const at = (q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN
const report: SenderReport = {
  requestsSent: sent,
  requestsAcknowledged: acknowledged,
  spansAcknowledged,
  requestsFailed: failed,
  retries,
  status429,
  status503,
  failures,
  elapsedMs,
  startedAtMs,
  endedAtMs: Date.now(),
  latencyMs: {
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    mean: latencies.reduce((s, x) => s + x, 0) / (latencies.length || 1),
  },
  spansPerSecond: Array.from(perSecond, (x) => x ?? 0),
  bodyBytesMean,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  timedOut,
}
process.stdout.write(JSON.stringify(report) + '\n')
