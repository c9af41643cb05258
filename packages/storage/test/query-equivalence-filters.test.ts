import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Span } from '@llm-observatory/core'
import { parseFilter, planQuery, spansView, type QueryScope } from '@llm-observatory/query'
import { makeSpan, randomProjectId } from '@llm-observatory/testkit'
import { makeWriteBatch } from '../src/index.js'
import { EquivalenceStores, modelOf } from './query-equivalence-harness.js'
import { dayUs, fixtureDays, fixtureStartUs, makeQueryFixture } from './query-fixture.js'

/**
 * Conditions built by the filter language (`parseFilter`), run on DuckDB and chDB: the
 * negative operators' null semantics and JSON values of every JSON type.
 */

const fixture = makeQueryFixture(11, [300, 20, 20])
const [projectA] = fixture.projects
const fullRange = { fromUs: fixtureStartUs, toUs: fixtureStartUs + fixtureDays * dayUs }
const spansA = fixture.spans.filter((s) => s.projectId === projectA)

/** Spans whose attributes hold a JSON value of each type under `flag` and `n`. */
const jsonProject = randomProjectId()
const jsonAttributes: Record<string, Record<string, unknown>> = {
  s1: { flag: true, n: 1.5 },
  s2: { flag: false, n: 0 },
  s3: { flag: 'true', n: '2' },
  s4: { flag: null },
  s5: {},
  s6: { flag: 1, n: true },
  s7: { flag: ['true'], n: { v: 1 } },
}
const streams: Record<string, boolean | null> = { s1: true, s2: false, s3: null }
const jsonSpans: Span[] = Object.entries(jsonAttributes).map(([id, attributes], i) =>
  makeSpan({
    projectId: jsonProject,
    traceId: id.padStart(32, '0'),
    spanId: id.padStart(16, '0'),
    parentSpanId: null,
    startTimeUs: fixtureStartUs + dayUs + i,
    endTimeUs: fixtureStartUs + dayUs + i + 1000,
    attributes,
    stream: streams[id] ?? null,
    usageEstimated: id === 's2',
  }),
)

let stores: EquivalenceStores

beforeAll(async () => {
  stores = await EquivalenceStores.open()
  await stores.writeFixture(fixture)
  await stores.write(makeWriteBatch({ spans: jsonSpans }))
})

afterAll(async () => {
  await stores?.close()
})

/** The span ids matching the filter in the scope, equal on both engines, sorted. */
async function matchingSpanIds(scope: QueryScope, filter: unknown): Promise<string[]> {
  const rows = await stores.runOnBoth(
    planQuery(spansView, {
      scope,
      where: parseFilter(spansView, filter),
      select: ['span_id'],
      orderBy: [{ field: 'span_id', direction: 'asc' }],
    }),
  )
  return rows.map((r) => r['span_id'] as string)
}

const idsOf = (spans: Span[]): string[] => spans.map((s) => s.spanId).sort()

describe('negative operators of the filter language also match rows without a value', () => {
  const cases: [string, unknown, (s: Span) => boolean][] = [
    [
      'ne on a string',
      { field: 'model', operator: 'ne', value: 'gpt-4o' },
      (s) => modelOf(s) !== 'gpt-4o',
    ],
    [
      'not_in on a string',
      { field: 'request_model', operator: 'not_in', value: ['gpt-4o', 'claude-sonnet-4'] },
      (s) => s.requestModel !== 'gpt-4o' && s.requestModel !== 'claude-sonnet-4',
    ],
    [
      'ne on a number',
      { field: 'temperature', operator: 'ne', value: 0.2 },
      (s) => s.temperature !== 0.2,
    ],
    [
      'not_in on numbers (given as text)',
      { field: 'temperature', operator: 'not_in', value: ['0', 1] },
      (s) => s.temperature !== 0 && s.temperature !== 1,
    ],
    [
      'in on a string',
      { field: 'user_id', operator: 'in', value: ['user_1', 'user_2'] },
      (s) => s.userId === 'user_1' || s.userId === 'user_2',
    ],
    ['eq null', { field: 'user_id', operator: 'eq', value: null }, (s) => s.userId === null],
    ['ne null', { field: 'user_id', operator: 'ne', value: null }, (s) => s.userId !== null],
    [
      'range on a nullable number',
      { field: 'ttft_ms', operator: 'lte', value: 300 },
      (s) => s.ttftMs !== null && s.ttftMs <= 300,
    ],
    [
      'not_contains on a nullable text',
      { field: 'error_message', operator: 'not_contains', value: 'UPSTREAM' },
      (s) => s.errorMessage === null || !s.errorMessage.toLowerCase().includes('upstream'),
    ],
    [
      'ne on a metadata key, missing keys included',
      { field: 'metadata.customer_tier', operator: 'ne', value: 'pro' },
      (s) => s.metadata['customer_tier'] !== 'pro',
    ],
    [
      'not_in on a metadata key',
      { field: 'metadata.customer_tier', operator: 'not_in', value: ['pro', 'free'] },
      (s) => !['pro', 'free'].includes(s.metadata['customer_tier'] ?? ''),
    ],
    [
      'eq null on a metadata key (missing)',
      { field: 'metadata.customer_tier', operator: 'eq', value: null },
      (s) => !('customer_tier' in s.metadata),
    ],
    [
      'tags eq (has)',
      { field: 'tags', operator: 'eq', value: 'vip' },
      (s) => s.tags.includes('vip'),
    ],
    [
      'tags ne (has not)',
      { field: 'tags', operator: 'ne', value: 'vip' },
      (s) => !s.tags.includes('vip'),
    ],
    [
      'tags in (any)',
      { field: 'tags', operator: 'in', value: ['vip', 'eval'] },
      (s) => s.tags.includes('vip') || s.tags.includes('eval'),
    ],
    [
      'tags not_in (none)',
      { field: 'tags', operator: 'not_in', value: ['vip', 'eval'] },
      (s) => !s.tags.includes('vip') && !s.tags.includes('eval'),
    ],
    [
      'a JSON number by number and by text',
      {
        operator: 'OR',
        conditions: [
          { field: 'attributes.http.status_code', operator: 'eq', value: 429 },
          { field: 'attributes.http.status_code', operator: 'eq', value: '500' },
        ],
      },
      (s) => s.attributes['http.status_code'] === 429 || s.attributes['http.status_code'] === 500,
    ],
    [
      'ne and not_in inside AND/OR groups',
      {
        operator: 'AND',
        conditions: [
          { field: 'status', operator: 'ne', value: 'error' },
          {
            operator: 'OR',
            conditions: [
              { field: 'environment', operator: 'ne', value: 'production' },
              { field: 'service', operator: 'not_in', value: ['checkout-api'] },
            ],
          },
        ],
      },
      (s) =>
        s.status !== 'error' &&
        (s.environment !== 'production' || s.serviceName !== 'checkout-api'),
    ],
  ]

  it('matches the spans selected in JS, on both engines', async () => {
    const scope = { projectId: projectA, ...fullRange }
    for (const [name, filter, matches] of cases) {
      const ids = await matchingSpanIds(scope, filter)
      const expected = idsOf(spansA.filter(matches))
      expect({ name, count: ids.length }).toEqual({ name, count: expected.length })
      expect(ids).toEqual(expected)
    }
  })

  it('has rows without the value in each negative case, so the nulls are exercised', () => {
    expect(spansA.some((s) => modelOf(s) === null)).toBe(true)
    expect(spansA.some((s) => s.temperature === null)).toBe(true)
    expect(spansA.some((s) => !('customer_tier' in s.metadata))).toBe(true)
    expect(spansA.some((s) => s.environment === null)).toBe(true)
  })
})

describe('JSON values of every type under the filter language', () => {
  const scope = { projectId: jsonProject, ...fullRange }
  // Booleans compare as their JSON text, so the string "true" matches `true` too; other
  // non-strings read as their JSON text; JSON null and a missing key are null.
  const cases: [string, unknown, string[]][] = [
    ['eq true', { field: 'attributes.flag', operator: 'eq', value: true }, ['s1', 's3']],
    ['eq "true"', { field: 'attributes.flag', operator: 'eq', value: 'true' }, ['s1', 's3']],
    ['eq false', { field: 'attributes.flag', operator: 'eq', value: 'false' }, ['s2']],
    [
      'ne true',
      { field: 'attributes.flag', operator: 'ne', value: true },
      ['s2', 's4', 's5', 's6', 's7'],
    ],
    [
      'eq null (JSON null or missing)',
      { field: 'attributes.flag', operator: 'eq', value: null },
      ['s4', 's5'],
    ],
    [
      'ne null',
      { field: 'attributes.flag', operator: 'ne', value: null },
      ['s1', 's2', 's3', 's6', 's7'],
    ],
    [
      'in text',
      { field: 'attributes.flag', operator: 'in', value: ['true', 'false', '1'] },
      ['s1', 's2', 's3', 's6'],
    ],
    [
      'not_in text',
      { field: 'attributes.flag', operator: 'not_in', value: ['true'] },
      ['s2', 's4', 's5', 's6', 's7'],
    ],
    [
      'an array as its JSON text',
      { field: 'attributes.flag', operator: 'eq', value: '["true"]' },
      ['s7'],
    ],
    [
      'contains',
      { field: 'attributes.flag', operator: 'contains', value: 'RU' },
      ['s1', 's3', 's7'],
    ],
    [
      'regex',
      { field: 'attributes.flag', operator: 'regex', value: '^(true|false)$' },
      ['s1', 's2', 's3'],
    ],
    [
      'gt (numbers and numeric text)',
      { field: 'attributes.n', operator: 'gt', value: 1 },
      ['s1', 's3'],
    ],
    ['eq a number', { field: 'attributes.n', operator: 'eq', value: 0 }, ['s2']],
    ['in numbers', { field: 'attributes.n', operator: 'in', value: [0, 1.5] }, ['s1', 's2']],
    [
      'not_in numbers (non-numbers are null)',
      { field: 'attributes.n', operator: 'not_in', value: [0] },
      ['s1', 's3', 's4', 's5', 's6', 's7'],
    ],
    ['boolean field eq', { field: 'usage_estimated', operator: 'eq', value: true }, ['s2']],
    [
      'boolean field ne (nulls included)',
      { field: 'stream', operator: 'ne', value: 'true' },
      ['s2', 's3', 's4', 's5', 's6', 's7'],
    ],
    ['boolean field eq false', { field: 'stream', operator: 'eq', value: false }, ['s2']],
  ]

  it('matches the spans listed, on both engines', async () => {
    for (const [name, filter, expected] of cases) {
      const ids = await matchingSpanIds(scope, filter)
      expect({ name, ids }).toEqual({ name, ids: expected.map((id) => id.padStart(16, '0')) })
    }
  })
})
