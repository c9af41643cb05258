import { describe, expect, it } from 'vitest'
import { mapInSlices, rowsPerSlice } from './yield-slices.js'

describe('slice helpers', () => {
  const rows = Array.from({ length: rowsPerSlice * 2 + 7 }, (_, i) => [i, `r"${i}`, null, [i, 'x']])

  it('maps like Array.map across several slices', async () => {
    expect(await mapInSlices(rows, (row) => row[0])).toEqual(rows.map((row) => row[0]))
  })
})
