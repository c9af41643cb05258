import { describe, expect, it } from 'vitest'
import { mapInSlices, rowsPerSlice, stringifyInSlices } from './yield-slices.js'

describe('slice helpers', () => {
  const rows = Array.from({ length: rowsPerSlice * 2 + 7 }, (_, i) => [i, `r"${i}`, null, [i, 'x']])

  it('maps like Array.map across several slices', async () => {
    expect(await mapInSlices(rows, (row) => row[0])).toEqual(rows.map((row) => row[0]))
  })

  it('serializes exactly like JSON.stringify, including an empty list', async () => {
    expect(await stringifyInSlices(rows)).toBe(JSON.stringify(rows))
    expect(await stringifyInSlices([])).toBe('[]')
    expect(await stringifyInSlices([[1]])).toBe('[[1]]')
  })
})
