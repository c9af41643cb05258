import { DuckDBInstance } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import { randomTraceId } from '@llm-observatory/testkit'
import { duckDbTraceKey } from '../src/migrations/duckdb/0005-trace-key.js'
import { traceKey } from '../src/rows/trace-part-row-mapper.js'

describe('traceKey', () => {
  it('reads the first 13 hex digits of a trace id, null when they are not hex', () => {
    const id = '4bf92f3577b34da6a3ce929d0e0e4736'
    expect(traceKey(id)).toBe(Number(BigInt('0x4bf92f3577b34')))
    expect(traceKey('fffffffffffffffffffffffffffffff0')).toBe(2 ** 52 - 1)
    expect(traceKey('trace-1')).toBeNull()
    expect(traceKey('4BF92F3577B34DA6A3CE929D0E0E4736')).toBeNull()
  })

  it('is what migration 5 fills in for rows written before it', async () => {
    const ids = [...Array.from({ length: 20 }, () => randomTraceId()), 'not-hex-trace-id']
    const instance = await DuckDBInstance.create(':memory:')
    const db = await instance.connect()
    try {
      await db.run('CREATE TABLE traces (trace_id VARCHAR NOT NULL)')
      for (const id of ids) await db.run('INSERT INTO traces VALUES ($1)', [id])
      for (const sql of duckDbTraceKey.statements) await db.run(sql)
      const rows = (
        await db.runAndReadAll('SELECT trace_id, trace_key FROM traces')
      ).getRowObjects()
      const filled = new Map(
        rows.map((r) => [
          String(r['trace_id']),
          r['trace_key'] === null ? null : Number(r['trace_key']),
        ]),
      )
      expect(Object.fromEntries(filled)).toEqual(
        Object.fromEntries(ids.map((id) => [id, traceKey(id)])),
      )
    } finally {
      db.closeSync()
      instance.closeSync()
    }
  })
})
