import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import type { LogRecord } from '@llm-observatory/core'
import { makeLog, makeSpan, randomProjectId, randomTraceId } from '@llm-observatory/testkit'
import { DuckDbDriver } from '../src/duckdb/duckdb-driver.js'
import { silentStorageLogger } from '../src/storage-logger.js'
import {
  createDuckDbBackend,
  duckDbFileName,
  makeWriteBatch,
  type DuckDbBackend,
} from '../src/index.js'
import { describeBackendContract } from './backend-contract.js'

describeBackendContract('duckdb', (dataDir) =>
  createDuckDbBackend({ dataDir, memoryLimit: '256MB' }),
)

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const crashWriter = fileURLToPath(new URL('./crash-writer.ts', import.meta.url))

describe('DuckDbBackend', () => {
  const folders: string[] = []
  const backends: DuckDbBackend[] = []

  async function makeFolder(): Promise<string> {
    const folder = await mkdtemp(join(tmpdir(), 'observatory-duckdb-'))
    folders.push(folder)
    return folder
  }

  async function openBackend(dataDir: string): Promise<DuckDbBackend> {
    const backend = createDuckDbBackend({ dataDir, memoryLimit: '256MB' })
    await backend.open()
    backends.push(backend)
    return backend
  }

  afterEach(async () => {
    for (const backend of backends.splice(0)) await backend.close()
    for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true })
  })

  it('creates the data folder and observatory.duckdb in it, and reports file sizes', async () => {
    const dataDir = join(await makeFolder(), 'nested', 'data')
    const backend = await openBackend(dataDir)
    expect(existsSync(join(dataDir, duckDbFileName))).toBe(true)
    const health = await backend.health()
    expect(health.status).toBe('ok')
    expect(health.details['dbFileBytes']).toBeGreaterThan(0)
    expect(typeof health.details['walBytes']).toBe('number')
    // DuckDB reports binary units: 256e6 B = 244.1 MiB (the default threshold), 256e6 B limit too.
    expect(health.details['checkpointThreshold']).toBe('244.1 MiB')
    expect(health.details['memoryLimit']).toBe('244.1 MiB')
  })

  it('refuses a second open of the same file in one process', async () => {
    const dataDir = await makeFolder()
    await openBackend(dataDir)
    const second = createDuckDbBackend({ dataDir })
    await expect(second.open()).rejects.toMatchObject({ code: 'ERR_STORAGE_UNAVAILABLE' })
  })

  it('commits nothing of a batch when one of its tables fails, and keeps working', async () => {
    const backend = await openBackend(await makeFolder())
    const projectId = randomProjectId()
    const traceId = randomTraceId()
    // A record from untyped input with a required field missing (JSON.parse is untyped).
    const brokenLog: LogRecord = JSON.parse(
      JSON.stringify({ ...makeLog({ projectId }), timeUs: null }),
    )
    const batch = makeWriteBatch({ spans: [makeSpan({ projectId, traceId })], logs: [brokenLog] })
    await expect(backend.write(batch)).rejects.toMatchObject({ code: 'ERR_STORAGE_QUERY' })
    expect(await backend.countRows(projectId)).toMatchObject({ spans: 0, logs: 0 })
    expect(await backend.getTrace(projectId, traceId)).toBeNull()

    await backend.write(makeWriteBatch({ spans: [makeSpan({ projectId, traceId })] }))
    expect((await backend.countRows(projectId)).spans).toBe(1)
  })

  it('rejects pending and later requests and reports down when the worker is gone', async () => {
    const dataDir = await makeFolder()
    const backend = createDuckDbBackend({ dataDir })
    await backend.open()
    const pending = backend.write(makeWriteBatch({ spans: [makeSpan()] })).catch((e: unknown) => e)
    await backend.terminate()
    expect(await pending).toMatchObject({ code: 'ERR_STORAGE_UNAVAILABLE' })
    expect((await backend.health()).status).toBe('down')
    await expect(backend.listTraces(randomProjectId(), { limit: 1 })).rejects.toMatchObject({
      code: 'ERR_STORAGE_UNAVAILABLE',
    })
  })

  it('rejects a request whose SQL fails with the error kind, without hanging', async () => {
    const driver = new DuckDbDriver(
      { path: join(await makeFolder(), 'x.duckdb'), config: {}, readConnections: 1 },
      silentStorageLogger,
    )
    await driver.open()
    try {
      await expect(driver.query('SELEC 1', [])).rejects.toMatchObject({
        code: 'ERR_STORAGE_QUERY',
        details: { engine: 'duckdb', kind: 'syntax' },
      })
      expect(await driver.query('SELECT $1::VARCHAR AS v, 41 + $2 AS n', ['ok', 1])).toEqual([
        { v: 'ok', n: 42 },
      ])
    } finally {
      await driver.close()
    }
  })

  it.each(['256MB', '16KB'])(
    'keeps every acknowledged batch after kill -9 of the writer (checkpoint_threshold %s)',
    async (checkpointThreshold) => {
      const dataDir = await makeFolder()
      const projectId = randomProjectId()
      const spansPerBatch = 200
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          crashWriter,
          dataDir,
          projectId,
          '400',
          String(spansPerBatch),
          checkpointThreshold,
        ],
        { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
      )
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))

      const acked: string[] = []
      let lockError: unknown = null
      for await (const line of createInterface({ input: child.stdout })) {
        if (line === 'open') {
          // While the writer holds the file, no other process may open it.
          lockError = await createDuckDbBackend({ dataDir })
            .open()
            .then(
              () => null,
              (error: unknown) => error,
            )
        }
        const [word, , traceId] = line.split(' ')
        if (word === 'acked' && traceId !== undefined) acked.push(traceId)
        if (acked.length === 10 || word === 'done') {
          child.kill('SIGKILL')
          break
        }
      }
      await exited
      expect(stderr).toBe('')
      expect(lockError).toMatchObject({ code: 'ERR_STORAGE_UNAVAILABLE' })
      expect(acked.length).toBeGreaterThanOrEqual(10)

      const backend = await openBackend(dataDir)
      for (const traceId of acked) {
        const detail = await backend.getTrace(projectId, traceId)
        expect(detail?.spans).toHaveLength(spansPerBatch)
        expect(detail?.logs).toHaveLength(1)
        expect(detail?.trace.spanCount).toBe(spansPerBatch)
      }
      // A batch in flight at the kill is either all there or not at all.
      const counts = await backend.countRows(projectId)
      expect(counts.spans % spansPerBatch).toBe(0)
      expect(counts.spans).toBeGreaterThanOrEqual(acked.length * spansPerBatch)
      expect(counts.logs).toBe(counts.spans / spansPerBatch)
    },
  )
})
