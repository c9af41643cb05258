import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { OtlpSignal } from '@llm-observatory/ingest'

/** The copy of `shared/fixtures/otlp` kept in the testkit, so tests run without `../shared`. */
export const otlpFixtureDir = fileURLToPath(
  new URL('../../testkit/fixtures/otlp/', import.meta.url),
)

export interface OtlpFixture {
  /** `<capture>/<call>/<NNN>-<signal>`, for test titles. */
  name: string
  signal: OtlpSignal
  encoding: 'protobuf' | 'json'
  body: Buffer
  decoded: unknown
}

/** Every raw body (`.bin` or raw `.json`) with its `.decoded.json`. */
export function listOtlpFixtures(): OtlpFixture[] {
  const out: OtlpFixture[] = []
  for (const capture of readdirSync(otlpFixtureDir, { withFileTypes: true })) {
    if (!capture.isDirectory()) continue
    for (const call of readdirSync(join(otlpFixtureDir, capture.name), { withFileTypes: true })) {
      if (!call.isDirectory()) continue
      const dir = join(otlpFixtureDir, capture.name, call.name)
      for (const file of readdirSync(dir).sort()) {
        const m = /^(\d+-(traces|logs|metrics))\.(bin|json)$/.exec(file)
        if (!m) continue
        out.push({
          name: `${capture.name}/${call.name}/${m[1]}`,
          signal: m[2] as OtlpSignal,
          encoding: m[3] === 'bin' ? 'protobuf' : 'json',
          body: readFileSync(join(dir, file)),
          decoded: JSON.parse(readFileSync(join(dir, `${m[1]}.decoded.json`), 'utf8')),
        })
      }
    }
  }
  return out
}

export function readOtlpFixture(relativePath: string): Buffer {
  return readFileSync(join(otlpFixtureDir, relativePath))
}

export function readOtlpFixtureJson(relativePath: string): unknown {
  return JSON.parse(readFileSync(join(otlpFixtureDir, relativePath), 'utf8'))
}
