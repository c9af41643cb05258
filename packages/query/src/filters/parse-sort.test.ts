import { ObservatoryError } from '@llm-observatory/core'
import { describe, expect, it } from 'vitest'
import { col, orderBy } from '../query-tree.js'
import { parseSort, parseSortFields } from './parse-sort.js'
import { testView } from './test-view.js'

function errorOf(fn: () => unknown): ObservatoryError {
  try {
    fn()
  } catch (err) {
    if (err instanceof ObservatoryError) return err
    throw err
  }
  throw new Error('expected an ObservatoryError')
}

describe('parseSort', () => {
  it('reads the seed 002 list of {field, direction}', () => {
    expect(
      parseSort(testView, [
        { field: 'timestamp', direction: 'desc' },
        { field: 'latency_ms', direction: 'ASC' },
        { field: 'model' },
      ]),
    ).toEqual([
      orderBy(col('start_time'), 'desc', 'last'),
      orderBy(col('duration_ms'), 'asc', 'last'),
      orderBy(col('model'), 'asc', 'last'),
    ])
  })

  it('reads the query-string form with - for descending', () => {
    expect(parseSort(testView, '-latency_ms,timestamp, +model ,cost_usd:desc')).toEqual([
      orderBy(col('duration_ms'), 'desc', 'last'),
      orderBy(col('start_time'), 'asc', 'last'),
      orderBy(col('model'), 'asc', 'last'),
      orderBy(col('cost_usd'), 'desc', 'last'),
    ])
  })

  it('reads a repeated query-string param and a single object', () => {
    expect(parseSort(testView, ['-latency_ms', 'model'])).toEqual([
      orderBy(col('duration_ms'), 'desc', 'last'),
      orderBy(col('model'), 'asc', 'last'),
    ])
    expect(parseSort(testView, { field: 'model', direction: 'desc' })).toEqual([
      orderBy(col('model'), 'desc', 'last'),
    ])
  })

  it('gives no order for absent input', () => {
    expect(parseSort(testView, undefined)).toEqual([])
    expect(parseSort(testView, null)).toEqual([])
    expect(parseSort(testView, '')).toEqual([])
    expect(parseSort(testView, [])).toEqual([])
  })

  it('sorts by allowed measures by their alias, before a dimension of the same name', () => {
    expect(
      parseSort(testView, '-total_cost,cost_usd', { measures: ['total_cost', 'cost_usd'] }),
    ).toEqual([orderBy(col('total_cost'), 'desc', 'last'), orderBy(col('cost_usd'), 'asc', 'last')])
  })

  it('rejects measures that were not allowed and unknown fields, naming the item', () => {
    const err = errorOf(() => parseSort(testView, [{ field: 'model' }, { field: 'total_cost' }]))
    expect(err.code).toBe('ERR_QUERY_UNKNOWN_FIELD')
    expect(err.statusCode).toBe(400)
    expect(err.fieldErrors).toEqual([
      {
        field: 'sort[1].field',
        message: expect.stringMatching(/^unknown field "total_cost" for spans/),
      },
    ])
    const withMeasures = errorOf(() =>
      parseSort(testView, '-latncy_ms', { measures: ['requests'] }),
    )
    expect(withMeasures.fieldErrors).toEqual([
      {
        field: 'sort',
        message: expect.stringMatching(/did you mean latency_ms\?.*; measures: requests$/),
      },
    ])
  })

  it('does not sort by JSON keys or tags', () => {
    expect(errorOf(() => parseSort(testView, 'metadata.tier')).code).toBe('ERR_QUERY_UNKNOWN_FIELD')
    expect(errorOf(() => parseSort(testView, 'tags')).code).toBe('ERR_QUERY_UNKNOWN_FIELD')
  })

  it('rejects bad directions, duplicates, malformed items and too many keys', () => {
    expect(
      errorOf(() => parseSort(testView, [{ field: 'model', direction: 'up' }])).fieldErrors,
    ).toEqual([{ field: 'sort[0].direction', message: 'give asc or desc' }])
    const twice = errorOf(() => parseSort(testView, '-model,model'))
    expect(twice.code).toBe('ERR_QUERY_INVALID_SORT')
    expect(twice.fieldErrors).toEqual([{ field: 'sort', message: 'model is sorted by twice' }])
    expect(errorOf(() => parseSort(testView, [{ field: 'model' }, 42])).fieldErrors).toEqual([
      { field: 'sort[1]', message: 'give {field, direction} or "-field"' },
    ])
    expect(errorOf(() => parseSort(testView, [{ direction: 'asc' }])).fieldErrors).toEqual([
      { field: 'sort[0].field', message: 'give a field name' },
    ])
    expect(errorOf(() => parseSort(testView, '--model')).fieldErrors).toEqual([
      { field: 'sort', message: 'give fields as -field (descending) or field' },
    ])
    expect(
      errorOf(() => parseSort(testView, 'model,provider,name,status,cost_usd,latency_ms'))
        .fieldErrors,
    ).toEqual([{ field: 'sort', message: 'sort by at most 5 fields' }])
  })

  it('gives validated field names for the planner with parseSortFields', () => {
    expect(parseSortFields(testView, '-latency_ms,requests', { measures: ['requests'] })).toEqual([
      { field: 'latency_ms', direction: 'desc' },
      { field: 'requests', direction: 'asc' },
    ])
    expect(errorOf(() => parseSortFields(testView, 'nope')).code).toBe('ERR_QUERY_UNKNOWN_FIELD')
  })

  it('uses the path given by the caller', () => {
    expect(
      errorOf(() => parseSort(testView, [{ field: 'x' }], { path: 'body.sort' })).fieldErrors?.[0]
        ?.field,
    ).toBe('body.sort[0].field')
  })
})
