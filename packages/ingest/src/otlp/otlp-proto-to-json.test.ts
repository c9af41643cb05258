import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { int64ToString, uint64ToString } from './otlp-proto-to-json.js'

describe('64-bit integer text', () => {
  const toBits = (v: bigint) => ({
    low: Number(BigInt.asIntN(32, v & 0xffffffffn)),
    high: Number(BigInt.asIntN(32, (v >> 32n) & 0xffffffffn)),
  })

  it('matches BigInt for every unsigned value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (v) => {
        expect(uint64ToString({ ...toBits(v), unsigned: true })).toBe(v.toString())
      }),
      { numRuns: 5000 },
    )
  })

  it('matches BigInt for every signed value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (v) => {
        expect(int64ToString({ ...toBits(BigInt.asUintN(64, v)), unsigned: false })).toBe(
          v.toString(),
        )
      }),
      { numRuns: 5000 },
    )
    expect(int64ToString({ low: 0, high: -0x80000000, unsigned: false })).toBe(
      '-9223372036854775808',
    )
    expect(int64ToString({ low: -1, high: -1, unsigned: false })).toBe('-1')
  })
})
