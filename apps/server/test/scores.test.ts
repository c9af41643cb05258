import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toSpanId } from '@llm-observatory/core'
import { makeProject, randomSpanId, randomTraceId } from '@llm-observatory/testkit'
import { ApiKeyService } from '../src/auth/api-key-service.js'
import { startTestServer, type TestServer } from './test-server.js'

interface ScoreBody {
  id: string
  name: string
  data_type: string
  value: number | boolean | string | null
  comment: string | null
  source: string
  trace_id: string | null
  span_id: string | null
  session_id: string | null
  timestamp: string
}

interface BatchBody {
  status: string
  data: {
    status: string
    total_items: number
    success_count: number
    failure_count: number
    skipped_count: number
    results: {
      index: number
      id: string | null
      status: string
      error?: { code: string; field_errors: { field: string; message: string }[] }
    }[]
  }
}

interface ListBody {
  data: ScoreBody[]
  pagination: {
    page: number
    per_page: number
    total_items: number
    total_pages: number
    has_next: boolean
    has_previous: boolean
    links: { self: string; first: string; next?: string; prev?: string; last?: string }
    next_cursor: string | null
  }
}

describe('scores', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => server.close())

  /** A fresh project with its own key, so each test sees only its own scores. */
  async function newProject(): Promise<Record<string, string>> {
    const project = makeProject()
    await server.services.backend.createProject(project)
    const { secretKey } = await new ApiKeyService(server.services.backend).createKey(
      project.id,
      'scores test',
    )
    return { authorization: `Bearer ${secretKey}` }
  }

  async function post(headers: Record<string, string>, payload: unknown) {
    return server.app.inject({
      method: 'POST',
      url: '/api/v1/scores',
      headers,
      payload: payload as object,
    })
  }

  async function list(headers: Record<string, string>, query: string) {
    const res = await server.app.inject({ method: 'GET', url: `/api/v1/scores${query}`, headers })
    return res
  }

  it('stores one numeric score and returns it with defaults filled and ids mapped', async () => {
    const headers = await newProject()
    const uuid = '3F2504E0-4F89-11D3-9A0C-0305E82C3301'
    const res = await post(headers, {
      name: 'helpfulness',
      value: 0.875,
      trace_id: uuid,
      comment: 'rubric v2',
      timestamp: '2026-03-01T10:00:00.250Z',
    })
    expect(res.statusCode).toBe(201)
    const created = res.json<{ status: string; data: ScoreBody }>()
    expect(created.status).toBe('success')
    expect(created.data).toMatchObject({
      name: 'helpfulness',
      data_type: 'numeric',
      value: 0.875,
      comment: 'rubric v2',
      source: 'api',
      trace_id: '3f2504e04f8911d39a0c0305e82c3301',
      span_id: null,
      session_id: null,
      timestamp: '2026-03-01T10:00:00.250Z',
    })
    expect(created.data.id).toMatch(/^[0-9a-f-]{36}$/)

    const listed = (await list(headers, '')).json<ListBody>()
    expect(listed.data).toEqual([created.data])
  })

  it('infers the data type from the value and accepts explicit types in either case', async () => {
    const headers = await newProject()
    const session = 'session-infer'
    const res = await post(headers, {
      scores: [
        { name: 'correct', value: true, session_id: session, timestamp: 1772359200000 },
        { name: 'tone', value: 'friendly', session_id: session, timestamp: 1772359201000 },
        { name: 'relevance', value: 3, session_id: session, timestamp: 1772359202000 },
        {
          name: 'passed',
          value: 0,
          data_type: 'BOOLEAN',
          session_id: session,
          timestamp: 1772359203000,
        },
        {
          name: 'grade',
          value: 'B',
          data_type: 'categorical',
          source: 'user',
          session_id: session,
          timestamp: 1772359204000,
        },
      ],
    })
    expect(res.statusCode).toBe(200)
    expect(res.json<BatchBody>().data.success_count).toBe(5)
    const listed = (await list(headers, `?session_id=${session}`)).json<ListBody>()
    expect(listed.data.map((s) => [s.name, s.data_type, s.value, s.source])).toEqual([
      ['grade', 'categorical', 'B', 'user'],
      ['passed', 'boolean', false, 'api'],
      ['relevance', 'numeric', 3, 'api'],
      ['tone', 'categorical', 'friendly', 'api'],
      ['correct', 'boolean', true, 'api'],
    ])
  })

  it('answers a batch per item: bad items fail with named fields, duplicates skip, the rest is stored', async () => {
    const headers = await newProject()
    const traceId = randomTraceId()
    const res = await post(headers, {
      scores: [
        { id: 'dup-1', name: 'accuracy', value: 0.5, trace_id: traceId },
        { name: 'accuracy', value: 0.7 },
        { name: 'accuracy', value: 'high', data_type: 'numeric', trace_id: traceId },
        { name: 'accuracy', value: 0.9, trace_id: traceId, observationId: 'x' },
        { id: 'dup-1', name: 'accuracy', value: 0.1, trace_id: traceId },
        { name: 'accuracy', value: 0.25, trace_id: traceId, source: 'robot' },
        { name: 'accuracy', value: 1, trace_id: traceId, timestamp: 'yesterday' },
        { id: 'ok-2', name: 'accuracy', value: 1, trace_id: traceId, source: 'eval' },
      ],
    })
    expect(res.statusCode).toBe(207)
    const body = res.json<BatchBody>()
    expect(body.status).toBe('partial')
    expect(body.data).toMatchObject({
      status: 'partial_success',
      total_items: 8,
      success_count: 2,
      failure_count: 5,
      skipped_count: 1,
    })
    const byIndex = body.data.results
    expect(byIndex.map((r) => r.status)).toEqual([
      'success',
      'failed',
      'failed',
      'failed',
      'skipped',
      'failed',
      'failed',
      'success',
    ])
    const fields = (i: number) => byIndex[i]!.error!.field_errors.map((e) => e.field)
    expect(fields(1)).toEqual(['trace_id'])
    expect(fields(2)).toEqual(['value'])
    expect(fields(3)).toEqual(['observationId'])
    expect(fields(5)).toEqual(['source'])
    expect(fields(6)).toEqual(['timestamp'])
    expect(byIndex[1]!.error!.code).toBe('validation_error')
    expect(byIndex[4]).toMatchObject({ id: 'dup-1', error: { code: 'conflict' } })

    const listed = (await list(headers, `?trace_id=${traceId}`)).json<ListBody>()
    expect(listed.data.map((s) => [s.id, s.value, s.source]).sort()).toEqual([
      ['dup-1', 0.5, 'api'],
      ['ok-2', 1, 'eval'],
    ])
    expect(listed.pagination.total_items).toBe(2)
  })

  it('rejects a single invalid score with 400 validation_error naming the field, storing nothing', async () => {
    const headers = await newProject()
    const noName = await post(headers, { value: 1, trace_id: randomTraceId() })
    expect(noName.statusCode).toBe(400)
    const error = noName.json<{ error: { code: string; field_errors: { field: string }[] } }>()
      .error
    expect(error.code).toBe('validation_error')
    expect(error.field_errors.map((e) => e.field)).toEqual(['name'])
    const wrongBoolean = await post(headers, {
      name: 'ok',
      value: 2,
      data_type: 'boolean',
      session_id: 's',
    })
    expect(wrongBoolean.statusCode).toBe(400)
    expect(
      wrongBoolean.json<{ error: { field_errors: { field: string }[] } }>().error.field_errors,
    ).toEqual([{ field: 'value', message: 'must be true or false (or 0/1) for a boolean score' }])
    const allBad = await post(headers, [
      { name: 'a', value: 1 },
      { value: 2, session_id: 's' },
    ])
    expect(allBad.statusCode).toBe(400)
    expect(allBad.json<BatchBody>().data.failure_count).toBe(2)
    expect((await list(headers, '')).json<ListBody>().pagination.total_items).toBe(0)
  })

  it('keeps one score per id: a re-sent id replaces the earlier version', async () => {
    const headers = await newProject()
    const traceId = randomTraceId()
    const original = {
      id: 'eval-run-7:item-3',
      name: 'faithfulness',
      value: 0.4,
      trace_id: traceId,
      timestamp: '2026-03-01T10:00:00Z',
    }
    expect((await post(headers, original)).statusCode).toBe(201)
    // A retry of the same request, then a correction.
    expect((await post(headers, original)).statusCode).toBe(201)
    const corrected = await post(headers, {
      id: 'eval-run-7:item-3',
      name: 'faithfulness',
      value: 0.6,
      trace_id: traceId,
      timestamp: '2026-03-01T10:05:00Z',
    })
    expect(corrected.json<{ data: ScoreBody }>().data.id).toBe('eval-run-7:item-3')
    const listed = (await list(headers, '')).json<ListBody>()
    expect(listed.data.map((s) => [s.id, s.value, s.timestamp])).toEqual([
      ['eval-run-7:item-3', 0.6, '2026-03-01T10:05:00.000Z'],
    ])
    expect(listed.pagination.total_items).toBe(1)
  })

  it('lists scores on the trace and on its spans in the trace detail', async () => {
    const headers = await newProject()
    const traceId = randomTraceId()
    const spanId = randomSpanId()
    const ingest = await server.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/llm',
      headers,
      payload: {
        model: 'gpt-4o-mini',
        trace_id: traceId,
        span_id: spanId,
        start_time: '2026-03-01T10:00:00Z',
        end_time: '2026-03-01T10:00:01Z',
        prompt: 'q',
        response: 'a',
      },
    })
    expect(ingest.statusCode).toBe(201)
    const scores = await post(headers, {
      scores: [
        { name: 'on-trace', value: 1, trace_id: traceId, timestamp: '2026-03-01T10:00:02Z' },
        { name: 'on-span', value: false, span_id: spanId, timestamp: '2026-03-01T10:00:03Z' },
        { name: 'elsewhere', value: 1, trace_id: randomTraceId() },
        { name: 'on-session', value: 'x', session_id: 'sess-detail' },
      ],
    })
    expect(scores.statusCode).toBe(200)
    const detail = await server.app.inject({
      method: 'GET',
      url: `/api/v1/traces/${traceId}`,
      headers,
    })
    expect(detail.statusCode).toBe(200)
    const data = detail.json<{ data: { scores: ScoreBody[] } }>().data
    expect(data.scores.map((s) => [s.name, s.value, s.trace_id, s.span_id])).toEqual([
      ['on-span', false, null, spanId],
      ['on-trace', 1, traceId, null],
    ])
  })

  it('filters by name, source, span and time range (ISO, epoch ms and relative)', async () => {
    const headers = await newProject()
    const spanId = 'my-span'
    const now = Date.now()
    const at = (msAgo: number) => new Date(now - msAgo).toISOString()
    const res = await post(headers, {
      scores: [
        { name: 'a', value: 1, span_id: spanId, timestamp: at(3 * 3_600_000) },
        { name: 'b', value: 2, span_id: spanId, timestamp: at(2 * 3_600_000), source: 'user' },
        { name: 'a', value: 3, session_id: 's1', timestamp: at(30 * 60_000), source: 'user' },
        { name: 'a', value: 4, session_id: 's1', timestamp: at(60_000), source: 'eval' },
      ],
    })
    expect(res.statusCode).toBe(200)
    const values = async (query: string) => {
      const r = await list(headers, query)
      expect(r.statusCode).toBe(200)
      return r.json<ListBody>().data.map((s) => s.value)
    }
    expect(await values('?name=a')).toEqual([4, 3, 1])
    expect(await values('?source=user')).toEqual([3, 2])
    expect(await values(`?span_id=${spanId}`)).toEqual([2, 1])
    expect((await list(headers, `?span_id=${spanId}`)).json<ListBody>().data[0]!.span_id).toBe(
      toSpanId(spanId),
    )
    expect(await values('?from=now-1h')).toEqual([4, 3])
    expect(await values(`?from=${now - 150 * 60_000}&to=now-10m`)).toEqual([3, 2])
    expect(await values(`?to=${encodeURIComponent(at(150 * 60_000))}`)).toEqual([1])
    expect(await values('?name=a&source=eval')).toEqual([4])

    const backwards = await list(headers, '?from=now&to=now-1h')
    expect(backwards.statusCode).toBe(400)
    expect(
      backwards.json<{ error: { field_errors: { field: string }[] } }>().error.field_errors[0]!
        .field,
    ).toBe('from')
    const notATime = await list(headers, '?to=soon')
    expect(notATime.statusCode).toBe(400)
    expect(
      notATime.json<{ error: { field_errors: { field: string }[] } }>().error.field_errors[0]!
        .field,
    ).toBe('to')
    const badSource = await list(headers, '?source=robot')
    expect(badSource.statusCode).toBe(400)
    expect(
      badSource.json<{ error: { code: string; field_errors: { field: string }[] } }>().error,
    ).toMatchObject({
      code: 'validation_error',
      field_errors: [{ field: 'source' }],
    })
  })

  it('pages newest first by page number and by cursor, with totals and links', async () => {
    const headers = await newProject()
    const traceId = randomTraceId()
    const base = Date.parse('2026-03-02T00:00:00Z')
    // Five scores, the last two in the same microsecond: the cursor must split them by id.
    const times = [base, base + 1000, base + 2000, base + 3000, base + 3000]
    const res = await post(headers, {
      scores: times.map((t, i) => ({
        id: `p${i}`,
        name: 'n',
        value: i,
        trace_id: traceId,
        timestamp: t,
      })),
    })
    expect(res.statusCode).toBe(200)
    const expected = ['p4', 'p3', 'p2', 'p1', 'p0']

    const first = (await list(headers, '?per_page=2')).json<ListBody>()
    expect(first.data.map((s) => s.id)).toEqual(['p4', 'p3'])
    expect(first.pagination).toMatchObject({
      page: 1,
      per_page: 2,
      total_items: 5,
      total_pages: 3,
      has_next: true,
      has_previous: false,
    })
    expect(first.pagination.links.self).toBe('/api/v1/scores?per_page=2')
    expect(first.pagination.links.last).toBe('/api/v1/scores?per_page=2&page=3')
    expect(first.pagination.links.prev).toBeUndefined()

    const seen: string[] = []
    let url: string | undefined = '/api/v1/scores?per_page=2'
    let pages = 0
    while (url !== undefined && pages < 10) {
      const r = await server.app.inject({ method: 'GET', url, headers })
      expect(r.statusCode).toBe(200)
      const body: ListBody = r.json<ListBody>()
      seen.push(...body.data.map((s) => s.id))
      pages++
      expect(body.pagination.page).toBe(pages)
      url = body.pagination.links.next
      if (url !== undefined) expect(url).toContain(`cursor=${body.pagination.next_cursor}`)
      else expect(body.pagination).toMatchObject({ has_next: false, next_cursor: null })
    }
    expect(seen).toEqual(expected)
    expect(pages).toBe(3)

    const third = (await list(headers, '?per_page=2&page=3')).json<ListBody>()
    expect(third.data.map((s) => s.id)).toEqual(['p0'])
    expect(third.pagination).toMatchObject({
      has_next: false,
      has_previous: true,
      next_cursor: null,
    })
    expect(third.pagination.links.prev).toBe('/api/v1/scores?per_page=2&page=2')
    const beyond = (await list(headers, '?per_page=2&page=9')).json<ListBody>()
    expect(beyond.data).toEqual([])
    expect(beyond.pagination.total_items).toBe(5)

    const defaults = (await list(headers, '')).json<ListBody>().pagination
    expect(defaults).toMatchObject({ page: 1, per_page: 50, total_pages: 1, has_next: false })
  })

  it('rejects out-of-range paging and foreign cursors with validation_error', async () => {
    const headers = await newProject()
    for (const [query, field] of [
      ['?per_page=1001', 'per_page'],
      ['?per_page=0', 'per_page'],
      ['?page=0', 'page'],
      ['?cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ] as const) {
      const r = await list(headers, query)
      expect(r.statusCode, query).toBe(400)
      const error = r.json<{ error: { code: string; field_errors: { field: string }[] } }>().error
      expect(error.code).toBe('validation_error')
      expect(error.field_errors[0]!.field).toBe(field)
    }
  })
})
