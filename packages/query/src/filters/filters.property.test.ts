import { ObservatoryError } from '@llm-observatory/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Condition, Expr, Param } from '../query-tree.js'
import { filterOperators } from './build-filter-condition.js'
import { parseFilter } from './parse-filter.js'
import { parseInterval } from './parse-interval.js'
import { parseSort } from './parse-sort.js'
import { parseTimeRange } from './parse-time-range.js'
import { testView } from './test-view.js'
import { traceQueryStringFilters } from './trace-query-string-filters.js'

const nowMs = 1_748_779_200_000

/** The column names the test view declares: the only ones a parsed filter may reference. */
const viewColumns = new Set([
  ...Object.values(testView.dimensions).map((d) => (d.expr.kind === 'column' ? d.expr.name : '')),
  'attributes',
  'metadata',
  'resource_attributes',
  'tags',
])

const fieldArb = fc.oneof(
  {
    arbitrary: fc.constantFrom(...Object.keys(testView.dimensions), 'tags', 'metadata.n'),
    weight: 8,
  },
  fc.constantFrom('q', '*', '', 'constructor', '__proto__', 'metadata.', 'nope'),
  fc.string().map((key) => `attributes.${key}`),
  fc.string(),
  fc.jsonValue(),
)
const operatorArb = fc.oneof(
  { arbitrary: fc.constantFrom(...filterOperators), weight: 8 },
  fc.constantFrom(...filterOperators).map((op) => op.toUpperCase()),
  fc.string(),
  fc.jsonValue(),
)
const scalarArb = fc.oneof(
  fc.string({ minLength: 1, maxLength: 8 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('now-1h', '2025-06-01T00:00:00Z', '(a', 'a(?=b)', '^gpt-4o$', '1e3', '"a b" c'),
)
const valueArb = fc.oneof(
  { arbitrary: scalarArb, weight: 4 },
  { arbitrary: fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 4 }), weight: 2 },
  {
    arbitrary: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 4 }),
    weight: 2,
  },
  fc.array(scalarArb, { maxLength: 5 }),
  fc.jsonValue(),
)

const { filter } = fc.letrec<{ filter: unknown; leaf: unknown; group: unknown }>((tie) => ({
  leaf: fc.record(
    { field: fieldArb, operator: operatorArb, value: valueArb },
    { requiredKeys: [] },
  ),
  group: fc.record(
    {
      operator: fc.oneof(fc.constantFrom('AND', 'OR', 'and', 'xor'), fc.jsonValue()),
      conditions: fc.oneof(fc.array(tie('filter'), { maxLength: 4 }), fc.jsonValue()),
    },
    { requiredKeys: ['conditions'] },
  ),
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    tie('group'),
    fc.array(tie('filter'), { maxLength: 3 }),
    fc.jsonValue(),
  ),
}))

const text = fc.string({ minLength: 1, maxLength: 12 })
const finite = fc.double({ noNaN: true, noDefaultInfinity: true })
const fieldsOfType = (type: string) =>
  Object.entries(testView.dimensions)
    .filter(([, d]) => d.type === type)
    .map(([name]) => name)
const typedLeaf = fc.oneof(
  fc.record({
    field: fc.constantFrom(...fieldsOfType('string')),
    operator: fc.constantFrom('eq', 'ne', 'contains', 'not_contains', 'starts_with', 'ends_with'),
    value: text,
  }),
  fc.record({
    field: fc.constantFrom(...fieldsOfType('string'), 'metadata.tier'),
    operator: fc.constantFrom('in', 'not_in'),
    value: fc.array(text, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    field: fc.constantFrom(...fieldsOfType('string'), 'attributes.gen_ai.system'),
    operator: fc.constant('regex'),
    value: fc.constantFrom('^gpt-4o(-mini)?$', '(?i)claude', 'a|b', '\\d{2,3}'),
  }),
  fc.record({
    field: fc.constantFrom(...fieldsOfType('number'), 'metadata.n'),
    operator: fc.constantFrom('eq', 'ne', 'gt', 'gte', 'lt', 'lte'),
    value: fc.oneof(finite, finite.map(String)),
  }),
  fc.record({
    field: fc.constantFrom(...fieldsOfType('number')),
    operator: fc.constantFrom('in', 'not_in'),
    value: fc.array(finite, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    field: fc.constant('stream'),
    operator: fc.constantFrom('eq', 'ne'),
    value: fc.boolean(),
  }),
  fc.record({
    field: fc.constant('timestamp'),
    operator: fc.constantFrom('gt', 'lte'),
    value: fc.oneof(
      fc.constantFrom('now-1h', 'now', '2025-06-01T00:00:00Z', '2025-06-01'),
      fc.integer({ min: 1_600_000_000_000, max: 1_800_000_000_000 }),
    ),
  }),
  fc.record({
    field: fc.constant('tags'),
    operator: fc.constantFrom('eq', 'ne', 'contains'),
    value: text,
  }),
  fc.record({
    field: fc.constantFrom('q', 'input_text'),
    operator: fc.constant('search'),
    value: fc.stringMatching(/^[a-z]{1,8}( [a-z]{1,8}){0,3}$/),
  }),
)
const { wellTyped } = fc.letrec<{ wellTyped: unknown }>((tie) => ({
  // At most 3 groups deep with 4 items each: inside the limits of 8 levels and 100 conditions.
  wellTyped: fc.oneof(
    { maxDepth: 3, depthSize: 'small', withCrossShrink: true },
    typedLeaf,
    fc.record({
      operator: fc.constantFrom('AND', 'OR', 'or'),
      conditions: fc.array(tie('wellTyped'), { maxLength: 4 }),
    }),
  ),
}))

function expectValidationError(err: unknown) {
  expect(err).toBeInstanceOf(ObservatoryError)
  const e = err as ObservatoryError
  expect(e.statusCode).toBe(400)
  expect(e.fieldErrors?.length).toBeGreaterThan(0)
  for (const fieldError of e.fieldErrors ?? []) {
    expect(typeof fieldError.field).toBe('string')
    expect(typeof fieldError.message).toBe('string')
  }
}

/** Every column is one the view declared and every parameter holds a value of its type. */
function checkTree(node: Condition | Expr | Param): void {
  switch (node.kind) {
    case 'column':
      expect(viewColumns.has(node.name)).toBe(true)
      return
    case 'param':
      return checkParam(node)
    case 'json':
      checkTree(node.column)
      expect(typeof node.key).toBe('string')
      return
    case 'compare':
      checkTree(node.left)
      checkTree(node.right)
      return
    case 'in':
      checkTree(node.left)
      checkTree(node.values)
      return
    case 'text':
    case 'regex':
      checkTree(node.left)
      checkTree(node.pattern)
      return
    case 'is_null':
      checkTree(node.arg)
      return
    case 'list_has':
      checkTree(node.list)
      checkTree(node.value)
      return
    case 'json_list_has':
      checkTree(node.column)
      checkTree(node.value)
      return
    case 'and':
    case 'or':
      expect(node.conditions.length).toBeGreaterThan(0)
      node.conditions.forEach(checkTree)
      return
    case 'not':
      checkTree(node.condition)
      return
    case 'true':
      return
    default:
      throw new Error(`unexpected node ${node.kind}`)
  }
}

function checkParam(p: Param): void {
  const isFiniteNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v)
  switch (p.type) {
    case 'string':
      expect(typeof p.value).toBe('string')
      return
    case 'double':
    case 'timestamp':
      expect(isFiniteNumber(p.value)).toBe(true)
      return
    case 'boolean':
      expect(typeof p.value).toBe('boolean')
      return
    case 'string[]':
      expect(Array.isArray(p.value) && p.value.every((v) => typeof v === 'string')).toBe(true)
      return
    case 'double[]':
      expect(Array.isArray(p.value) && p.value.every(isFiniteNumber)).toBe(true)
      return
    default:
      throw new Error(`unexpected param type ${p.type}`)
  }
}

describe('filters on random input', () => {
  it('parseFilter returns a tree over the view or throws a 400 ObservatoryError', () => {
    fc.assert(
      fc.property(fc.oneof({ arbitrary: filter, weight: 4 }, fc.anything()), (input) => {
        try {
          checkTree(parseFilter(testView, input, { nowMs }))
        } catch (err) {
          expectValidationError(err)
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('parseFilter accepts every well-typed filter', () => {
    fc.assert(
      fc.property(wellTyped, (input) => {
        checkTree(parseFilter(testView, input, { nowMs }))
      }),
      { numRuns: 500 },
    )
  })

  it('parseSort, parseTimeRange, parseInterval and the query-string filters only throw 400s', () => {
    const textish = fc.oneof(fc.string(), fc.jsonValue(), fc.array(fc.string(), { maxLength: 3 }))
    fc.assert(
      fc.property(
        fc.oneof(textish, fc.array(fc.record({ field: fieldArb, direction: textish }))),
        textish,
        textish,
        textish,
        fc.dictionary(
          fc.constantFrom('model', 'tag', 'min_latency', 'max_cost', 'q', 'user_id', 'other'),
          textish,
        ),
        (sort, from, to, interval, query) => {
          for (const run of [
            () => parseSort(testView, sort, { measures: ['requests'] }),
            () => parseInterval(interval, parseTimeRange({ from, to }, nowMs)),
            () => checkTree(traceQueryStringFilters(testView, query, { nowMs })),
          ]) {
            try {
              run()
            } catch (err) {
              expectValidationError(err)
            }
          }
        },
      ),
      { numRuns: 500 },
    )
  })
})
