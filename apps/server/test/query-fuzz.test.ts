/**
 * Property tests over the real server with two projects: random filter trees (valid-ish and
 * garbage) on the search routes, and random strings in every query parameter of every GET
 * route of the OpenAPI document, sent by A's callers. Never a 500 (only 2xx, or 4xx in the
 * error envelope), the server keeps answering, and never a row of project B.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { filterOperators, spansView, tracesView, type SemanticView } from '@llm-observatory/query'
import { spanMeasurements, timeseriesAggregations } from '@llm-observatory/analytics'
import {
  findLeaks,
  seedProject,
  sharedMetricName,
  totalsOf,
  type SeededProject,
} from './isolation-fixtures.js'
import type { Headers } from './project-fixtures.js'
import { startTestServer, type TestServer } from './test-server.js'

/** Runs per property: enough to reach every route and operator many times, in seconds. */
const numRuns = 200

/** Strings that have broken parsers, SQL builders, regex engines and time readers elsewhere. */
const hostile = [
  "'; DROP TABLE spans; --",
  '" OR 1=1 --',
  "') OR ('1'='1",
  '1; SELECT * FROM api_keys',
  "x' UNION SELECT project_id FROM projects --",
  '%',
  '_',
  '\\',
  '\\\\x',
  '\u0000',
  '\u202e',
  '😀',
  '$1',
  '${x}',
  '{{x}}',
  '(a+)+$',
  '(a|aa)*b',
  '.*',
  '[',
  '(?i)',
  '\\p{L}+',
  '(?=a)',
  '(?<name>a)',
  '\\1',
  '*',
  '?',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-0',
  '0x10',
  '',
  ' ',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'now',
  'now-',
  'now-1h',
  'now+1h',
  'now-99999999d',
  'now-0s',
  '2026-13-45',
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '-1',
  '0',
  '1',
  '99999999999999999999',
  '1.5',
  'auto',
  '0m',
  '1s',
  '1m',
  '1h',
  '1d',
  '1w',
  '1mo',
  '1ms',
  '999999w',
  'model,provider',
  'tag',
  'project',
  'metadata.tier',
  'attributes.',
  'attributes.a.b',
  'metadata.__proto__',
  'user,session,service,model',
  '-latency_ms',
  'latency_ms,-cost_usd',
  '--x',
  'null',
  'true',
  '[]',
  '{}',
  '{"operator":"OR"}',
  '{"conditions":[[[[[[[[[[]]]]]]]]]]}',
  'a'.repeat(5000),
  '('.repeat(300),
]

/** Field names: the views' dimensions and JSON paths, plus names that are none. */
function fieldNames(): string[] {
  return [
    ...Object.keys(spansView.dimensions),
    ...Object.keys(tracesView.dimensions),
    'metadata.tier',
    'attributes.gen_ai.system',
    'resource.service.name',
    'tags',
    'q',
    '*',
    'project_id',
    'input_text',
    'metadata.',
    '.x',
    '__proto__',
    'constructor',
    'metadata.__proto__',
    "model'; --",
    'x'.repeat(300),
  ]
}

interface Envelope {
  status: string
  error: { code: string; field_errors?: { field: string }[] } | null
  pagination?: { total_items: number | null }
}

interface Fuzzed {
  a: SeededProject
  b: SeededProject
}

/** B's own values, so that filters aim at B's rows. */
function valuesOf(b: SeededProject): string[] {
  return [
    b.model,
    b.service,
    b.environment,
    b.endUserId,
    b.sessionId,
    b.tag,
    b.marker,
    b.project.id,
    `tier-${b.marker}`,
    `prompt ${b.marker}`,
    ...b.calls.flatMap((c) => [c.traceId, c.spanId]),
  ]
}

/** Any value of any JSON type, B's values and hostile strings among them. */
function anyValueArb(b: SeededProject): fc.Arbitrary<unknown> {
  const scalar = fc.oneof(
    fc.constantFrom(...valuesOf(b)),
    fc.constantFrom(...hostile),
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 10 }),
    fc.double(),
    fc.integer(),
    fc.constantFrom(0, -0, 1e308, -1e308, 2 ** 63, 2 ** 53 + 1, 0.1),
    fc.boolean(),
    fc.constant(null),
  )
  return fc.oneof(
    { arbitrary: scalar, weight: 6 },
    { arbitrary: fc.array(scalar, { maxLength: 6 }), weight: 2 },
    { arbitrary: fc.constant('x'.repeat(70_000)), weight: 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
  )
}

/**
 * Conditions the filter language accepts on `view` (mostly): each field with operators of its
 * type and values of that type, the values hostile (B's, SQL, regex metacharacters, extremes).
 */
function typedLeafArb(view: SemanticView, b: SeededProject): fc.Arbitrary<unknown> {
  const fieldsOf = (type: string) =>
    Object.entries(view.dimensions)
      .filter(([, d]) => d.type === type)
      .map(([name]) => name)
  // Mostly valid: text up to 4096 characters, finite numbers, times the reader accepts.
  const text = fc.oneof(
    fc.constantFrom(...valuesOf(b)),
    fc.constantFrom(...hostile.filter((h) => h !== '' && h.length <= 4096)),
    fc.string({ minLength: 1, maxLength: 20 }),
  )
  const texts = fc.array(text, { minLength: 1, maxLength: 5 })
  const number = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 63, -(2 ** 63), 2 ** 64, 0.5),
    fc.constantFrom('1e30', '99999999999999999999', '-0', '0.01', '1e-400'),
  )
  const time = fc.oneof(
    { arbitrary: fc.constantFrom('now-1h', 'now', 'now-3650d', '1970-01-01T00:00:00Z'), weight: 8 },
    {
      arbitrary: fc.constantFrom('9999-12-31T23:59:59Z', '0001-01-01', 8.64e15, -8.64e15),
      weight: 2,
    },
    { arbitrary: fc.integer({ min: -1e15, max: 1e16 }), weight: 2 },
    { arbitrary: fc.constantFrom('now-100000000d', '2026-02-30', 8.64e15 + 1, 1e300), weight: 1 },
  )
  const leaves: fc.Arbitrary<unknown>[] = [
    fc.record({
      field: fc.constantFrom(...fieldsOf('string')),
      operator: fc.constantFrom('eq', 'ne', 'contains', 'not_contains', 'starts_with', 'ends_with'),
      value: text,
    }),
    fc.record({
      field: fc.constantFrom(...fieldsOf('string')),
      operator: fc.constantFrom('in', 'not_in'),
      value: texts,
    }),
    fc.record({
      field: fc.constantFrom(...fieldsOf('string')),
      operator: fc.constant('regex'),
      value: fc.constantFrom('^model-', '(?i)SESSION', 'a|b', '(a+)+$', '(', '(?=a)', '\\1', '.*'),
    }),
    fc.record({
      field: fc.constantFrom(...fieldsOf('number')),
      operator: fc.constantFrom('eq', 'ne', 'gt', 'gte', 'lt', 'lte'),
      value: number,
    }),
    fc.record({
      field: fc.constantFrom(...fieldsOf('number')),
      operator: fc.constantFrom('in', 'not_in'),
      value: fc.array(number, { minLength: 1, maxLength: 4 }),
    }),
    fc.record({
      field: fc.constantFrom(...fieldsOf('timestamp')),
      operator: fc.constantFrom('eq', 'ne', 'gt', 'gte', 'lt', 'lte'),
      value: time,
    }),
    fc.record({
      field: fc.constant('tags'),
      operator: fc.constantFrom('eq', 'contains', 'in', 'ne', 'not_in'),
      value: fc.oneof(text, texts),
    }),
    fc.record(
      { field: fc.constantFrom('q', '*'), operator: fc.constant('search'), value: text },
      { requiredKeys: ['operator', 'value'] },
    ),
  ]
  const jsonMaps = Object.keys(view.jsonMaps)
  if (jsonMaps.length > 0)
    leaves.push(
      fc.record({
        field: fc
          .tuple(
            fc.constantFrom(...jsonMaps),
            fc.oneof(fc.constantFrom('tier', 'a.b', '__proto__', "k'--", 'x y'), fc.string()),
          )
          .map(([map, key]) => `${map}.${key}`),
        operator: fc.constantFrom(...filterOperators),
        value: fc.oneof(text, number, fc.boolean(), fc.constant(null), texts),
      }),
    )
  if (fieldsOf('boolean').length > 0)
    leaves.push(
      fc.record({
        field: fc.constantFrom(...fieldsOf('boolean')),
        operator: fc.constantFrom('eq', 'ne'),
        value: fc.oneof(fc.boolean(), fc.constantFrom('true', 'false')),
      }),
    )
  return fc.oneof(...leaves)
}

/** Conditions of any shape: random fields, operators and values, and stray keys. */
function garbageLeafArb(b: SeededProject): fc.Arbitrary<unknown> {
  const field = fc.oneof(
    { arbitrary: fc.constantFrom(...fieldNames()), weight: 5 },
    { arbitrary: fc.string({ maxLength: 20 }), weight: 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 1 }), weight: 1 },
  )
  const operator = fc.oneof(
    { arbitrary: fc.constantFrom(...filterOperators), weight: 5 },
    { arbitrary: fc.constantFrom('EQ', 'Regex', 'AND', 'or', 'like', '=', ''), weight: 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 1 }), weight: 1 },
  )
  return fc.record(
    { field, operator, value: anyValueArb(b), extra: fc.jsonValue({ maxDepth: 1 }) },
    { requiredKeys: [] },
  )
}

/** Trees of `leaf`: AND/OR groups (any case, or none) and arrays, nested up to 10 deep. */
function treeArb(leaf: fc.Arbitrary<unknown>, withGarbage: boolean): fc.Arbitrary<unknown> {
  const garbage = withGarbage ? 1 : 0
  const { tree } = fc.letrec<{ tree: unknown; group: unknown }>((tie) => ({
    group: fc.record(
      {
        operator: fc.oneof(
          { arbitrary: fc.constantFrom('AND', 'OR', 'and', 'or'), weight: 8 },
          { arbitrary: fc.oneof(fc.constant('xor'), fc.jsonValue()), weight: garbage },
        ),
        conditions: fc.oneof(
          { arbitrary: fc.array(tie('tree'), { maxLength: 4 }), weight: 8 },
          { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: garbage },
        ),
      },
      { requiredKeys: ['conditions'] },
    ),
    tree: fc.oneof(
      { depthSize: 'small', maxDepth: 10 },
      { arbitrary: leaf, weight: 5 },
      { arbitrary: tie('group'), weight: 3 },
      { arbitrary: fc.array(tie('tree'), { maxLength: 3 }), weight: 1 },
      { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: garbage },
    ),
  }))
  return tree
}

/**
 * Filter trees over `views`: two in three made of conditions the language accepts (so they
 * reach the database), the rest of anything.
 */
function filterArb(b: SeededProject, views: readonly SemanticView[]): fc.Arbitrary<unknown> {
  const typed = fc.oneof(...views.map((view) => typedLeafArb(view, b)))
  return fc.oneof(
    { arbitrary: treeArb(typed, false), weight: 2 },
    { arbitrary: treeArb(fc.oneof(typed, garbageLeafArb(b)), true), weight: 1 },
  )
}

/** Undefined three times in four: optional parts of a body are mostly absent. */
function sometimes<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: arb, weight: 1 })
}

/** A search body: a filter tree and, sometimes, sort, fields, time range and pagination. */
function searchBodyArb(
  b: SeededProject,
  views: readonly SemanticView[],
  idField: string,
): fc.Arbitrary<Record<string, unknown>> {
  const names = views.flatMap((v) => Object.keys(v.dimensions))
  const text = fc.oneof(fc.constantFrom(...hostile), fc.string({ maxLength: 20 }))
  const mostly = <T, U>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<U>) =>
    fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: other, weight: 1 })
  const time = fc.oneof(text, fc.integer(), fc.double(), fc.constantFrom('now-2h', 'now'))
  const range = mostly(
    fc.constantFrom(
      { from: 'now-2h' },
      { from: 'now-30d', to: 'now' },
      { from: Date.now() - 3_600_000 },
      { time_range: { from: 'now-7d', to: 'now' } },
    ),
    fc.record(
      { from: time, to: time, time_range: fc.record({ from: time, to: time }) },
      { requiredKeys: [] },
    ),
  )
  const sort = mostly(
    fc.constantFrom(...names).chain((f) => fc.constantFrom(f, `-${f}`)),
    fc.oneof(
      fc.array(fc.record({ field: fc.constantFrom(...names), direction: text }), { maxLength: 3 }),
      text,
      fc.jsonValue({ maxDepth: 2 }),
    ),
  )
  const fields = mostly(
    fc
      .subarray(names.filter((n) => n !== idField && n !== 'timestamp'))
      .map((more) => [idField, 'timestamp', ...more]),
    fc.array(fc.oneof(fc.constantFrom(...names), text), { maxLength: 8 }),
  )
  const pagination = fc.record(
    {
      page: mostly(fc.integer({ min: 1, max: 3 }), fc.integer({ min: -5, max: 200_000 })),
      per_page: mostly(fc.integer({ min: 1, max: 100 }), fc.integer({ min: -5, max: 2000 })),
      cursor: mostly(cursorArb(), text),
    },
    { requiredKeys: [] },
  )
  return fc
    .record({
      filters: filterArb(b, views),
      sort: sometimes(sort),
      fields: sometimes(fields),
      range: sometimes(range),
      pagination: sometimes(pagination),
    })
    .map(({ range, ...body }) =>
      Object.fromEntries(
        Object.entries({ ...body, ...range }).filter(([, value]) => value !== undefined),
      ),
    )
}

/**
 * Cursors: base64url JSON of [time, id] pairs as the lists make them (recent microseconds),
 * with odd numbers, and of anything.
 */
function cursorArb(): fc.Arbitrary<string> {
  const encode = (v: unknown) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url')
  return fc.oneof(
    fc
      .tuple(
        fc.double({ min: 1.7e15, max: 1.9e15, noNaN: true }).map(Math.trunc),
        fc.oneof(fc.string({ maxLength: 32 }), fc.constantFrom(...hostile)),
      )
      .map(encode),
    fc.jsonValue({ maxDepth: 2 }).map(encode),
    fc
      .tuple(fc.oneof(fc.double(), fc.integer(), fc.constant(1e300)), fc.string({ maxLength: 40 }))
      .map(encode),
  )
}

/** A query-string value for parameter `name` of any route. */
function paramValueArb(f: Fuzzed): fc.Arbitrary<string> {
  const b = f.b
  return fc.oneof(
    { arbitrary: fc.constantFrom(...hostile), weight: 6 },
    { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }), weight: 1 },
    { arbitrary: fc.integer().map(String), weight: 1 },
    { arbitrary: fc.double().map(String), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        b.model,
        b.service,
        b.endUserId,
        b.sessionId,
        b.tag,
        b.marker,
        b.scoreNames[1]!,
        b.calls[0]!.traceId,
        b.calls[0]!.spanId,
        f.a.project.id,
        sharedMetricName,
      ),
      weight: 3,
    },
    { arbitrary: cursorArb(), weight: 1 },
    {
      arbitrary: filterArb(b, [spansView]).map((t) => JSON.stringify(t) ?? 'null'),
      weight: 2,
    },
  )
}

/** A time-series query body: known measurements, aggregations and windows mostly, and junk. */
function timeseriesBodyArb(b: SeededProject): fc.Arbitrary<Record<string, unknown>> {
  const text = fc.oneof(fc.constantFrom(...hostile), fc.string({ maxLength: 20 }))
  const mostly = <T, U>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<U>) =>
    fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: other, weight: 1 })
  const names = ['model', 'provider', 'user_id', 'service', 'tag', 'host', 'tags.host', 'unit']
  const tagMap = fc.dictionary(
    mostly(fc.constantFrom(...names, 'metadata.tier', 'resource.host'), text),
    fc.oneof(
      fc.constantFrom(b.model, `host-${b.marker}`, b.service, b.tag),
      text,
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(text, { maxLength: 3 }),
    ),
    { maxKeys: 3 },
  )
  return fc
    .record({
      measurement: mostly(
        fc.constantFrom(
          ...spanMeasurements,
          sharedMetricName,
          `metrics.${sharedMetricName}`,
          'spans.cost_usd',
        ),
        text,
      ),
      source: sometimes(mostly(fc.constantFrom('spans', 'metrics'), text)),
      from: sometimes(mostly(fc.constantFrom('now-2h', 'now-30d'), text)),
      aggregation: sometimes(
        mostly(
          fc.constantFrom(...timeseriesAggregations),
          fc.oneof(
            text,
            fc.record(
              {
                function: fc.oneof(fc.constantFrom(...timeseriesAggregations), text),
                window: text,
                fields: fc.array(fc.constantFrom(...timeseriesAggregations), { maxLength: 3 }),
              },
              { requiredKeys: [] },
            ),
          ),
        ),
      ),
      window: sometimes(
        mostly(fc.constantFrom('1m', '5m', '1h', '1d', 'auto', '90s', '2h30m', '1mo'), text),
      ),
      filters: sometimes(filterArb(b, [spansView])),
      tags: sometimes(tagMap),
      tag_filters: sometimes(tagMap),
      group_by: sometimes(
        mostly(fc.subarray(names, { maxLength: 3 }), fc.oneof(text, fc.array(text))),
      ),
      fill: sometimes(
        fc.oneof(
          fc.constantFrom(null, 'null', 'previous', 'linear', 'zero'),
          fc.record({ value: fc.double() }),
          text,
        ),
      ),
      limit: sometimes(fc.integer({ min: -1, max: 101 })),
      offset: sometimes(fc.integer({ min: -1, max: 100_001 })),
    })
    .map((body) =>
      Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)),
    )
}

interface GetRoute {
  path: string
  params: string[]
}

/** GET routes under /api/v1 with their query parameters, read from the OpenAPI document. */
function getRoutesOf(openapi: {
  paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }>
}): GetRoute[] {
  return Object.entries(openapi.paths)
    .filter(([path, item]) => path.startsWith('/api/v1/') && item.get !== undefined)
    .map(([path, item]) => ({
      path,
      params: (item.get!.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    }))
}

/** Path segments: ids of A and B, and strings that are no id. */
function pathValueArb(f: Fuzzed): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constantFrom(
        f.a.calls[0]!.traceId,
        f.b.calls[0]!.traceId,
        f.b.sessionId,
        f.a.sessionId,
        f.b.project.id,
        f.a.project.id,
        f.b.keyId,
        f.b.admin.user.id,
      ),
      fc.constantFrom(...hostile.filter((s) => s !== '')),
      fc.string({ minLength: 1, maxLength: 40 }),
    )
    .map(encodeURIComponent)
}

describe('random filter trees and query strings, as a caller of project A', () => {
  let server: TestServer
  let fuzzed: Fuzzed
  let callers: Headers[]
  let getRoutes: GetRoute[]

  beforeAll(async () => {
    server = await startTestServer()
    const a = await seedProject(server, 'a', [0.25, 0.5, 1])
    const b = await seedProject(server, 'b', [2, 4, 8])
    fuzzed = { a, b }
    callers = [a.key, a.jwt, a.pat]
    const doc = await server.app.inject({ method: 'GET', url: '/openapi.json' })
    getRoutes = getRoutesOf(doc.json())
  }, 60_000)
  afterAll(async () => server.close())

  /**
   * The rules every answer keeps: 2xx or 4xx in the envelope, none of B's identifying strings
   * that the request did not name itself, and no trace id but A's (or one the request named).
   */
  function checkAnswer(
    res: { statusCode: number; body: string },
    request: string,
    label: string,
  ): void {
    const at = `${label} → ${res.statusCode} ${res.body.slice(0, 600)}`
    expect(res.statusCode < 300 || (res.statusCode >= 400 && res.statusCode < 500), at).toBe(true)
    const body = JSON.parse(res.body) as Envelope
    if (res.statusCode < 300) expect(['success', 'partial'], at).toContain(body.status)
    else {
      expect(body.status, at).toBe('error')
      expect(typeof body.error?.code, at).toBe('string')
    }
    const named = request.toLowerCase()
    const leaks = findLeaks(fuzzed.b, res.body).filter((s) => !named.includes(s.toLowerCase()))
    expect(leaks, `${at}: B's data`).toEqual([])
    const aTraces = new Set(fuzzed.a.calls.map((c) => c.traceId))
    const foreign = [...res.body.matchAll(/(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])/g)]
      .map((m) => m[0])
      .filter((id) => !aTraces.has(id) && !named.includes(id))
    expect(foreign, `${at}: trace ids of another project`).toEqual([])
  }

  /** The server still answers, and A's numbers are what A wrote. */
  async function expectServerUp(): Promise<void> {
    const health = await server.app.inject({ method: 'GET', url: '/health' })
    expect(health.statusCode).toBe(200)
    const costs = await server.app.inject({
      method: 'GET',
      url: '/api/v1/analytics/costs',
      headers: fuzzed.a.key,
    })
    expect(costs.statusCode).toBe(200)
    const totals = costs.json<{ data: { totals: { requests: number; cost_usd: number } } }>().data
      .totals
    expect(totals.requests).toBe(totalsOf(fuzzed.a).requests)
    expect(totals.cost_usd).toBeCloseTo(totalsOf(fuzzed.a).costUsd, 9)
  }

  it.each([
    {
      url: '/api/v1/traces/search',
      views: [tracesView, spansView],
      id: 'trace_id',
      seed: 20260401,
    },
    { url: '/api/v1/spans/search', views: [spansView], id: 'span_id', seed: 20260402 },
  ])(
    'POST $url: random filter trees never answer 500 nor rows of B',
    async ({ url, views, id, seed }) => {
      await fc.assert(
        fc.asyncProperty(
          searchBodyArb(fuzzed.b, views, id),
          fc.integer({ min: 0, max: 2 }),
          async (body, callerIndex) => {
            const payload = JSON.stringify(body)
            const res = await server.app.inject({
              method: 'POST',
              url,
              headers: { ...callers[callerIndex]!, 'content-type': 'application/json' },
              payload,
            })
            checkAnswer(res, payload, `POST ${url} ${payload.slice(0, 300)}`)
          },
        ),
        { numRuns, seed },
      )
      await expectServerUp()
    },
    300_000,
  )

  it('POST /api/v1/query/timeseries: random measurements, filters, tags and groups never answer 500 nor data of B', async () => {
    await fc.assert(
      fc.asyncProperty(
        timeseriesBodyArb(fuzzed.b),
        fc.integer({ min: 0, max: 2 }),
        async (body, callerIndex) => {
          const payload = JSON.stringify(body)
          const res = await server.app.inject({
            method: 'POST',
            url: '/api/v1/query/timeseries',
            headers: { ...callers[callerIndex]!, 'content-type': 'application/json' },
            payload,
          })
          checkAnswer(res, payload, `POST /api/v1/query/timeseries ${payload.slice(0, 300)}`)
        },
      ),
      { numRuns, seed: 20260403 },
    )
    await expectServerUp()
  }, 300_000)

  // Found by the properties above: whole numbers beyond BIGINT were bound as BIGINT by the
  // DuckDB driver (500 "bigint out of int64 range"), and edited cursors with fractional or huge
  // times reached the engine's timestamp conversion (500).
  it('compares numbers beyond BIGINT in filters, and answers edited cursors with a 400', async () => {
    const { a } = fuzzed
    const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
      const res = await server.app.inject({
        method,
        url,
        headers: a.key,
        ...(payload ? { payload } : {}),
      })
      return { status: res.statusCode, body: res.json<Envelope>() }
    }
    const total = (r: { body: Envelope }) => r.body.pagination?.total_items
    const all = await call('GET', '/api/v1/traces?max_tokens=9223372036854776000')
    expect([all.status, total(all)]).toEqual([200, a.calls.length])
    const none = await call('GET', '/api/v1/spans?min_latency=1e30')
    expect([none.status, total(none)]).toEqual([200, 0])
    const below = await call('POST', '/api/v1/spans/search', {
      filters: [{ field: 'latency_ms', operator: 'lt', value: 1e300 }],
    })
    expect([below.status, total(below)]).toEqual([200, a.calls.length])
    const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
    for (const cursor of [encode([1e300, 'x']), encode([0.5, 'x']), encode([2 ** 60, 'x'])]) {
      for (const [method, url, payload] of [
        ['POST', '/api/v1/spans/search', { pagination: { cursor } }],
        ['GET', `/api/v1/traces?cursor=${cursor}`],
        ['GET', `/api/v1/scores?cursor=${cursor}`],
        ['GET', `/api/v1/events?cursor=${cursor}`],
      ] as const) {
        const res = await call(method, url, payload)
        expect(res.status, `${url} ${cursor}`).toBe(400)
        expect(res.body.error?.field_errors?.map((e) => e.field)).toEqual(['cursor'])
      }
    }
  })

  it('reads the GET routes and their query parameters from the OpenAPI document', () => {
    const paths = getRoutes.map((r) => r.path)
    for (const path of ['/api/v1/traces', '/api/v1/spans', '/api/v1/analytics/costs'])
      expect(paths).toContain(path)
    const params = new Set(getRoutes.flatMap((r) => r.params))
    for (const name of ['from', 'to', 'interval', 'group_by', 'sort', 'fields', 'filters', 'q'])
      expect(params).toContain(name)
    for (const name of ['model', 'tag', 'min_latency', 'page', 'per_page', 'cursor'])
      expect(params).toContain(name)
  })

  it('GET routes: random strings in every query parameter never answer 500 nor rows of B', async () => {
    const routeArb = fc.constantFrom(...getRoutes).chain((route) =>
      fc.record({
        route: fc.constant(route),
        path: fc.array(pathValueArb(fuzzed), { minLength: 3, maxLength: 3 }).map((values) => {
          let i = 0
          return route.path.replace(/\{[^}]+\}/g, () => values[i++]!)
        }),
        query: fc.array(
          fc.tuple(
            fc.oneof(
              {
                arbitrary: fc.constantFrom(...(route.params.length ? route.params : ['x'])),
                weight: 6,
              },
              { arbitrary: fc.constantFrom('project', 'tag', 'fields'), weight: 1 },
              { arbitrary: fc.string({ maxLength: 10 }), weight: 1 },
            ),
            paramValueArb(fuzzed),
          ),
          { maxLength: 6 },
        ),
      }),
    )
    await fc.assert(
      fc.asyncProperty(
        routeArb,
        fc.integer({ min: 0, max: 2 }),
        async ({ path, query }, callerIndex) => {
          const search = new URLSearchParams(query).toString()
          const url = search === '' ? path : `${path}?${search}`
          const res = await server.app.inject({
            method: 'GET',
            url,
            headers: callers[callerIndex]!,
          })
          const named = `${decodeURIComponent(path)} ${JSON.stringify(query)}`
          checkAnswer(res, named, `GET ${url.slice(0, 400)}`)
        },
      ),
      { numRuns: numRuns * 2, seed: 4242 },
    )
    await expectServerUp()
  }, 300_000)
})
