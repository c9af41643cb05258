// `npm run bench:ingest`: OTLP/HTTP protobuf ingest throughput of the real server, next to the
// raw DuckDB appender rate of the same rows measured in the same run (the ratio is the headline).
//
//   npm run bench:ingest -- [--spans 1000000] [--duration SECONDS] [--connections 8]
//     [--semi-space MB] [--cpu-prof DIR] [--no-raw] [--keep-data]
//     [--memory-limit 2GB] [--checkpoint-threshold 256MB] [--flush-interval-ms N]
//
// 1. Starts the server (`apps/server/src/main.ts`) as a child process on a fresh data dir.
// 2. A separate sender process (bench/ingest-sender.ts) posts pre-encoded 512-span requests
//    over N keep-alive connections; the server answers 200 only after the rows are committed.
//    Meanwhile the server's VmHWM/VmRSS are sampled from /proc.
// 3. Stops the server (SIGTERM: drain, checkpoint) and counts the rows it stored.
// 4. Runs bench/ingest-raw-baseline.ts on another fresh dir: the same rows, appended directly
//    in batches of the server's mean commit size, with the same DuckDB settings.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createDuckDbBackend } from '@llm-observatory/storage'
import { formatProfileSummary, summarizeCpuProfile } from './cpuprofile-top.js'
import type { RawBaselineReport } from './ingest-raw-baseline.js'
import type { SenderReport } from './ingest-sender.js'

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: '1000000' },
    duration: { type: 'string' },
    connections: { type: 'string', default: '8' },
    pool: { type: 'string', default: '64' },
    seed: { type: 'string', default: '1' },
    'semi-space': { type: 'string' },
    'cpu-prof': { type: 'string' },
    'no-raw': { type: 'boolean', default: false },
    'keep-data': { type: 'boolean', default: false },
    'memory-limit': { type: 'string', default: '2GB' },
    'checkpoint-threshold': { type: 'string', default: '256MB' },
    'flush-interval-ms': { type: 'string' },
    timeout: { type: 'string', default: '900' },
  },
})

const root = fileURLToPath(new URL('..', import.meta.url))
const benchDir = join(root, 'bench')
const timeoutS = Number(values.timeout)

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

function readProcStatus(pid: number): { hwmKiB: number; rssKiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0)
    return { hwmKiB: kib('VmHWM'), rssKiB: kib('VmRSS') }
  } catch {
    return null
  }
}

/** CPU time (user + system, seconds) of each thread of a process, by thread id. */
function readThreadCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>()
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      // Fields after the parenthesized name: state is field 3, utime 14, stime 15 (clock ticks).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond)
    }
  } catch {
    // the process is gone
  }
  return out
}
// USER_HZ is 100 on every Linux build Node supports.
const clockTicksPerSecond = 100

/** Runs a node script to completion and returns its last stdout line parsed as JSON. */
function runJsonChild<T>(
  nodeArgs: string[],
  script: string,
  args: string[],
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      const last = out.trim().split('\n').pop() ?? ''
      if (code !== 0) return reject(new Error(`${script} exited with ${code ?? signal}`))
      try {
        resolve(JSON.parse(last) as T)
      } catch {
        reject(new Error(`${script} printed no JSON report: ${last.slice(0, 200)}`))
      }
    })
  })
}

async function waitForHealth(port: number, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`)
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error('server did not become healthy in time')
}

interface QueueStats {
  committedRows?: number
  committedGroups?: number
  failedGroups?: number
}

async function readQueueStats(port: number): Promise<QueueStats> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`)
    const body = (await res.json()) as { data?: { queue?: QueueStats } }
    return body.data?.queue ?? {}
  } catch {
    return {}
  }
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

async function countStoredSpans(dataDir: string): Promise<number> {
  const backend = createDuckDbBackend({
    dataDir,
    memoryLimit: values['memory-limit'],
    checkpointThreshold: values['checkpoint-threshold'],
  })
  await backend.open()
  try {
    let spans = 0
    for (const project of await backend.listProjects())
      spans += (await backend.countRows(project.id)).spans
    return spans
  } finally {
    await backend.close()
  }
}

/** One file per thread: the main thread's and the DuckDB worker's (`CPU.<date>.<pid>.<tid>…`). */
function listCpuProfiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .map((f) => join(dir, f))
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a'

// --- 1. server -----------------------------------------------------------------------------
const serverDir = mkdtempSync(join(tmpdir(), 'observatory-bench-server-'))
const rawDir = mkdtempSync(join(tmpdir(), 'observatory-bench-raw-'))
const [apiPort, otlpPort] = [await freePort(), await freePort()]
const serverNodeArgs: string[] = []
if (values['semi-space']) serverNodeArgs.push(`--max-semi-space-size=${values['semi-space']}`)
// A fresh folder under the given one, so only this run's profiles are summarized.
const cpuProfileDir = values['cpu-prof']
  ? mkdtempSync(join(values['cpu-prof'], 'ingest-bench-'))
  : null
if (cpuProfileDir) serverNodeArgs.push('--cpu-prof', '--cpu-prof-dir', cpuProfileDir)

const server = spawn(
  process.execPath,
  [...serverNodeArgs, '--import', 'tsx', join(root, 'apps/server/src/main.ts')],
  {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      OBSERVATORY_HOST: '127.0.0.1',
      OBSERVATORY_PORT: String(apiPort),
      OBSERVATORY_OTLP_HTTP_PORT: String(otlpPort),
      OBSERVATORY_OTLP_GRPC_PORT: '0',
      OBSERVATORY_DATA_DIR: serverDir,
      OBSERVATORY_LOG_LEVEL: 'warn',
      OBSERVATORY_DUCKDB_MEMORY_LIMIT: values['memory-limit'],
      OBSERVATORY_DUCKDB_CHECKPOINT_THRESHOLD: values['checkpoint-threshold'],
      ...(values['flush-interval-ms']
        ? { OBSERVATORY_FLUSH_INTERVAL_MS: values['flush-interval-ms'] }
        : {}),
    },
  },
)
let serverStderr = ''
server.stderr.on('data', (chunk: Buffer) => {
  serverStderr = (serverStderr + chunk.toString()).slice(-4000)
})
const cleanup = () => {
  if (server.exitCode === null) server.kill('SIGKILL')
}
process.on('exit', cleanup)

let sender: SenderReport
let peakHwmKiB = 0
let peakRssKiB = 0
let queueStats: QueueStats = {}
let storedSpans = Number.NaN
let serverExit: number | null = null
/** Busy share of each server thread while the sender ran (1 = one core all the time). */
const threadCpu: { tid: number; share: number; isMain: boolean }[] = []
try {
  await waitForHealth(apiPort, server, 60_000)
  const sample = () => {
    const s = readProcStatus(server.pid!)
    if (s) {
      peakHwmKiB = Math.max(peakHwmKiB, s.hwmKiB)
      peakRssKiB = Math.max(peakRssKiB, s.rssKiB)
    }
  }
  const sampler = setInterval(sample, 100)
  const cpuBefore = readThreadCpu(server.pid!)
  const wallBefore = performance.now()
  try {
    sender = await runJsonChild<SenderReport>(
      [],
      join(benchDir, 'ingest-sender.ts'),
      [
        '--url',
        `http://127.0.0.1:${otlpPort}/v1/traces`,
        '--spans',
        values.spans,
        ...(values.duration ? ['--duration', values.duration] : []),
        '--connections',
        values.connections,
        '--pool',
        values.pool,
        '--seed',
        values.seed,
        '--timeout',
        String(timeoutS),
      ],
      (timeoutS + 120) * 1000,
    )
    queueStats = await readQueueStats(apiPort)
    sample()
    const wallS = (performance.now() - wallBefore) / 1000
    for (const [tid, cpu] of readThreadCpu(server.pid!)) {
      const used = cpu - (cpuBefore.get(tid) ?? 0)
      if (used > 0) threadCpu.push({ tid, share: used / wallS, isMain: tid === server.pid })
    }
    threadCpu.sort((a, b) => b.share - a.share)
  } finally {
    clearInterval(sampler)
  }
} catch (err) {
  process.stderr.write(`server stderr (tail):\n${serverStderr}\n`)
  throw err
} finally {
  serverExit = await stopServer(server, 300_000)
}
storedSpans = await countStoredSpans(serverDir)

// --- 2. raw appender baseline ----------------------------------------------------------------
const meanGroupRows =
  queueStats.committedRows && queueStats.committedGroups
    ? Math.round(queueStats.committedRows / queueStats.committedGroups)
    : 4096
let raw: RawBaselineReport | null = null
if (!values['no-raw']) {
  raw = await runJsonChild<RawBaselineReport>(
    [],
    join(benchDir, 'ingest-raw-baseline.ts'),
    [
      '--data-dir',
      rawDir,
      '--spans',
      String(sender.spansAcknowledged),
      '--batch-rows',
      String(meanGroupRows),
      '--pool',
      values.pool,
      '--seed',
      values.seed,
      '--memory-limit',
      values['memory-limit'],
      '--checkpoint-threshold',
      values['checkpoint-threshold'],
    ],
    timeoutS * 1000,
  )
}

// --- 3. report ---------------------------------------------------------------------------------
const serverRate = sender.spansAcknowledged / (sender.elapsedMs / 1000)
const steady = sender.spansPerSecond.slice(1, -1).sort((a, b) => a - b)
const rows: [string, string][] = [
  [
    'machine',
    `${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  ],
  ['server node flags', serverNodeArgs.join(' ') || '(none)'],
  [
    'DuckDB settings',
    `memory_limit=${values['memory-limit']}, checkpoint_threshold=${values['checkpoint-threshold']}`,
  ],
  ['connections', values.connections],
  [
    'request body',
    `512 spans, ${fmt(sender.bodyBytesMean / 1024, 1)} KiB (${fmt(sender.bodyBytesMean / 512)} B/span), protobuf`,
  ],
  [
    'spans acknowledged (200)',
    `${fmt(sender.spansAcknowledged)} in ${fmt(sender.elapsedMs / 1000, 1)} s`,
  ],
  ['server spans/s (sustained)', fmt(serverRate)],
  [
    'per-second spans/s min / median',
    steady.length ? `${fmt(steady[0]!)} / ${fmt(steady[Math.floor(steady.length / 2)]!)}` : 'n/a',
  ],
  [
    'request latency p50 / p90 / p99 / max',
    `${fmt(sender.latencyMs.p50)} / ${fmt(sender.latencyMs.p90)} / ${fmt(sender.latencyMs.p99)} / ${fmt(sender.latencyMs.max)} ms`,
  ],
  ['429 / 503 answers (retried)', `${sender.status429} / ${sender.status503}`],
  [
    'failed requests',
    sender.requestsFailed ? `${sender.requestsFailed} ${JSON.stringify(sender.failures)}` : '0',
  ],
  ['server peak RSS (VmHWM)', `${fmt(peakHwmKiB / 1024)} MiB`],
  [
    'server CPU while sending (cores)',
    `${fmt(
      threadCpu.reduce((s, t) => s + t.share, 0),
      2,
    )} total; main thread ${fmt(threadCpu.find((t) => t.isMain)?.share ?? 0, 2)}; busiest others ${threadCpu
      .filter((t) => !t.isMain)
      .slice(0, 4)
      .map((t) => fmt(t.share, 2))
      .join(', ')}`,
  ],
  ['sender CPU (cores)', fmt(sender.cpuSeconds / (sender.elapsedMs / 1000), 2)],
  [
    'commit groups (mean rows)',
    queueStats.committedGroups
      ? `${fmt(queueStats.committedGroups)} (${fmt(meanGroupRows)})`
      : 'n/a',
  ],
  [
    'spans in the DB after stop',
    `${fmt(storedSpans)}${storedSpans === sender.spansAcknowledged ? ' (= acknowledged)' : ` (acknowledged ${fmt(sender.spansAcknowledged)}!)`}`,
  ],
  ['server exit code', String(serverExit)],
]
if (raw) {
  rows.push(
    [
      'raw appender + COMMIT rows/s (same rows, settings)',
      `${fmt(raw.rowsPerSecond)} (${fmt(raw.batches)} batches of ${fmt(raw.batchRows)}, longest ${fmt(raw.longestBatchMs)} ms, final checkpoint ${fmt(raw.checkpointMs)} ms, peak RSS ${fmt(raw.peakRssMiB)} MiB)`,
    ],
    [
      'raw counting toRow (row mapping) too',
      `${fmt(raw.rowsPerSecondWithToRow)} (toRow ${fmt((raw.toRowMs * 1000) / raw.rows, 1)} µs/row)`,
    ],
    ['server / raw (headline)', fmt(serverRate / raw.rowsPerSecond, 2)],
    ['server / raw counting toRow', fmt(serverRate / raw.rowsPerSecondWithToRow, 2)],
  )
}
const width = Math.max(...rows.map(([k]) => k.length))
process.stdout.write(
  '\nOTLP/HTTP ingest benchmark\n' +
    rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n') +
    '\n',
)
if (cpuProfileDir) {
  for (const file of listCpuProfiles(cpuProfileDir)) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Parameters<
      typeof summarizeCpuProfile
    >[0]
    const summary = summarizeCpuProfile(profile)
    const idle = summary.areas.find((a) => a.name === '(idle)')?.share ?? 0
    // Node numbers threads in the file name (CPU.<date>.<time>.<pid>.<thread>.<seq>): 0 is the
    // main thread; loader threads of tsx sit idle and are left out.
    const thread = /\.(\d+)\.\d+\.cpuprofile$/.exec(file)?.[1]
    if (idle > 0.97) continue
    const label = thread === '0' ? 'main thread' : `worker thread ${thread}`
    process.stdout.write(
      `\nserver CPU profile, ${label} (${file})\n${formatProfileSummary(summary)}\n`,
    )
  }
}

if (!values['keep-data']) {
  rmSync(serverDir, { recursive: true, force: true })
  rmSync(rawDir, { recursive: true, force: true })
} else {
  process.stdout.write(`\ndata kept: ${serverDir} ${rawDir}\n`)
}
