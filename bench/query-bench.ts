// `npm run bench:query`: the read API over a large generated data set, next to the same SQL run
// straight on DuckDB in the same run (the ratio is the API's overhead).
//
//   npm run bench:query -- [--spans 10000000] [--days 30] [--range-days 7] [--data-dir DIR]
//     [--repeats 15] [--warmup 3] [--only dashboard,costs,...] [--memory-limit 2GB]
//
// 1. Data: bench/query-data.ts writes N spans over D days into DIR (kept: a later run with the
//    same --spans/--days/--seed reuses it; the default DIR is per span count under the tmpdir).
//    The data's project `bench` is made the default project, so the server's init key (given
//    by env below) resolves to it.
// 2. Raw: the bench opens the DuckDB file itself (no server: one process may open it) under a
//    SqlBackend whose driver runs in this thread, builds the real app on it and sends each
//    request once with app.inject(), recording every statement the route runs (so the SQL is
//    the server's, byte for byte). The statements of each request are then replayed on the
//    direct connections, in the same waves (statements the route issued together run
//    together), `warmup` times, then `repeats` times timed.
// 3. API: the server (apps/server/src/main.ts) runs as a child process on the same DIR and
//    each request is sent over HTTP with fetch, `warmup` + `repeats` times; the first answer
//    must equal the injected one (same data, same code).
// 4. A table: endpoint, raw and API median/p95 (ms), API/raw, target, pass.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual, parseArgs } from 'node:util'
import pino from 'pino'
import {
  SqlBackend,
  duckDbDialect,
  duckDbFileName,
  duckDbMigrations,
  type RowValue,
} from '@llm-observatory/storage'
import { buildApp, createServices, loadConfig } from '@llm-observatory/server'
import { DirectDuckDbDriver, toWaves, type RecordedStatement } from './direct-duckdb-driver.js'
import { loadQueryData, searchWord, type QueryDataReport } from './query-data.js'

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: '10000000' },
    days: { type: 'string', default: '30' },
    'range-days': { type: 'string', default: '7' },
    seed: { type: 'string', default: '1' },
    'data-dir': { type: 'string' },
    repeats: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    only: { type: 'string' },
    'dump-sql': { type: 'string' },
    /** Also time each statement of the first request of each case alone (median of 5). */
    statements: { type: 'boolean', default: false },
    'memory-limit': { type: 'string', default: '2GB' },
  },
})

const root = fileURLToPath(new URL('..', import.meta.url))
const projectId = 'bench'
const publicKey = 'pk-bench-query'
const secretKey = 'sk-bench-query-0123456789'
const repeats = Number(values.repeats)
const warmup = Number(values.warmup)
const spanCount = Number(values.spans)
const days = Number(values.days)
const seed = Number(values.seed)
const dataDir = values['data-dir'] ?? join(tmpdir(), `observatory-query-bench-${spanCount}`)

interface DataInfo {
  spans: number
  days: number
  seed: number
  projectId: string
  endMs: number
  report: QueryDataReport
}

// --- 1. data -------------------------------------------------------------------------------
const markerPath = join(dataDir, 'query-bench.json')
let data: DataInfo
const cached = existsSync(markerPath)
  ? (JSON.parse(readFileSync(markerPath, 'utf8')) as DataInfo)
  : null
if (
  cached &&
  cached.spans === Math.ceil(spanCount / 4) * 4 &&
  cached.days === days &&
  cached.seed === seed
) {
  data = cached
  process.stdout.write(`data: reusing ${dataDir}\n`)
} else {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0)
    throw new Error(`${dataDir} holds other data; give an empty or new --data-dir`)
  mkdirSync(dataDir, { recursive: true })
  // Whole hours, so day and hour buckets line up with the range.
  const endMs = Math.floor(Date.now() / 3_600_000) * 3_600_000
  process.stdout.write(
    `data: loading ${spanCount.toLocaleString('en-US')} spans into ${dataDir}…\n`,
  )
  const report = await loadQueryData({ dataDir, spans: spanCount, days, projectId, endMs, seed })
  data = { spans: report.spans, days, seed, projectId, endMs, report }
  writeFileSync(markerPath, JSON.stringify(data, null, 2))
}
const fileMiB = statSync(join(dataDir, duckDbFileName)).size / 2 ** 20

const toMs = data.endMs
const fromMs = toMs - Number(values['range-days']) * 86_400_000
const range = `from=${new Date(fromMs).toISOString()}&to=${new Date(toMs).toISOString()}`

// --- the requests ----------------------------------------------------------------------------
interface BenchRequest {
  method: 'GET' | 'POST'
  url: string
  body?: unknown
}

interface Case {
  name: string
  /** Median API time to stay under (ms), null when the issue sets none. */
  targetMs: number | null
  /** Most API/raw allowed (medians), null when the issue sets none. */
  maxRatio: number | null
  /** Cycled through over the repeats. */
  requests: BenchRequest[]
}

function buildCases(traceIds: readonly string[]): Case[] {
  const get = (url: string): BenchRequest => ({ method: 'GET', url })
  const analytics = (name: string, url: string, targetMs: number | null): Case => ({
    name,
    targetMs,
    maxRatio: targetMs === null ? null : 1.5,
    requests: [get(url)],
  })
  const all: Case[] = [
    analytics('dashboard', `/api/v1/analytics/dashboard?${range}`, 150),
    analytics('costs', `/api/v1/analytics/costs?${range}`, 150),
    analytics(
      'costs by model, daily',
      `/api/v1/analytics/costs?${range}&group_by=model&interval=1d`,
      150,
    ),
    analytics('performance', `/api/v1/analytics/performance?${range}`, 150),
    analytics(
      'performance by model, daily',
      `/api/v1/analytics/performance?${range}&group_by=model&interval=1d`,
      150,
    ),
    analytics(
      'requests/timeseries',
      `/api/v1/analytics/requests/timeseries?${range}&interval=1h`,
      null,
    ),
    analytics('providers', `/api/v1/analytics/providers?${range}`, null),
    analytics('errors', `/api/v1/analytics/errors?${range}`, null),
    analytics(
      'models/compare',
      `/api/v1/models/compare?${range}&models=gpt-4o-mini,gpt-4o,claude-3-5-sonnet-20241022`,
      null,
    ),
    {
      name: 'trace by id',
      targetMs: 50,
      maxRatio: null,
      requests: traceIds.map((id) => get(`/api/v1/traces/${id}`)),
    },
    {
      name: 'search: traces?q=',
      targetMs: 300,
      maxRatio: null,
      requests: [get(`/api/v1/traces?${range}&q=${searchWord}`)],
    },
    {
      name: 'search: spans?q=',
      targetMs: 300,
      maxRatio: null,
      requests: [get(`/api/v1/spans?${range}&q=${searchWord}`)],
    },
    {
      name: 'search: POST traces/search',
      targetMs: 300,
      maxRatio: null,
      requests: [
        {
          method: 'POST',
          url: '/api/v1/traces/search',
          body: {
            time_range: { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() },
            filters: {
              operator: 'AND',
              conditions: [
                { field: 'input_text', operator: 'search', value: searchWord },
                { field: 'environment', operator: 'eq', value: 'production' },
              ],
            },
            pagination: { per_page: 50 },
          },
        },
      ],
    },
  ]
  return all.filter((c) => !values.only || values.only.split(',').some((n) => c.name.startsWith(n)))
}

// --- 2. raw ----------------------------------------------------------------------------------
interface Timing {
  median: number
  p95: number
  samples: number[]
}

function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
  return { median: at(0.5), p95: at(0.95), samples }
}

async function timeRepeated(run: (i: number) => Promise<void>): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await run(i)
  const samples: number[] = []
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now()
    await run(i)
    samples.push(performance.now() - t0)
  }
  return summarize(samples)
}

const duckDbConfig = {
  memory_limit: values['memory-limit'],
  checkpoint_threshold: '256MB',
  preserve_insertion_order: 'false',
}
const driver = new DirectDuckDbDriver(join(dataDir, duckDbFileName), duckDbConfig, 2)
const backend = new SqlBackend({
  engine: 'duckdb',
  capabilities: { supportsConcurrentWriters: false, needsReadDedup: false },
  driver,
  dialect: duckDbDialect,
  migrations: duckDbMigrations,
  logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
})
await backend.open()
if ((await backend.getProject(projectId)) === null)
  await backend.createProject({
    id: projectId,
    name: 'Bench',
    createdAtUs: Date.now() * 1000,
    isDefault: true,
  })
const traceIds = (
  await driver.run(
    'SELECT trace_id FROM traces WHERE project_id = $1 ORDER BY hash(trace_id) LIMIT 16',
    [projectId],
  )
).map((row) => String(row['trace_id']))
const cases = buildCases(traceIds)

const serverEnv = {
  OBSERVATORY_DATA_DIR: dataDir,
  OBSERVATORY_DUCKDB_MEMORY_LIMIT: values['memory-limit'],
  OBSERVATORY_INIT_PROJECT_PUBLIC_KEY: publicKey,
  OBSERVATORY_INIT_PROJECT_SECRET_KEY: secretKey,
}
const services = await createServices(
  loadConfig({ ...serverEnv, OBSERVATORY_LOG_LEVEL: 'silent' }, []),
  pino({ level: 'silent' }),
  { backend },
)
if (services.bootstrap.defaultProject.id !== projectId)
  throw new Error(`the default project is ${services.bootstrap.defaultProject.id}, not bench`)
const app = await buildApp(services.deps)
const authorization = `Bearer ${secretKey}`

interface Capture {
  waves: RecordedStatement[][]
  data: unknown
}
const captures = new Map<string, Capture[]>()
const raw = new Map<string, Timing>()
for (const c of cases) {
  const list: Capture[] = []
  for (const request of c.requests) {
    driver.recording = []
    const res = await app.inject({
      method: request.method,
      url: request.url,
      headers: { authorization },
      ...(request.body === undefined ? {} : { payload: request.body as object }),
    })
    const statements = driver.recording
    driver.recording = null
    if (res.statusCode !== 200)
      throw new Error(`${c.name}: ${request.url} answered ${res.statusCode}: ${res.body}`)
    const body = res.json<{ data: unknown }>()
    if (isEmptyAnswer(body.data))
      process.stdout.write(`warning: ${c.name} answered no data (${request.url})\n`)
    // The key lookup runs once a minute (the server caches keys): not part of the endpoint.
    const own = statements.filter((st) => !st.sql.includes('FROM "api_keys"'))
    list.push({ waves: toWaves(own), data: body.data })
  }
  captures.set(c.name, list)
  const rawTiming = await timeRepeated(async (i) => {
    const capture = list[i % list.length]!
    for (const wave of capture.waves)
      await Promise.all(wave.map((s) => driver.run(s.sql, s.params as RowValue[])))
  })
  raw.set(c.name, rawTiming)
  if (values.statements)
    for (const [w, wave] of list[0]!.waves.entries())
      for (const st of wave) {
        const samples: number[] = []
        for (let i = 0; i < 5; i++) {
          const t0 = performance.now()
          await driver.run(st.sql, st.params)
          samples.push(performance.now() - t0)
        }
        const from = st.sql.match(/FROM ("\w+")/)?.[1] ?? '?'
        process.stderr.write(
          `  ${c.name} wave ${w + 1}: ${summarize(samples).median.toFixed(1)} ms  ${from}  ${st.sql.slice(0, 90)}…\n`,
        )
      }
  process.stderr.write(`raw ${c.name}: median ${rawTiming.median.toFixed(1)} ms\n`)
}
await app.close()
await services.close()
if (values['dump-sql'])
  writeFileSync(
    values['dump-sql'],
    cases
      .map((c) =>
        captures
          .get(c.name)![0]!
          .waves.map((wave, w) =>
            wave
              .map(
                (s) =>
                  `-- ${c.name}, wave ${w + 1}\n-- params: ${JSON.stringify(s.params)}\n${s.sql};\n`,
              )
              .join('\n'),
          )
          .join('\n'),
      )
      .join('\n'),
  )

/**
 * The first place two answers differ (null when equal); numbers may differ in their last
 * bits: parallel sums and averages add in a different order from one run to the next.
 */
function findDifference(a: unknown, b: unknown, path = 'data'): string | null {
  if (typeof a === 'number' && typeof b === 'number')
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))
      ? null
      : `${path}: ${a} vs ${b}`
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: ${a.length} vs ${b.length} items`
    for (const [i, x] of a.entries()) {
      const d = findDifference(x, b[i], `${path}[${i}]`)
      if (d !== null) return d
    }
    return null
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    for (const k of keys) {
      const d = findDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${path}.${k}`,
      )
      if (d !== null) return d
    }
    return null
  }
  return isDeepStrictEqual(a, b) ? null : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`
}

function isEmptyAnswer(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0
  const totals = (value as { totals?: { requests?: number } } | null)?.totals
  const requests = (value as { requests?: { value?: number } } | null)?.requests
  return totals?.requests === 0 || requests?.value === 0
}

// --- 3. API ----------------------------------------------------------------------------------
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function waitForHealth(port: number, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`)
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error('server did not become healthy in time')
}

function stopServer(server: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    if (server.exitCode !== null) return resolve(server.exitCode)
    const timer = setTimeout(() => server.kill('SIGKILL'), timeoutMs)
    server.once('exit', (code) => {
      clearTimeout(timer)
      resolve(code)
    })
    server.kill('SIGTERM')
  })
}

const apiPort = await freePort()
const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'apps/server/src/main.ts')], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'pipe'],
  env: {
    ...process.env,
    ...serverEnv,
    OBSERVATORY_HOST: '127.0.0.1',
    OBSERVATORY_PORT: String(apiPort),
    OBSERVATORY_OTLP_HTTP_PORT: '0',
    OBSERVATORY_OTLP_GRPC_PORT: '0',
    OBSERVATORY_LOG_LEVEL: 'warn',
  },
})
let serverStderr = ''
server.stderr.on('data', (chunk: Buffer) => {
  serverStderr = (serverStderr + chunk.toString()).slice(-4000)
})
process.on('exit', () => {
  if (server.exitCode === null) server.kill('SIGKILL')
})

const api = new Map<string, Timing>()
const mismatches: string[] = []
try {
  await waitForHealth(apiPort, server, 120_000)
  const send = async (request: BenchRequest): Promise<unknown> => {
    const res = await fetch(`http://127.0.0.1:${apiPort}${request.url}`, {
      method: request.method,
      headers: {
        authorization,
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    })
    const text = await res.text()
    if (res.status !== 200) throw new Error(`${request.url} answered ${res.status}: ${text}`)
    return text
  }
  for (const c of cases) {
    const list = captures.get(c.name)!
    for (const [i, request] of c.requests.entries()) {
      const answer = JSON.parse((await send(request)) as string) as { data: unknown }
      const difference = findDifference(answer.data, list[i]!.data)
      if (difference !== null) mismatches.push(`${c.name} (${difference})`)
    }
    const apiTiming = await timeRepeated(async (i) => {
      await send(c.requests[i % c.requests.length]!)
    })
    api.set(c.name, apiTiming)
    process.stderr.write(`API ${c.name}: median ${apiTiming.median.toFixed(1)} ms\n`)
  }
} catch (err) {
  process.stderr.write(`server stderr (tail):\n${serverStderr}\n`)
  throw err
} finally {
  await stopServer(server, 120_000)
}

// --- 4. report -------------------------------------------------------------------------------
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const header = [
  'endpoint',
  'SQL',
  'raw med / p95',
  'API med / p95',
  'API/raw',
  'target',
  'pass',
] as const
const table: string[][] = cases.map((c) => {
  const r = raw.get(c.name)!
  const a = api.get(c.name)!
  const ratio = a.median / r.median
  const waves = captures.get(c.name)![0]!.waves
  const statements = waves.reduce((n, w) => n + w.length, 0)
  const isPass =
    c.targetMs === null
      ? null
      : a.median < c.targetMs && (c.maxRatio === null || ratio <= c.maxRatio)
  return [
    c.name,
    `${statements} in ${waves.length}`,
    `${fmt(r.median, 1)} / ${fmt(r.p95, 1)}`,
    `${fmt(a.median, 1)} / ${fmt(a.p95, 1)}`,
    fmt(ratio, 2),
    c.targetMs === null
      ? '-'
      : `<${c.targetMs} ms${c.maxRatio === null ? '' : `, ≤${fmt(c.maxRatio, 1)}×`}`,
    isPass === null ? '' : isPass ? 'pass' : 'FAIL',
  ]
})
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)))
const line = (cells: readonly string[]) =>
  '  ' +
  cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
const report = data.report
process.stdout.write(
  [
    '',
    'Query API benchmark',
    `  machine    ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    `  data       ${fmt(data.spans)} spans (${fmt(report.traces)} traces) over ${data.days} days, 90 % in project ${projectId}; ${fmt(fileMiB)} MiB file; load ${fmt(report.loadMs / 1000, 1)} s + checkpoint ${fmt(report.checkpointMs / 1000, 1)} s`,
    `  range      last ${values['range-days']} days of the data (${new Date(fromMs).toISOString()} .. ${new Date(toMs).toISOString()})`,
    `  timing     ${warmup} warm-up + ${repeats} timed calls each, ms; raw = the route's SQL replayed on 2 direct connections (SQL column: statements in waves); DuckDB memory_limit ${values['memory-limit']}`,
    '',
    line(header),
    ...table.map(line),
    '',
    mismatches.length === 0
      ? '  every HTTP answer equals the injected one'
      : `  answers differing from the injected ones: ${mismatches.join(', ')}`,
    '',
  ].join('\n'),
)
process.stdout.write(
  JSON.stringify({
    spans: data.spans,
    fileMiB,
    results: cases.map((c) => ({
      name: c.name,
      raw: raw.get(c.name)!.samples.map((n) => Math.round(n * 10) / 10),
      api: api.get(c.name)!.samples.map((n) => Math.round(n * 10) / 10),
    })),
  }) + '\n',
)
