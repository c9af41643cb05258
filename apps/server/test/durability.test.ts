import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { createDuckDbBackend } from '@llm-observatory/storage'
import { freePort } from './test-server.js'

const mainTs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/main.ts')

async function waitForHealth(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('server did not become healthy')
}

function batch(
  sender: number,
  seq: number,
  spansPerBatch: number,
): { body: string; traceId: string } {
  const traceId = (sender * 1_000_000 + seq + 1).toString(16).padStart(32, '0')
  const now = BigInt(Date.now()) * 1_000_000n
  const spans = Array.from({ length: spansPerBatch }, (_, i) => ({
    traceId,
    spanId: (i + 1).toString(16).padStart(16, '0'),
    name: 'chat gpt-4o-mini',
    kind: 3,
    startTimeUnixNano: String(now),
    endTimeUnixNano: String(now + 250_000_000n),
    attributes: [
      { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
      { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o-mini' } },
      { key: 'gen_ai.usage.input_tokens', value: { intValue: 12 } },
      { key: 'gen_ai.usage.output_tokens', value: { intValue: 5 } },
    ],
  }))
  return { traceId, body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }) }
}

describe('durability', () => {
  const dirs: string[] = []
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
  })

  it('loses no acknowledged span when the server is killed with SIGKILL under load', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'observatory-kill-'))
    dirs.push(dataDir)
    const otlpPort = await freePort()
    const apiPort = await freePort()
    const child = spawn(process.execPath, ['--import', 'tsx', mainTs], {
      env: {
        ...process.env,
        OBSERVATORY_DATA_DIR: dataDir,
        OBSERVATORY_PORT: String(apiPort),
        OBSERVATORY_OTLP_HTTP_PORT: String(otlpPort),
        OBSERVATORY_OTLP_GRPC_PORT: '0',
        OBSERVATORY_LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    })
    await waitForHealth(apiPort, child)

    const acked = new Set<string>()
    const spansPerBatch = 50
    let killed = false
    const sender = async (id: number) => {
      for (let seq = 0; !killed && seq < 10_000; seq++) {
        const { body, traceId } = batch(id, seq, spansPerBatch)
        try {
          const res = await fetch(`http://127.0.0.1:${otlpPort}/v1/traces`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          })
          if (res.status === 200) acked.add(traceId)
        } catch {
          return // connection reset by the kill
        }
      }
    }
    const senders = Array.from({ length: 6 }, (_, i) => sender(i + 1))
    while (acked.size < 60) await new Promise((r) => setTimeout(r, 20))
    child.kill('SIGKILL')
    killed = true
    await Promise.all(senders)
    await new Promise<void>((resolve) =>
      child.exitCode !== null || child.signalCode !== null
        ? resolve()
        : child.once('exit', () => resolve()),
    )

    const backend = createDuckDbBackend({ dataDir, memoryLimit: '1GB' })
    await backend.open()
    try {
      const [project] = (await backend.listProjects()).filter((p) => p.isDefault)
      const counts = await backend.countRows(project!.id)
      expect(counts.spans).toBeGreaterThanOrEqual(acked.size * spansPerBatch)
      for (const traceId of acked) {
        const trace = await backend.getTrace(project!.id, traceId)
        expect(trace?.spans.length, traceId).toBe(spansPerBatch)
      }
    } finally {
      await backend.close()
    }
  })
})
