/**
 * Harness of the compatibility tests: runs the real Observatory server as a child process
 * (`node --import tsx apps/server/src/main.ts`), the mock LLM API in-process, and one
 * instrumentation stack's `capture.cjs` (its own npm project under `stacks/<stack>/`) against
 * both; then reads everything back through the public API and files each trace under the
 * capture step that produced it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import net, { type AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startMockLlmServer } from './common/mock-llm-server.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '..', '..')
const stacksDir = path.join(here, 'stacks')

/** The init keys the test server is started with (formats checked by the server's config). */
export const publicKey = 'pk-lo-compat-test'
export const secretKey = 'sk-lo-compat-test-secret-0001'

/** What every capture sends, read from the call script itself so the texts have one source. */
export const calls = createRequire(import.meta.url)('./common/calls.cjs') as {
  SYSTEM: string
  QUESTION: string
  ANTHROPIC_MODEL: string
}

export interface ApiMessage {
  role: string
  parts: { type: string; content?: unknown; name?: string }[]
}

/** The span fields the tests read (snake_case names of `Span` in packages/core). */
export interface ApiSpan {
  trace_id: string
  span_id: string
  parent_span_id: string | null
  name: string
  kind: string
  status: string
  start_time: string
  error_type: string | null
  error_message: string | null
  service_name: string | null
  environment: string | null
  release: string | null
  scope_name: string | null
  provider: string | null
  operation: string | null
  request_model: string | null
  response_model: string | null
  model: string | null
  input_tokens: number | null
  cached_input_tokens: number | null
  cache_write_tokens: number | null
  output_tokens: number | null
  reasoning_tokens: number | null
  total_tokens: number | null
  usage_estimated: boolean
  counts_usage: boolean
  cost_usd: number | null
  cost_source: string | null
  stream: boolean | null
  ttft_ms: number | null
  input_messages: ApiMessage[] | null
  output_messages: ApiMessage[] | null
  user_id: string | null
  session_id: string | null
  tags: string[]
  metadata: Record<string, string>
  attributes: Record<string, unknown>
}

/** The trace summary fields the tests read. */
export interface ApiTrace {
  trace_id: string
  root_name: string | null
  start_time: string
  span_count: number
  has_error: boolean
  input_tokens: number | null
  output_tokens: number | null
  cost_usd: number | null
  user_id: string | null
  session_id: string | null
  tags: string[]
}

export interface CapturedTrace {
  trace: ApiTrace
  spans: ApiSpan[]
}

interface Envelope<T> {
  status: string
  data: T
}

/** Binds port 0 and releases it: good enough for a child process that binds right after. */
export async function findFreePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** The real server in a child process, with its own data directory and init keys. */
export class ObservatoryProcess {
  readonly apiBase: string
  readonly otlpBase: string
  readonly #child: ChildProcess
  readonly #dataDir: string
  readonly #output: string[]
  #exitCode: number | null = null

  private constructor(
    child: ChildProcess,
    apiPort: number,
    otlpPort: number,
    dataDir: string,
    output: string[],
  ) {
    this.#child = child
    this.apiBase = `http://127.0.0.1:${apiPort}`
    this.otlpBase = `http://127.0.0.1:${otlpPort}`
    this.#dataDir = dataDir
    this.#output = output
    child.on('exit', (code) => {
      this.#exitCode = code ?? -1
    })
  }

  /** Starts the server and resolves once `GET /health` answers 200 (60 s at most). */
  static async start(): Promise<ObservatoryProcess> {
    const [apiPort, otlpPort] = [await findFreePort(), await findFreePort()]
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'observatory-compat-'))
    const output: string[] = []
    // COMPAT_SERVER_ENTRY runs another entry point (e.g. a patched copy) with the same harness.
    const entry = process.env['COMPAT_SERVER_ENTRY'] ?? 'apps/server/src/main.ts'
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: repoRoot,
      env: {
        ...process.env,
        OBSERVATORY_HOST: '127.0.0.1',
        OBSERVATORY_PORT: String(apiPort),
        OBSERVATORY_OTLP_HTTP_PORT: String(otlpPort),
        OBSERVATORY_OTLP_GRPC_PORT: '0',
        OBSERVATORY_DATA_DIR: dataDir,
        OBSERVATORY_INIT_PROJECT_PUBLIC_KEY: publicKey,
        OBSERVATORY_INIT_PROJECT_SECRET_KEY: secretKey,
        OBSERVATORY_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout?.on('data', (b: Buffer) => output.push(b.toString()))
    child.stderr?.on('data', (b: Buffer) => output.push(b.toString()))
    const server = new ObservatoryProcess(child, apiPort, otlpPort, dataDir, output)
    try {
      await server.#waitForHealth(60_000)
    } catch (err) {
      await server.stop()
      throw err
    }
    return server
  }

  async #waitForHealth(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (this.#exitCode !== null) {
        throw new Error(
          `the server exited with ${this.#exitCode} before it was healthy:\n${this.output()}`,
        )
      }
      try {
        const res = await fetch(`${this.apiBase}/health`)
        if (res.status === 200) return
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200))
    }
    throw new Error(`the server did not answer /health within ${timeoutMs} ms:\n${this.output()}`)
  }

  /** What the server printed so far (for failure messages). */
  output(): string {
    return this.#output.join('').slice(-8000)
  }

  async get<T>(urlPath: string): Promise<T> {
    const res = await fetch(`${this.apiBase}${urlPath}`, {
      headers: { authorization: `Bearer ${secretKey}` },
    })
    const text = await res.text()
    if (res.status !== 200)
      throw new Error(`GET ${urlPath} answered ${res.status}: ${text.slice(0, 2000)}`)
    const body = JSON.parse(text) as Envelope<T>
    return body.data
  }

  /** Every trace of the project (at most 100, newest first in the API) with its spans. */
  async readAllTraces(): Promise<CapturedTrace[]> {
    const list = await this.get<ApiTrace[]>('/api/v1/traces?limit=100')
    const out: CapturedTrace[] = []
    for (const summary of list) {
      out.push(await this.get<CapturedTrace>(`/api/v1/traces/${summary.trace_id}`))
    }
    return out
  }

  /** SIGTERM (graceful: flushes and checkpoints), SIGKILL after 15 s; removes the data dir. */
  async stop(): Promise<void> {
    if (this.#exitCode === null) {
      const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()))
      this.#child.kill('SIGTERM')
      const timer = setTimeout(() => this.#child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    }
    fs.rmSync(this.#dataDir, { recursive: true, force: true })
  }
}

export interface CaptureStep {
  name: string
  startMs: number
  endMs: number
  error: string | null
}

/** One stack's run: its steps (wall-clock windows) and the traces read back per step. */
export class StackCapture {
  readonly steps: CaptureStep[]
  readonly traces: CapturedTrace[]
  readonly output: string
  readonly #byStep = new Map<string, CapturedTrace[]>()
  readonly unassigned: CapturedTrace[] = []

  constructor(steps: CaptureStep[], traces: CapturedTrace[], output: string) {
    this.steps = steps
    this.traces = traces
    this.output = output
    for (const t of traces) {
      const name = stepOf(steps, Date.parse(t.trace.start_time))
      if (name === null) this.unassigned.push(t)
      else this.#byStep.set(name, [...(this.#byStep.get(name) ?? []), t])
    }
  }

  /** The traces whose root started inside the step's window, oldest first. */
  tracesOf(step: string): CapturedTrace[] {
    if (!this.steps.some((s) => s.name === step)) {
      throw new Error(`the capture ran no step "${step}"; it printed:\n${this.output}`)
    }
    return [...(this.#byStep.get(step) ?? [])].sort((a, b) =>
      a.trace.start_time.localeCompare(b.trace.start_time),
    )
  }

  /** The only trace of a step (fails when the step produced none or several). */
  traceOf(step: string): CapturedTrace {
    const traces = this.tracesOf(step)
    if (traces.length !== 1) {
      throw new Error(
        `step "${step}" produced ${traces.length} traces, expected 1: ${describeTraces(traces)}`,
      )
    }
    return traces[0]!
  }
}

// Steps run one after another with at least 50 ms between them, so a trace belongs to the
// last step that started before it (span clocks and Date.now() agree to well under 5 ms).
function stepOf(steps: CaptureStep[], traceStartMs: number): string | null {
  let found: CaptureStep | null = null
  for (const s of steps) if (s.startMs <= traceStartMs + 5) found = s
  return found && traceStartMs <= found.endMs + 5 ? found.name : null
}

export function describeTraces(traces: CapturedTrace[]): string {
  return JSON.stringify(traces.map((t) => t.spans.map((s) => `${s.name} [${s.scope_name ?? ''}]`)))
}

/** A span's name, scope and raw attributes, for assertion messages. */
export function describeSpan(span: ApiSpan | undefined): string {
  if (!span) return '(no span)'
  return `${span.name} [${span.scope_name ?? ''}] attributes ${JSON.stringify(span.attributes)}`
}

/**
 * Runs `stacks/<stack>/capture.cjs` with the mock LLM API and the server's endpoints, then
 * reads back every trace. Each stack script picks the variables it needs: OTLP_BASE +
 * OTLP_HEADERS (plain OTel exporters, OpenLIT), TRACELOOP_API_KEY, LANGFUSE_*.
 */
export async function captureStack(
  stack: string,
  server: ObservatoryProcess,
  extraEnv: Record<string, string> = {},
): Promise<StackCapture> {
  const stackDir = path.join(stacksDir, stack)
  if (!fs.existsSync(path.join(stackDir, 'node_modules', '.package-lock.json'))) {
    throw new Error(
      `test/compat/stacks/${stack} is not installed: run scripts/install-test-deps.sh`,
    )
  }
  const mock = await startMockLlmServer({ port: 0 })
  const mockPort = (mock.address() as AddressInfo).port
  const stepsFile = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'compat-steps-')),
    'steps.jsonl',
  )
  try {
    const { code, output } = await runNode(stackDir, 'capture.cjs', {
      MOCK_BASE_URL: `http://127.0.0.1:${mockPort}`,
      OPENAI_API_KEY: 'sk-mock-openai-key',
      ANTHROPIC_API_KEY: 'sk-ant-mock-key',
      OTLP_BASE: server.otlpBase,
      OTLP_HEADERS: JSON.stringify({ Authorization: `Bearer ${secretKey}` }),
      // sdk-node also builds exporters from the environment (a metrics exporter when the app
      // gives no metric reader, as in vercel-ai); without these it would post to localhost:4318.
      OTEL_EXPORTER_OTLP_ENDPOINT: server.otlpBase,
      OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${secretKey}`,
      TRACELOOP_API_KEY: secretKey,
      LANGFUSE_BASE_URL: server.apiBase,
      LANGFUSE_PUBLIC_KEY: publicKey,
      LANGFUSE_SECRET_KEY: secretKey,
      CAPTURE_STEPS_FILE: stepsFile,
      ...extraEnv,
    })
    if (code !== 0) throw new Error(`${stack}/capture.cjs exited with ${code}:\n${output}`)
    const steps = fs.existsSync(stepsFile)
      ? fs
          .readFileSync(stepsFile, 'utf8')
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as CaptureStep)
      : []
    if (steps.length === 0) throw new Error(`${stack}/capture.cjs recorded no steps:\n${output}`)
    const traces = await server.readAllTraces()
    return new StackCapture(steps, traces, output)
  } finally {
    fs.rmSync(path.dirname(stepsFile), { recursive: true, force: true })
    await new Promise<void>((resolve) => mock.close(() => resolve()))
  }
}

function runNode(
  cwd: string,
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const chunks: string[] = []
    const child = spawn(process.execPath, [script], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.on('data', (b: Buffer) => chunks.push(b.toString()))
    child.stderr.on('data', (b: Buffer) => chunks.push(b.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000)
    child.on('error', reject)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output: chunks.join('').slice(-8000) })
    })
  })
}

/** `[{ role, text }]`: the text parts of each message joined, other parts ignored. */
export function textMessages(
  messages: ApiMessage[] | null,
): { role: string; text: string }[] | null {
  if (messages === null) return null
  return messages.map((m) => ({
    role: m.role,
    text: m.parts
      .filter((p) => p.type === 'text')
      .map((p) => String(p.content))
      .join(''),
  }))
}

/** Token sums over the spans that count usage (wrappers and transport spans do not). */
export function countedUsage(spans: ApiSpan[]): { input: number; output: number } {
  const counted = spans.filter((s) => s.counts_usage)
  return {
    input: counted.reduce((n, s) => n + (s.input_tokens ?? 0), 0),
    output: counted.reduce((n, s) => n + (s.output_tokens ?? 0), 0),
  }
}

/** The LLM spans of a trace that count usage, in start order. */
export function countedLlmSpans(trace: CapturedTrace): ApiSpan[] {
  return trace.spans.filter((s) => s.kind === 'llm' && s.counts_usage)
}

/** The one usage-counting LLM span of a single-call trace. */
export function onlyLlmSpan(trace: CapturedTrace): ApiSpan {
  const spans = countedLlmSpans(trace)
  if (spans.length !== 1) {
    throw new Error(
      `expected one usage-counting llm span, found ${spans.length}: ${trace.spans.map((s) => `${s.name} kind=${s.kind} counts_usage=${s.counts_usage}`).join('; ')}`,
    )
  }
  return spans[0]!
}
