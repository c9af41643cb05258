import { readdirSync, readFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const fixturesRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../packages/testkit/fixtures/otlp',
)

export interface FixtureRequest {
  seq: number
  signal: 'traces' | 'logs' | 'metrics'
  path: string
  contentType: string
  body: Buffer
  decoded: unknown
}

/** The requests of one capture call, in the order the receiver got them. */
export function loadFixtureCall(capture: string, call: string): FixtureRequest[] {
  const dir = path.join(fixturesRoot, capture, call)
  return readdirSync(dir)
    .filter((f) => f.endsWith('.meta.json'))
    .sort()
    .map((metaFile) => {
      const meta = JSON.parse(readFileSync(path.join(dir, metaFile), 'utf8')) as {
        seq: number
        signal: 'traces' | 'logs' | 'metrics'
        path: string
        contentType: string
      }
      const base = metaFile.replace('.meta.json', '')
      const bin = path.join(dir, `${base}.bin`)
      const json = path.join(dir, `${base}.json`)
      const body = readFileSync(existsSync(bin) ? bin : json)
      const decoded = JSON.parse(readFileSync(path.join(dir, `${base}.decoded.json`), 'utf8'))
      return { ...meta, body, decoded }
    })
}

export function listFixtureCalls(capture: string): string[] {
  return readdirSync(path.join(fixturesRoot, capture), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
}

/** Trace ids found in a decoded OTLP traces request. */
export function traceIdsOf(decoded: unknown): string[] {
  const ids = new Set<string>()
  const req = decoded as { resourceSpans?: { scopeSpans?: { spans?: { traceId: string }[] }[] }[] }
  for (const rs of req.resourceSpans ?? [])
    for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) ids.add(s.traceId)
  return [...ids]
}

export function spanCountOf(decoded: unknown): number {
  let n = 0
  const req = decoded as { resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[] }
  for (const rs of req.resourceSpans ?? [])
    for (const ss of rs.scopeSpans ?? []) n += ss.spans?.length ?? 0
  return n
}
