import { ObservatoryError, type FieldError } from '@llm-observatory/core'
import { describe, expect, it } from 'vitest'
import {
  alwaysTrue,
  and,
  col,
  compare,
  inList,
  isNull,
  json,
  jsonListHas,
  listHas,
  not,
  or,
  param,
  regex,
  textMatch,
} from '../query-tree.js'
import { parseFilter } from './parse-filter.js'
import { narrowTestView, testView } from './test-view.js'

/** 2025-06-01T12:00:00Z */
const nowMs = 1_748_779_200_000

function parse(input: unknown) {
  return parseFilter(testView, input, { nowMs })
}

function errorOf(fn: () => unknown): ObservatoryError {
  try {
    fn()
  } catch (err) {
    if (err instanceof ObservatoryError) return err
    throw err
  }
  throw new Error('expected an ObservatoryError')
}

function expectErrors(input: unknown, code: string, fieldErrors: FieldError[]) {
  const err = errorOf(() => parse(input))
  expect(err.code).toBe(code)
  expect(err.statusCode).toBe(400)
  expect(err.apiCode).toBe('validation_error')
  expect(err.fieldErrors).toEqual(fieldErrors)
}

const model = col('model')
const latency = col('duration_ms')

describe('parseFilter: conditions on dimensions', () => {
  it('builds the seed 002 example (model, cost, search over a named field)', () => {
    const tree = parse({
      operator: 'AND',
      conditions: [
        { field: 'model', operator: 'eq', value: 'gpt-4o' },
        { field: 'cost_usd', operator: 'gt', value: 0.01 },
        { field: 'input_text', operator: 'search', value: 'refund policy' },
      ],
    })
    expect(tree).toEqual(
      and(
        compare('eq', model, param('gpt-4o', 'string')),
        compare('gt', col('cost_usd'), param(0.01, 'double')),
        and(
          textMatch('contains', col('input_text'), 'refund', { caseInsensitive: true }),
          textMatch('contains', col('input_text'), 'policy', { caseInsensitive: true }),
        ),
      ),
    )
  })

  it.each([
    ['gt', 'gt'],
    ['gte', 'gte'],
    ['lt', 'lt'],
    ['lte', 'lte'],
    ['eq', 'eq'],
  ] as const)('compares a number field with %s', (operator, op) => {
    expect(parse({ field: 'latency_ms', operator, value: 250 })).toEqual(
      compare(op, latency, param(250, 'double')),
    )
  })

  it('accepts plain decimal strings for number fields', () => {
    expect(parse({ field: 'cost_usd', operator: 'gte', value: '0.5' })).toEqual(
      compare('gte', col('cost_usd'), param(0.5, 'double')),
    )
    expect(parse({ field: 'latency_ms', operator: 'lt', value: '1e3' })).toEqual(
      compare('lt', latency, param(1000, 'double')),
    )
  })

  it('lets ne, not_in and not_contains match rows where the field is null', () => {
    expect(parse({ field: 'model', operator: 'ne', value: 'gpt-4o' })).toEqual(
      or(isNull(model), compare('ne', model, param('gpt-4o', 'string'))),
    )
    expect(parse({ field: 'latency_ms', operator: 'not_in', value: [1, 2] })).toEqual(
      or(isNull(latency), inList(latency, param([1, 2], 'double[]'), true)),
    )
    expect(parse({ field: 'name', operator: 'not_contains', value: 'retry' })).toEqual(
      or(
        isNull(col('name')),
        textMatch('contains', col('name'), 'retry', { negated: true, caseInsensitive: true }),
      ),
    )
  })

  it('builds in-lists as one array parameter', () => {
    expect(
      parse({ field: 'model', operator: 'in', value: ['gpt-4o', 'claude-3-5-sonnet'] }),
    ).toEqual(inList(model, param(['gpt-4o', 'claude-3-5-sonnet'], 'string[]')))
    expect(parse({ field: 'total_tokens', operator: 'in', value: [10, '20'] })).toEqual(
      inList(col('total_tokens'), param([10, 20], 'double[]')),
    )
  })

  it('builds case-insensitive substring tests', () => {
    expect(parse({ field: 'name', operator: 'contains', value: 'Chat' })).toEqual(
      textMatch('contains', col('name'), 'Chat', { caseInsensitive: true }),
    )
    expect(parse({ field: 'name', operator: 'starts_with', value: 'chat.' })).toEqual(
      textMatch('starts_with', col('name'), 'chat.', { caseInsensitive: true }),
    )
    expect(parse({ field: 'name', operator: 'ends_with', value: '.v2' })).toEqual(
      textMatch('ends_with', col('name'), '.v2', { caseInsensitive: true }),
    )
  })

  it('keeps a valid RE2 pattern as a parameter', () => {
    expect(parse({ field: 'model', operator: 'regex', value: '^gpt-4o(-mini)?$' })).toEqual(
      regex(model, '^gpt-4o(-mini)?$'),
    )
  })

  it('reads booleans and their strings', () => {
    expect(parse({ field: 'stream', operator: 'eq', value: true })).toEqual(
      compare('eq', col('stream'), param(true, 'boolean')),
    )
    expect(parse({ field: 'stream', operator: 'ne', value: 'false' })).toEqual(
      or(isNull(col('stream')), compare('ne', col('stream'), param(false, 'boolean'))),
    )
  })

  it('reads timestamps as ISO-8601, epoch ms and relative times, in microseconds', () => {
    const start = col('start_time')
    expect(parse({ field: 'timestamp', operator: 'gte', value: '2025-06-01T10:00:00Z' })).toEqual(
      compare('gte', start, param(nowMs * 1000 - 7_200_000_000, 'timestamp')),
    )
    expect(parse({ field: 'timestamp', operator: 'lt', value: nowMs })).toEqual(
      compare('lt', start, param(nowMs * 1000, 'timestamp')),
    )
    expect(parse({ field: 'timestamp', operator: 'gt', value: 'now-15m' })).toEqual(
      compare('gt', start, param((nowMs - 900_000) * 1000, 'timestamp')),
    )
  })

  it('tests for a missing value with eq/ne null', () => {
    expect(parse({ field: 'model', operator: 'eq', value: null })).toEqual(isNull(model))
    expect(parse({ field: 'latency_ms', operator: 'ne', value: null })).toEqual(
      isNull(latency, true),
    )
  })

  it('accepts operators in any case', () => {
    expect(parse({ field: 'model', operator: 'EQ', value: 'a' })).toEqual(
      compare('eq', model, param('a', 'string')),
    )
  })
})

describe('parseFilter: JSON maps and tags', () => {
  const attributes = col('attributes')
  const metadata = col('metadata')

  it('reads attributes by the whole key after the first dot, as text', () => {
    expect(parse({ field: 'attributes.gen_ai.system', operator: 'eq', value: 'openai' })).toEqual(
      compare('eq', json(attributes, 'gen_ai.system', 'string'), param('openai', 'string')),
    )
    expect(
      parse({ field: 'resource.service.version', operator: 'starts_with', value: '1.' }),
    ).toEqual(
      textMatch('starts_with', json(col('resource_attributes'), 'service.version'), '1.', {
        caseInsensitive: true,
      }),
    )
  })

  it('reads a JSON value as a number for range operators and number values', () => {
    expect(parse({ field: 'metadata.retries', operator: 'gt', value: '2' })).toEqual(
      compare('gt', json(metadata, 'retries', 'number'), param(2, 'double')),
    )
    expect(parse({ field: 'metadata.retries', operator: 'eq', value: 3 })).toEqual(
      compare('eq', json(metadata, 'retries', 'number'), param(3, 'double')),
    )
    expect(parse({ field: 'metadata.ids', operator: 'in', value: [1, 2] })).toEqual(
      inList(json(metadata, 'ids', 'number'), param([1, 2], 'double[]')),
    )
  })

  it('compares a boolean value of a JSON map as its JSON text', () => {
    expect(parse({ field: 'metadata.beta', operator: 'eq', value: true })).toEqual(
      compare('eq', json(metadata, 'beta'), param('true', 'string')),
    )
  })

  it('lets JSON ne/not_in match rows without the key', () => {
    const tier = json(metadata, 'customer_tier')
    expect(parse({ field: 'metadata.customer_tier', operator: 'ne', value: 'gold' })).toEqual(
      or(isNull(tier), compare('ne', tier, param('gold', 'string'))),
    )
    expect(
      parse({ field: 'metadata.customer_tier', operator: 'not_in', value: ['gold', 'silver'] }),
    ).toEqual(or(isNull(tier), inList(tier, param(['gold', 'silver'], 'string[]'), true)))
    expect(parse({ field: 'metadata.customer_tier', operator: 'eq', value: null })).toEqual(
      isNull(tier),
    )
  })

  it('maps tag operators to has / has any / has none', () => {
    const tags = col('tags')
    expect(parse({ field: 'tags', operator: 'eq', value: 'prod' })).toEqual(
      jsonListHas(tags, 'prod'),
    )
    expect(parse({ field: 'tags', operator: 'contains', value: 'prod' })).toEqual(
      jsonListHas(tags, 'prod'),
    )
    expect(parse({ field: 'tags', operator: 'in', value: ['a', 'b'] })).toEqual(
      or(jsonListHas(tags, 'a'), jsonListHas(tags, 'b')),
    )
    expect(parse({ field: 'tags', operator: 'ne', value: 'beta' })).toEqual(
      or(isNull(tags), not(jsonListHas(tags, 'beta'))),
    )
    expect(parse({ field: 'tags', operator: 'not_in', value: ['a', 'b'] })).toEqual(
      or(isNull(tags), not(or(jsonListHas(tags, 'a'), jsonListHas(tags, 'b')))),
    )
  })

  it('uses native list membership on a view whose tags are a list column', () => {
    expect(parseFilter(narrowTestView, { field: 'tags', operator: 'eq', value: 'x' })).toEqual(
      listHas(col('tags'), 'x'),
    )
  })
})

describe('parseFilter: search', () => {
  const input = col('input_text')
  const output = col('output_text')
  const anyField = (term: string) =>
    or(
      textMatch('contains', input, term, { caseInsensitive: true }),
      textMatch('contains', output, term, { caseInsensitive: true }),
    )

  it('searches every searchable field when the field is absent, q or *', () => {
    const expected = anyField('refund')
    expect(parse({ operator: 'search', value: 'refund' })).toEqual(expected)
    expect(parse({ field: 'q', operator: 'search', value: 'refund' })).toEqual(expected)
    expect(parse({ field: '*', operator: 'search', value: 'refund' })).toEqual(expected)
  })

  it('needs every word, and keeps quoted phrases whole', () => {
    expect(parse({ operator: 'search', value: ' refund  "credit card" ' })).toEqual(
      and(anyField('refund'), anyField('credit card')),
    )
  })
})

describe('parseFilter: groups', () => {
  const a = { field: 'model', operator: 'eq', value: 'a' }
  const b = { field: 'provider', operator: 'eq', value: 'b' }
  const treeA = compare('eq', model, param('a', 'string'))
  const treeB = compare('eq', col('provider'), param('b', 'string'))

  it('nests AND and OR groups', () => {
    expect(
      parse({ operator: 'OR', conditions: [a, { operator: 'and', conditions: [a, b] }] }),
    ).toEqual(or(treeA, and(treeA, treeB)))
  })

  it('reads an array as an AND and a group without operator as an AND', () => {
    expect(parse([a, b])).toEqual(and(treeA, treeB))
    expect(parse({ conditions: [a, b] })).toEqual(and(treeA, treeB))
  })

  it('treats absent filters and empty groups as no filter', () => {
    expect(parse(undefined)).toEqual(alwaysTrue)
    expect(parse(null)).toEqual(alwaysTrue)
    expect(parse({ operator: 'AND', conditions: [] })).toEqual(alwaysTrue)
    expect(parse({ operator: 'OR', conditions: [] })).toEqual(alwaysTrue)
    expect(parse({ operator: 'AND', conditions: [a, { operator: 'OR', conditions: [] }] })).toEqual(
      treeA,
    )
    expect(parse({ operator: 'OR', conditions: [a, { operator: 'AND', conditions: [] }] })).toEqual(
      alwaysTrue,
    )
  })

  it('accepts 8 levels of groups and 100 conditions', () => {
    let nested: unknown = a
    for (let i = 0; i < 8; i++) nested = { operator: 'AND', conditions: [nested] }
    expect(parse(nested)).toEqual(treeA)
    expect(parse(Array.from({ length: 100 }, () => a))).toEqual(
      and(...Array.from({ length: 100 }, () => treeA)),
    )
  })
})

describe('parseFilter: errors name the field path', () => {
  it('rejects an unknown field with suggestions', () => {
    const err = errorOf(() =>
      parse({ operator: 'AND', conditions: [{ field: 'modle', operator: 'eq', value: 'x' }] }),
    )
    expect(err.code).toBe('ERR_QUERY_UNKNOWN_FIELD')
    expect(err.statusCode).toBe(400)
    expect(err.fieldErrors).toHaveLength(1)
    expect(err.fieldErrors?.[0]?.field).toBe('filters.conditions[0].field')
    expect(err.fieldErrors?.[0]?.message).toMatch(
      /^unknown field "modle" for spans; did you mean model\?/,
    )
    expect(err.fieldErrors?.[0]?.message).toContain('attributes.<key>')
    expect(err.fieldErrors?.[0]?.message).toContain('tags')
    expect(err.message).toBe(`filters.conditions[0].field: ${err.fieldErrors?.[0]?.message}`)
  })

  it('suggests fields that contain the name given', () => {
    const err = errorOf(() => parse({ field: 'cost', operator: 'gt', value: 1 }))
    expect(err.fieldErrors?.[0]?.message).toMatch(/did you mean cost_usd\?/)
  })

  it('rejects a JSON map prefix without a key, and prefixes the view does not have', () => {
    expectErrors({ field: 'metadata.', operator: 'eq', value: 'x' }, 'ERR_QUERY_UNKNOWN_FIELD', [
      {
        field: 'filters.field',
        message: 'give a key after metadata. (e.g. metadata.customer_tier)',
      },
    ])
    const err = errorOf(() =>
      parseFilter(narrowTestView, { field: 'attributes.x', operator: 'eq', value: 'x' }),
    )
    expect(err.code).toBe('ERR_QUERY_UNKNOWN_FIELD')
    expect(err.fieldErrors?.[0]?.message).toMatch(/^unknown field "attributes.x" for traces/)
  })

  it('never resolves names of the object prototype', () => {
    for (const field of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(errorOf(() => parse({ field, operator: 'eq', value: 'x' })).code).toBe(
        'ERR_QUERY_UNKNOWN_FIELD',
      )
    }
  })

  it.each([
    ['latency_ms', 'eq', 'fast', 'give a number'],
    ['latency_ms', 'gt', '', 'give a number'],
    ['latency_ms', 'gt', '0x10', 'give a number'],
    ['latency_ms', 'gt', 'Infinity', 'give a number'],
    ['latency_ms', 'gt', true, 'give a number'],
    ['model', 'eq', 4, 'give a string'],
    ['model', 'contains', '', 'give a non-empty string'],
    ['stream', 'eq', 'yes', 'give true or false'],
    ['metadata.n', 'gt', 'many', 'give a number'],
    ['tags', 'eq', '', 'give a non-empty string'],
  ])('rejects %s %s %j with "%s"', (field, operator, value, message) => {
    expectErrors(
      { operator: 'AND', conditions: [{ field, operator, value }] },
      'ERR_QUERY_INVALID_FILTER',
      [{ field: 'filters.conditions[0].value', message }],
    )
  })

  it('rejects a bad time with the accepted forms', () => {
    const err = errorOf(() => parse({ field: 'timestamp', operator: 'gt', value: 'yesterday' }))
    expect(err.fieldErrors).toEqual([
      { field: 'filters.value', message: expect.stringMatching(/ISO-8601.*now-1h/) },
    ])
  })

  it('rejects an operator that does not apply to the field type, listing those that do', () => {
    expectErrors(
      { field: 'latency_ms', operator: 'contains', value: '1' },
      'ERR_QUERY_INVALID_FILTER',
      [
        {
          field: 'filters.operator',
          message:
            'contains does not apply to latency_ms, a number field; use eq, ne, gt, gte, lt, lte, in, not_in',
        },
      ],
    )
    expectErrors({ field: 'model', operator: 'gt', value: 'a' }, 'ERR_QUERY_INVALID_FILTER', [
      {
        field: 'filters.operator',
        message:
          'gt does not apply to model, a string field; use eq, ne, in, not_in, contains, not_contains, starts_with, ends_with, regex',
      },
    ])
    expectErrors({ field: 'input_text', operator: 'lt', value: 'a' }, 'ERR_QUERY_INVALID_FILTER', [
      {
        field: 'filters.operator',
        message:
          'lt does not apply to input_text, a string field; use eq, ne, in, not_in, contains, not_contains, starts_with, ends_with, regex, search',
      },
    ])
    expect(
      errorOf(() => parse({ field: 'timestamp', operator: 'in', value: ['now'] })).fieldErrors?.[0]
        ?.field,
    ).toBe('filters.operator')
    expect(
      errorOf(() => parse({ field: 'tags', operator: 'regex', value: 'a' })).fieldErrors?.[0]
        ?.field,
    ).toBe('filters.operator')
  })

  it('rejects an unknown or missing operator', () => {
    const list =
      'eq, ne, gt, gte, lt, lte, in, not_in, contains, not_contains, starts_with, ends_with, regex, search'
    expectErrors({ field: 'model', operator: 'like', value: 'a' }, 'ERR_QUERY_INVALID_FILTER', [
      { field: 'filters.operator', message: `unknown operator; use one of ${list}` },
    ])
    expectErrors({ field: 'model', value: 'a' }, 'ERR_QUERY_INVALID_FILTER', [
      { field: 'filters.operator', message: `give an operator; use one of ${list}` },
    ])
  })

  it('rejects search on a field that is not searchable', () => {
    expectErrors({ field: 'model', operator: 'search', value: 'x' }, 'ERR_QUERY_INVALID_FILTER', [
      {
        field: 'filters.field',
        message:
          'search does not apply to model; search input_text, output_text, q (all of them), or use contains',
      },
    ])
    expectErrors({ operator: 'search', value: '   ' }, 'ERR_QUERY_INVALID_FILTER', [
      { field: 'filters.value', message: 'give at least one word to search for' },
    ])
    expect(
      errorOf(() => parseFilter(narrowTestView, { operator: 'search', value: 'x' })).fieldErrors,
    ).toEqual([{ field: 'filters.operator', message: 'traces has no text to search' }])
  })

  it('rejects invalid RE2 patterns, including Perl-only syntax, without echoing them', () => {
    for (const [pattern, reason] of [
      ['(unclosed', 'missing closing )'],
      ['a(?=b)', 'invalid or unsupported Perl syntax'],
      ['(a)\\1', 'invalid escape sequence'],
      ['a{1001}', 'invalid repeat count'],
    ]) {
      expectErrors(
        {
          operator: 'OR',
          conditions: [
            { field: 'model', operator: 'eq', value: 'a' },
            { field: 'name', operator: 'regex', value: pattern },
          ],
        },
        'ERR_QUERY_INVALID_FILTER',
        [{ field: 'filters.conditions[1].value', message: `invalid RE2 regex: ${reason}` }],
      )
    }
    expectErrors(
      { field: 'name', operator: 'regex', value: 'a'.repeat(1001) },
      'ERR_QUERY_INVALID_FILTER',
      [
        {
          field: 'filters.value',
          message: 'invalid RE2 regex: a pattern may be at most 1000 characters',
        },
      ],
    )
  })

  it('rejects empty, oversized and mixed in-lists, naming the bad item', () => {
    expectErrors({ field: 'model', operator: 'in', value: [] }, 'ERR_QUERY_INVALID_FILTER', [
      { field: 'filters.value', message: 'give at least one value' },
    ])
    expectErrors(
      { field: 'model', operator: 'not_in', value: 'gpt-4o' },
      'ERR_QUERY_INVALID_FILTER',
      [{ field: 'filters.value', message: 'give a non-empty array of values' }],
    )
    expectErrors(
      { field: 'model', operator: 'in', value: Array.from({ length: 1001 }, (_, i) => `m${i}`) },
      'ERR_QUERY_INVALID_FILTER',
      [{ field: 'filters.value', message: 'a list may hold at most 1000 values' }],
    )
    expectErrors(
      { field: 'latency_ms', operator: 'in', value: [1, 'x', 'y'] },
      'ERR_QUERY_INVALID_FILTER',
      [{ field: 'filters.value[1]', message: 'give a number' }],
    )
    expectErrors(
      { field: 'metadata.k', operator: 'in', value: [1, 'x'] },
      'ERR_QUERY_INVALID_FILTER',
      [
        {
          field: 'filters.value[1]',
          message: 'give values of one type: all numbers or all strings',
        },
      ],
    )
  })

  it('rejects groups nested deeper than 8', () => {
    let nested: unknown = { field: 'model', operator: 'eq', value: 'a' }
    for (let i = 0; i < 9; i++) nested = { operator: 'AND', conditions: [nested] }
    const path = `filters${'.conditions[0]'.repeat(8)}`
    expectErrors(nested, 'ERR_QUERY_INVALID_FILTER', [
      { field: path, message: 'groups may nest at most 8 deep' },
    ])
  })

  it('rejects more than 100 conditions once, at the first one too many', () => {
    const conditions = Array.from({ length: 150 }, () => ({
      field: 'model',
      operator: 'eq',
      value: 'a',
    }))
    expectErrors({ conditions }, 'ERR_QUERY_INVALID_FILTER', [
      { field: 'filters.conditions[100]', message: 'a filter may hold at most 100 conditions' },
    ])
  })

  it('rejects more than 100 groups, even empty ones, once', () => {
    const conditions = Array.from({ length: 500 }, () => [])
    expectErrors(conditions, 'ERR_QUERY_INVALID_FILTER', [
      { field: 'filters[99]', message: 'a filter may hold at most 100 groups' },
    ])
  })

  it('rejects malformed nodes and unknown keys', () => {
    expectErrors({ operator: 'XOR', conditions: [] }, 'ERR_QUERY_INVALID_FILTER', [
      { field: 'filters.operator', message: 'a group operator is AND or OR' },
    ])
    expectErrors({ operator: 'AND', conditions: {} }, 'ERR_QUERY_INVALID_FILTER', [
      { field: 'filters.conditions', message: 'give an array of conditions' },
    ])
    expectErrors({ conditions: [42, null] }, 'ERR_QUERY_INVALID_FILTER', [
      {
        field: 'filters.conditions[0]',
        message: 'give a condition {field, operator, value} or a group {operator, conditions}',
      },
      { field: 'filters.conditions[1]', message: 'give a condition or a group, not null' },
    ])
    expectErrors({ field: 'model', operator: 'in', values: ['a'] }, 'ERR_QUERY_INVALID_FILTER', [
      {
        field: 'filters.values',
        message:
          'a condition has only field, operator and value (a group has operator and conditions)',
      },
    ])
    expectErrors(
      { field: 'model', operator: 'eq', value: 'a', conditions: [] },
      'ERR_QUERY_INVALID_FILTER',
      [{ field: 'filters.field', message: 'a group has only operator and conditions' }],
    )
  })

  it('lists every problem of the tree, with the first one in the message', () => {
    const err = errorOf(() =>
      parse({
        operator: 'AND',
        conditions: [
          { field: 'latency_ms', operator: 'gt', value: 'slow' },
          { operator: 'OR', conditions: [{ field: 'nope', operator: 'eq', value: 'a' }] },
        ],
      }),
    )
    expect(err.code).toBe('ERR_QUERY_INVALID_FILTER')
    expect(err.fieldErrors?.map((e) => e.field)).toEqual([
      'filters.conditions[0].value',
      'filters.conditions[1].conditions[0].field',
    ])
    expect(err.message).toBe(
      'filters.conditions[0].value: give a number (and 1 more: see field_errors)',
    )
  })

  it('uses the path given by the caller', () => {
    const err = errorOf(() =>
      parseFilter(testView, { field: 'x', operator: 'eq', value: 1 }, { path: 'body.filters' }),
    )
    expect(err.fieldErrors?.[0]?.field).toBe('body.filters.field')
  })
})
