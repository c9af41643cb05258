import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authHeader, startTestServer, type TestServer } from './test-server.js'

const hourMs = 3_600_000

/** percentile_cont: linear interpolation between closest ranks (what the API promises). */
function percentile(values: number[], q: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

const sumOf = (values: number[]): number => values.reduce((s, v) => s + v, 0)

/** Sample standard deviation (n − 1); null below two values. */
function stddev(values: number[]): number | null {
  if (values.length < 2) return null
  const mean = sumOf(values) / values.length
  return Math.sqrt(sumOf(values.map((v) => (v - mean) ** 2)) / (values.length - 1))
}

/** What each aggregation gives for the values of one window of `seconds` (empty: no data). */
function aggregate(fn: string, values: number[], seconds: number): number | null {
  const n = values.length
  switch (fn) {
    case 'count':
      return n
    case 'rate':
      return sumOf(values) / seconds
    case 'sum':
      return n === 0 ? null : sumOf(values)
    case 'mean':
      return n === 0 ? null : sumOf(values) / n
    case 'min':
      return n === 0 ? null : Math.min(...values)
    case 'max':
      return n === 0 ? null : Math.max(...values)
    case 'stddev':
      return stddev(values)
    default:
      return percentile(values, Number(fn.slice(1)) / 100)
  }
}

function expectClose(actual: (number | null)[], expected: (number | null)[]): void {
  expect(actual.map((v) => v === null)).toEqual(expected.map((v) => v === null))
  actual.forEach((v, i) => {
    if (v !== null) expect(v).toBeCloseTo(expected[i]!, 9)
  })
}

const models = ['gpt-4o', 'claude-3-5-sonnet-20241022', 'mistral-large']

interface Call {
  model: string
  startMs: number
  latencyMs: number
  ttftMs: number
  input: number
  output: number
  cost: number
  tags: string[]
}

/** Calls in hours 0, 2 and 5 after `base` (hours 1, 3 and 4 empty), models in turn. */
function makeCalls(base: number): Call[] {
  const hours = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 5, 5, 5, 5, 5, 5]
  return hours.map((hour, i) => ({
    model: models[i % 3]!,
    startMs: base + hour * hourMs + (i % 12) * 290_000,
    latencyMs: 100 + ((i * 37) % 900),
    ttftMs: 20 + ((i * 13) % 200),
    input: 100 + i * 10,
    output: 50 + (i % 9) * 20,
    cost: Math.round((0.001 + (i % 11) * 0.0007) * 1e6) / 1e6,
    tags: i % 4 === 0 ? ['beta', 'vip'] : ['beta'],
  }))
}

interface Summary {
  avg: number | null
  min: number | null
  max: number | null
  p50: number | null
  p95: number | null
  p99: number | null
  stddev: number | null
  count: number
  sum: number | null
}

interface Result {
  measurement: string
  source: string
  aggregation: string
  window: string
  window_seconds: number
  from: string
  to: string
  group_by: string[]
  series: {
    group: Record<string, unknown>
    points: ({ ts: string; value: number | null } & Record<string, unknown>)[]
    summary: Summary
  }[]
  summary: Summary
  has_more: boolean
}

interface ErrorBody {
  error: { code: string; field_errors: { field: string; message: string }[] }
}

describe('POST /api/v1/query/timeseries', () => {
  let server: TestServer
  // Hour-aligned, so 1h windows from `base` hold whole hours of calls.
  const base = Math.floor(Date.now() / hourMs) * hourMs - 10 * hourMs
  const calls = makeCalls(base)
  const iso = (ms: number): string => new Date(ms).toISOString()
  const sixHours = { from: iso(base), to: iso(base + 6 * hourMs) }

  const query = async <T = Result>(body: object): Promise<{ status: number; body: T }> => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/query/timeseries',
      headers: authHeader,
      payload: body,
    })
    return { status: res.statusCode, body: res.json<{ data: T }>().data }
  }
  const error = async (
    body: object,
  ): Promise<{ status: number; fields: string[]; code: string }> => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/query/timeseries',
      headers: authHeader,
      payload: body,
    })
    const json = res.json<ErrorBody>()
    return {
      status: res.statusCode,
      code: json.error.code,
      fields: json.error.field_errors.map((e) => e.field),
    }
  }
  /** The calls' values in each hour of the six hours from `base`. */
  const hourly = (pick: (c: Call) => number, only: (c: Call) => boolean = () => true) =>
    [0, 1, 2, 3, 4, 5].map((h) =>
      calls
        .filter(
          (c) => only(c) && c.startMs >= base + h * hourMs && c.startMs < base + (h + 1) * hourMs,
        )
        .map(pick),
    )

  beforeAll(async () => {
    server = await startTestServer()
    const logs = calls.map((c) => ({
      model: c.model,
      provider: c.model.startsWith('claude') ? 'anthropic' : 'openai',
      start_time: iso(c.startMs),
      latency_ms: c.latencyMs,
      ttft_ms: c.ttftMs,
      messages: [{ role: 'user', content: 'Hello' }],
      response: 'Hi.',
      usage: { input: c.input, output: c.output },
      cost: c.cost,
      tags: c.tags,
      service: 'support-bot',
    }))
    const spans = await server.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/llm/bulk',
      headers: authHeader,
      payload: { logs },
    })
    expect(spans.statusCode).toBe(200)
    const metrics = []
    for (let k = 0; k < 18; k++)
      for (const host of ['h1', 'h2'])
        metrics.push({
          name: 'cpu.usage',
          value: host === 'h1' ? 0.1 + k * 0.01 : 0.5 + (k % 5) * 0.02,
          timestamp: iso(base + k * 600_000),
          tags: { host },
          service: 'api',
        })
    const points = await server.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/metrics',
      headers: authHeader,
      payload: { metrics },
    })
    expect(points.statusCode).toBe(201)
  })
  afterAll(async () => server.close())

  it('computes every aggregation per window equal to the values of the seeded calls', async () => {
    const latencies = hourly((c) => c.latencyMs)
    for (const fn of [
      'mean',
      'sum',
      'min',
      'max',
      'count',
      'p50',
      'p95',
      'p99',
      'stddev',
      'rate',
    ]) {
      const { status, body } = await query({
        measurement: 'latency_ms',
        aggregation: fn,
        window: '1h',
        ...sixHours,
      })
      expect(status).toBe(200)
      expect(body.aggregation).toBe(fn)
      expect(body.series).toHaveLength(1)
      const points = body.series[0]!.points
      expect(points.map((p) => p.ts)).toEqual([0, 1, 2, 3, 4, 5].map((h) => iso(base + h * hourMs)))
      expectClose(
        points.map((p) => p.value),
        latencies.map((values) => aggregate(fn, values, 3600)),
      )
    }
  })

  it('summarizes the whole range with avg, min, max, percentiles, stddev, count and sum', async () => {
    const { body } = await query({ measurement: 'spans.cost_usd', aggregation: 'sum', ...sixHours })
    const costs = calls.map((c) => c.cost)
    const s = body.summary
    expect(body.measurement).toBe('cost_usd')
    expect(body.source).toBe('spans')
    expect(s.count).toBe(calls.length)
    expect(s.sum).toBeCloseTo(sumOf(costs), 12)
    expect(s.avg).toBeCloseTo(sumOf(costs) / costs.length, 12)
    expect(s.min).toBeCloseTo(Math.min(...costs), 12)
    expect(s.max).toBeCloseTo(Math.max(...costs), 12)
    expect(s.p50).toBeCloseTo(percentile(costs, 0.5)!, 12)
    expect(s.p95).toBeCloseTo(percentile(costs, 0.95)!, 12)
    expect(s.p99).toBeCloseTo(percentile(costs, 0.99)!, 12)
    expect(s.stddev).toBeCloseTo(stddev(costs)!, 12)
    expect(body.series[0]!.summary).toEqual(s)
  })

  it('counts requests per window (0 when empty) and their rate per second', async () => {
    const counts = hourly(() => 1).map((v) => v.length)
    const { body } = await query({
      measurement: 'requests',
      window: '1h',
      fields: ['rate'],
      ...sixHours,
    })
    expect(body.aggregation).toBe('count')
    expect(body.series[0]!.points.map((p) => p.value)).toEqual(counts)
    expectClose(
      body.series[0]!.points.map((p) => p['rate'] as number),
      counts.map((n) => n / 3600),
    )
    expect(body.summary.count).toBe(calls.length)
    expect(body.summary.sum).toBe(calls.length)
  })

  it('fills empty windows with null, the previous value, a linear interpolation, zero or a value', async () => {
    const means = hourly((c) => c.ttftMs).map((v) => aggregate('mean', v, 3600))
    const [v0, , v2, , , v5] = means as [number, null, number, null, null, number]
    const expected: Record<string, (number | null)[]> = {
      null: [v0, null, v2, null, null, v5],
      previous: [v0, v0, v2, v2, v2, v5],
      linear: [v0, (v0 + v2) / 2, v2, v2 + (v5 - v2) / 3, v2 + (2 * (v5 - v2)) / 3, v5],
      zero: [v0, 0, v2, 0, 0, v5],
    }
    for (const [fill, values] of Object.entries(expected)) {
      const { body } = await query({ measurement: 'ttft_ms', window: '1h', fill, ...sixHours })
      expectClose(
        body.series[0]!.points.map((p) => p.value),
        values,
      )
    }
    const { body } = await query({
      measurement: 'ttft_ms',
      window: '1h',
      fill: { value: -1 },
      ...sixHours,
    })
    expectClose(
      body.series[0]!.points.map((p) => p.value),
      [v0, -1, v2, -1, -1, v5],
    )
  })

  it('leaves gaps before the first value unfilled by previous and linear', async () => {
    for (const fill of ['previous', 'linear']) {
      const { body } = await query({
        measurement: 'latency_ms',
        window: '1h',
        fill,
        from: iso(base - 2 * hourMs),
        to: iso(base + hourMs),
      })
      const values = body.series[0]!.points.map((p) => p.value)
      expect(values.slice(0, 2)).toEqual([null, null])
      expect(values[2]).toBeCloseTo(aggregate('mean', hourly((c) => c.latencyMs)[0]!, 3600)!, 9)
    }
  })

  it('groups by model, pages the series ranked by the aggregation, and filters by tags', async () => {
    const totals = models
      .map((model) => ({
        model,
        values: calls.filter((c) => c.model === model).map((c) => c.latencyMs),
      }))
      .map((m) => ({ ...m, p95: percentile(m.values, 0.95)! }))
      .sort((a, b) => b.p95 - a.p95)
    const first = await query({
      measurement: 'latency_ms',
      aggregation: 'p95',
      window: '1h',
      group_by: ['model'],
      limit: 2,
      ...sixHours,
    })
    expect(first.body.has_more).toBe(true)
    expect(first.body.series.map((s) => s.group)).toEqual(
      totals.slice(0, 2).map((t) => ({ model: t.model })),
    )
    const rest = await query({
      measurement: 'latency_ms',
      aggregation: 'p95',
      window: '1h',
      group_by: 'model',
      limit: 2,
      offset: 2,
      ...sixHours,
    })
    expect(rest.body.has_more).toBe(false)
    expect(rest.body.series.map((s) => s.group)).toEqual([{ model: totals[2]!.model }])
    for (const series of [...first.body.series, ...rest.body.series]) {
      const model = series.group['model'] as string
      const t = totals.find((x) => x.model === model)!
      expect(series.summary.p95).toBeCloseTo(t.p95, 9)
      expect(series.summary.count).toBe(t.values.length)
      expectClose(
        series.points.map((p) => p.value),
        hourly(
          (c) => c.latencyMs,
          (c) => c.model === model,
        ).map((v) => percentile(v, 0.95)),
      )
    }

    const filtered = await query({
      measurement: 'output_tokens',
      aggregation: 'sum',
      window: '1h',
      tag_filters: { model: 'gpt-4o', tag: 'vip' },
      ...sixHours,
    })
    const vip = (c: Call) => c.model === 'gpt-4o' && c.tags.includes('vip')
    expect(filtered.body.summary.sum).toBe(sumOf(calls.filter(vip).map((c) => c.output)))
    const tree = await query({
      measurement: 'input_tokens',
      aggregation: 'max',
      filters: {
        operator: 'OR',
        conditions: [{ field: 'model', operator: 'starts_with', value: 'claude' }],
      },
      ...sixHours,
    })
    expect(tree.body.summary.max).toBe(
      Math.max(...calls.filter((c) => c.model.startsWith('claude')).map((c) => c.input)),
    )
  })

  it('groups by tag, a call counting in the group of each of its tags', async () => {
    const { body } = await query({
      measurement: 'requests',
      group_by: ['tag'],
      window: '1h',
      ...sixHours,
    })
    const byTag = Object.fromEntries(body.series.map((s) => [s.group['tag'], s.summary.count]))
    expect(byTag).toEqual({
      beta: calls.length,
      vip: calls.filter((c) => c.tags.includes('vip')).length,
    })
    const vip = body.series.find((s) => s.group['tag'] === 'vip')!
    expect(vip.points.map((p) => p.value)).toEqual(
      hourly(
        () => 1,
        (c) => c.tags.includes('vip'),
      ).map((v) => v.length),
    )
  })

  it('queries an ingested metric by name, grouped and filtered by its tags', async () => {
    const value = (k: number, host: string) =>
      host === 'h1' ? 0.1 + k * 0.01 : 0.5 + (k % 5) * 0.02
    const ks = [...Array(18).keys()]
    const { status, body } = await query({
      measurement: 'cpu.usage',
      aggregation: 'max',
      window: '1h',
      group_by: ['host'],
      fields: ['mean', 'count'],
      from: iso(base),
      to: iso(base + 3 * hourMs),
    })
    expect(status).toBe(200)
    expect(body.source).toBe('metrics')
    expect(body.series.map((s) => s.group)).toEqual([{ host: 'h2' }, { host: 'h1' }])
    for (const series of body.series) {
      const host = series.group['host'] as string
      const perHour = [0, 1, 2].map((h) =>
        ks.filter((k) => Math.floor(k / 6) === h).map((k) => value(k, host)),
      )
      expectClose(
        series.points.map((p) => p.value),
        perHour.map((v) => Math.max(...v)),
      )
      expectClose(
        series.points.map((p) => p['mean'] as number),
        perHour.map((v) => sumOf(v) / v.length),
      )
      expect(series.points.map((p) => p['count'])).toEqual([6, 6, 6])
    }
    const h1 = await query({
      measurement: 'metrics.cpu.usage',
      aggregation: 'stddev',
      tag_filters: { host: 'h1', service: 'api' },
      from: iso(base),
      to: iso(base + 3 * hourMs),
    })
    expect(h1.body.summary.count).toBe(18)
    expect(h1.body.summary.stddev).toBeCloseTo(stddev(ks.map((k) => value(k, 'h1')))!, 12)
    const empty = await query({ measurement: 'metrics.no.such.metric', ...sixHours, window: '1h' })
    expect(empty.status).toBe(200)
    expect(empty.body.series[0]!.points.map((p) => p.value)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ])
    expect(empty.body.summary.count).toBe(0)
  })

  it('reads windows of 1mo (30 days from the epoch) and odd durations such as 2h30m and 90s', async () => {
    const month = await query({
      measurement: 'requests',
      window: '1mo',
      from: iso(base - 40 * 24 * hourMs),
      to: iso(base + 6 * hourMs),
    })
    expect(month.body.window).toBe('30d')
    expect(month.body.window_seconds).toBe(2_592_000)
    const monthMs = 2_592_000_000
    for (const p of month.body.series[0]!.points) expect(Date.parse(p.ts) % monthMs).toBe(0)
    const inMonth = month.body.series[0]!.points.find(
      (p) => Date.parse(p.ts) === Math.floor(calls[0]!.startMs / monthMs) * monthMs,
    )
    expect(month.body.series[0]!.points.reduce((n, p) => n + (p.value ?? 0), 0)).toBe(calls.length)
    expect(inMonth?.value).toBeGreaterThan(0)

    for (const [window, ms, text] of [
      ['2h30m', 9_000_000, '2h30m'],
      ['90s', 90_000, '1m30s'],
      ['150 minutes', 9_000_000, '2h30m'],
    ] as const) {
      const { status, body } = await query({ measurement: 'requests', window, ...sixHours })
      expect(status).toBe(200)
      expect(body.window).toBe(text)
      const starts = body.series[0]!.points.map((p) => Date.parse(p.ts))
      for (const t of starts) expect(t % ms).toBe(0)
      expect(starts[0]).toBe(Math.floor(base / ms) * ms)
      const expected = starts.map(
        (t) => calls.filter((c) => c.startMs >= t && c.startMs < t + ms).length,
      )
      expect(body.series[0]!.points.map((p) => p.value)).toEqual(expected)
    }
  })

  it('starts week windows on Mondays (14d is two weeks) and picks a window for auto', async () => {
    for (const [window, text] of [
      ['1w', '1w'],
      ['14d', '2w'],
    ] as const) {
      const { body } = await query({
        measurement: 'requests',
        window,
        from: iso(base - 30 * 24 * hourMs),
        to: iso(base + 6 * hourMs),
      })
      expect(body.window).toBe(text)
      for (const p of body.series[0]!.points) {
        expect(new Date(p.ts).getUTCDay()).toBe(1)
        expect(p.ts.endsWith('T00:00:00.000Z')).toBe(true)
      }
      expect(body.series[0]!.points.reduce((n, p) => n + (p.value ?? 0), 0)).toBe(calls.length)
    }
    const auto = await query({ measurement: 'requests', ...sixHours })
    expect(auto.body.window).toBe('2m')
    expect(auto.body.series[0]!.points).toHaveLength(180)
  })

  it('rejects an unknown measurement, aggregation, window, fill or field with 400 naming it', async () => {
    const cases: [object, string][] = [
      [{ measurement: 'spans.latency' }, 'measurement'],
      [{ measurement: 'no.such.metric' }, 'measurement'],
      [{ measurement: 'latency_ms', source: 'logs' }, 'source'],
      [{ measurement: 'latency_ms', aggregation: 'median2' }, 'aggregation'],
      [{ measurement: 'latency_ms', aggregation: { function: 'mode' } }, 'aggregation'],
      [{ measurement: 'latency_ms', fields: ['p95', 'p42'] }, 'fields.1'],
      [{ measurement: 'requests', aggregation: 'p95' }, 'aggregation'],
      [{ measurement: 'latency_ms', window: '7x' }, 'window'],
      [{ measurement: 'latency_ms', window: '0m' }, 'window'],
      [{ measurement: 'latency_ms', window: '1s', from: 'now-7d' }, 'window'],
      [{ measurement: 'latency_ms', fill: 'cubic' }, 'fill'],
      [
        { measurement: 'latency_ms', group_by: ['model', 'provider', 'service', 'status'] },
        'group_by',
      ],
      [{ measurement: 'latency_ms', group_by: ['nope'] }, 'group_by'],
      [{ measurement: 'latency_ms', tag_filters: { nope: 'x' } }, 'tag_filters.nope'],
      [{ measurement: 'latency_ms', from: 'yesterday' }, 'from'],
    ]
    for (const [body, field] of cases) {
      const res = await error(body)
      expect({ body, status: res.status, code: res.code, fields: res.fields }).toEqual({
        body,
        status: 400,
        code: 'validation_error',
        fields: [field],
      })
    }
  })
})
