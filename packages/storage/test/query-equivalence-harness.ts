import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { Span } from '@llm-observatory/core'
import type { SelectQuery } from '@llm-observatory/query'
import type { WriteBatch } from '../src/backend.js'
import { createDuckDbBackend, makeWriteBatch, type DuckDbBackend, type Row } from '../src/index.js'
import { ChdbStore } from './chdb-store.js'
import type { QueryFixture } from './query-fixture.js'

/**
 * DuckDB (the real backend) and the ClickHouse engine (chDB) side by side, for tests that run
 * the same query tree on both over the same rows. chDB allows one data directory per process:
 * open one pair per test file (Vitest runs each file in its own process).
 */
export class EquivalenceStores {
  readonly duck: DuckDbBackend
  readonly chdb: ChdbStore
  readonly #folders: string[]

  private constructor(duck: DuckDbBackend, chdb: ChdbStore, folders: string[]) {
    this.duck = duck
    this.chdb = chdb
    this.#folders = folders
  }

  static async open(): Promise<EquivalenceStores> {
    const duckDir = await mkdtemp(join(tmpdir(), 'observatory-query-duckdb-'))
    const chdbDir = await mkdtemp(join(tmpdir(), 'observatory-query-chdb-'))
    const duck = createDuckDbBackend({ dataDir: duckDir, memoryLimit: '256MB' })
    await duck.open()
    const chdb = await ChdbStore.open(chdbDir)
    return new EquivalenceStores(duck, chdb, [duckDir, chdbDir])
  }

  /** Writes the batch to both engines (trace parts computed from its spans on both). */
  async write(batch: WriteBatch): Promise<void> {
    await this.duck.write(batch)
    await this.chdb.write(batch)
  }

  /** The fixture's span batches in order, then its logs, metric points, events and scores. */
  async writeFixture(fixture: QueryFixture): Promise<void> {
    for (const spans of fixture.batches) await this.write(makeWriteBatch({ spans }))
    await this.write(
      makeWriteBatch({
        logs: fixture.logs,
        metrics: fixture.metrics,
        events: fixture.events,
        scores: fixture.scores,
      }),
    )
  }

  /** Runs the tree on both engines, asserts equal answers, and returns the rows. */
  async runOnBoth(tree: SelectQuery): Promise<Row[]> {
    const [duckRows, chdbRows] = await Promise.all([this.duck.query(tree), this.chdb.query(tree)])
    expect(firstDifference(duckRows, chdbRows)).toBeNull()
    return duckRows
  }

  async close(): Promise<void> {
    await this.duck.close()
    this.chdb.close()
    for (const folder of this.#folders) await rm(folder, { recursive: true, force: true })
  }
}

/** Equal up to 1e-9 relative for numbers (sums may add in another order); a path otherwise. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (typeof a === 'number' && typeof b === 'number') {
    const tolerance = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))
    return Math.abs(a - b) <= tolerance ? null : `${path}: ${a} != ${b}`
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: length ${a.length} != ${b.length}`
    for (let i = 0; i < a.length; i++) {
      const diff = firstDifference(a[i], b[i], `${path}[${i}]`)
      if (diff !== null) return diff
    }
    return null
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a)
    if (keys.join() !== Object.keys(b).join())
      return `${path}: keys ${keys.join()} != ${Object.keys(b).join()}`
    for (const key of keys) {
      const diff = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${path}.${key}`,
      )
      if (diff !== null) return diff
    }
    return null
  }
  return Object.is(a, b) ? null : `${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`
}

// Values computed in JS from the rows, to hold the engines' answers against.

/** The spans view's `model`: the response model when known, else the request model. */
export const modelOf = (s: Span): string | null => s.responseModel ?? s.requestModel

/** SQL `sum`: null when no value is known. */
export function sumOrNull(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null)
  return known.length === 0 ? null : known.reduce((x, y) => x + y, 0)
}

/** A usage sum of the spans view: spans with `countsUsage` only. */
export function usageSum(
  spans: Span[],
  field: 'costUsd' | 'inputTokens' | 'outputTokens',
): number | null {
  return sumOrNull(spans.filter((s) => s.countsUsage).map((s) => s[field]))
}

/** The planner's key order: ascending, nulls last. */
export function compareNullsLast(x: string | null, y: string | null): number {
  return x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1
}
