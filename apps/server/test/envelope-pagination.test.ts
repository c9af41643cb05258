import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isObservatoryError } from '@llm-observatory/core'
import { randomTraceId } from '@llm-observatory/testkit'
import {
  buildPagination,
  decodeCursor,
  encodeCursor,
  readPageRequest,
} from '../src/http/pagination.js'
import { parseQueryTime } from '../src/http/parse-query-time.js'
import { authHeader, startTestServer, type TestServer } from './test-server.js'

describe('buildPagination', () => {
  it('numbers pages from the total and links every page by number', () => {
    const p = buildPagination('/api/v1/scores?name=a&per_page=20&page=2', 2, 20, 45)
    expect(p).toEqual({
      page: 2,
      per_page: 20,
      total_items: 45,
      total_pages: 3,
      has_next: true,
      has_previous: true,
      links: {
        self: '/api/v1/scores?name=a&per_page=20&page=2',
        first: '/api/v1/scores?name=a&per_page=20&page=1',
        next: '/api/v1/scores?name=a&per_page=20&page=3',
        prev: '/api/v1/scores?name=a&per_page=20&page=1',
        last: '/api/v1/scores?name=a&per_page=20&page=3',
      },
      next_cursor: null,
    })
  })

  it('has no next page on the last page and no pages at all for an empty list', () => {
    const last = buildPagination('/x?page=3&per_page=20', 3, 20, 45)
    expect(last).toMatchObject({ has_next: false, has_previous: true, total_pages: 3 })
    expect(last.links.next).toBeUndefined()
    const exact = buildPagination('/x?page=2&per_page=10', 2, 10, 20)
    expect(exact.has_next).toBe(false)
    const empty = buildPagination('/x', 1, 50, 0)
    expect(empty).toMatchObject({ total_pages: 0, has_next: false, has_previous: false })
    expect(empty.links).toEqual({ self: '/x', first: '/x?page=1' })
  })

  it('puts the next cursor in the next link and drops it from the others', () => {
    const p = buildPagination('/x?per_page=2&page=2&cursor=abc', 2, 2, 9, 'def')
    expect(p.links).toEqual({
      self: '/x?per_page=2&page=2&cursor=abc',
      first: '/x?per_page=2&page=1',
      next: '/x?per_page=2&page=3&cursor=def',
      prev: '/x?per_page=2&page=1',
      last: '/x?per_page=2&page=5',
    })
    expect(p).toMatchObject({ has_next: true, has_previous: true, next_cursor: 'def' })
  })

  it('trusts the cursor over the total once a request pages by cursor', () => {
    // Reached by cursor without a page number: the total cannot tell where this page is.
    const end = buildPagination('/x?cursor=abc', 1, 2, 9, null)
    expect(end).toMatchObject({ has_next: false, has_previous: true, next_cursor: null })
    expect(end.links.next).toBeUndefined()
  })

  it('works without a total, from the cursor alone', () => {
    const p = buildPagination('/x?per_page=5', 1, 5, null, 'c1')
    expect(p).toMatchObject({ total_items: null, total_pages: null, has_next: true })
    expect(p.links.last).toBeUndefined()
    expect(p.links.next).toBe('/x?per_page=5&page=2&cursor=c1')
  })
})

describe('page requests and cursors', () => {
  it('fills defaults and computes the offset', () => {
    expect(readPageRequest({})).toEqual({ page: 1, perPage: 50, offset: 0, cursor: null })
    expect(readPageRequest({ page: 4, per_page: 25, cursor: 'k' })).toEqual({
      page: 4,
      perPage: 25,
      offset: 75,
      cursor: 'k',
    })
  })

  it('round-trips cursor values and rejects foreign cursors naming the field', () => {
    const cursor = encodeCursor([1772359200000123, 'score é/7'])
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodeCursor(cursor, ['number', 'string'] as const)).toEqual([
      1772359200000123,
      'score é/7',
    ])
    for (const bad of ['', 'not base64 json', encodeCursor(['x', 'y']), encodeCursor([1])]) {
      let caught: unknown
      try {
        decodeCursor(bad, ['number', 'string'] as const)
      } catch (err) {
        caught = err
      }
      expect(isObservatoryError(caught) && caught.apiCode).toBe('validation_error')
      expect(isObservatoryError(caught) && caught.fieldErrors?.[0]?.field).toBe('cursor')
    }
  })
})

describe('parseQueryTime', () => {
  const nowUs = Date.UTC(2026, 2, 1, 12, 0, 0) * 1000

  it('reads relative, ISO and epoch forms in UTC', () => {
    expect(parseQueryTime('now', 'from', nowUs)).toBe(nowUs)
    expect(parseQueryTime('now-1h', 'from', nowUs)).toBe(Date.UTC(2026, 2, 1, 11) * 1000)
    expect(parseQueryTime('now-7d', 'from', nowUs)).toBe(Date.UTC(2026, 1, 22, 12) * 1000)
    expect(parseQueryTime('now-15m', 'from', nowUs)).toBe(Date.UTC(2026, 2, 1, 11, 45) * 1000)
    expect(parseQueryTime('NOW+2w', 'to', nowUs)).toBe(Date.UTC(2026, 2, 15, 12) * 1000)
    expect(parseQueryTime('2026-03-01T10:00:00+02:00', 'from', nowUs)).toBe(
      Date.UTC(2026, 2, 1, 8) * 1000,
    )
    expect(parseQueryTime('1772359200000', 'from', nowUs)).toBe(1772359200000 * 1000)
  })

  it('rejects other text with a validation error naming the field', () => {
    for (const bad of ['now-1y', 'yesterday', 'now-', '2026-02-30']) {
      let caught: unknown
      try {
        parseQueryTime(bad, 'to', nowUs)
      } catch (err) {
        caught = err
      }
      expect(isObservatoryError(caught) && caught.fieldErrors).toEqual([
        { field: 'to', message: 'not a time' },
      ])
    }
  })
})

describe('envelope on the wire', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => server.close())

  it('wraps a list in status, data, pagination, error and meta', async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/v1/scores?trace_id=${randomTraceId()}`,
      headers: authHeader,
    })
    expect(res.statusCode).toBe(200)
    const body = res.json<Record<string, unknown>>()
    expect(Object.keys(body).sort()).toEqual(['data', 'error', 'meta', 'pagination', 'status'])
    expect(body['status']).toBe('success')
    expect(body['data']).toEqual([])
    expect(body['error']).toBeNull()
    const meta = body['meta'] as Record<string, unknown>
    expect(meta['api_version']).toBe('v1')
    expect(meta['request_id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(new Date(meta['timestamp'] as string).toISOString()).toBe(meta['timestamp'])
    expect(meta['response_time_ms']).toBeGreaterThanOrEqual(0)
  })

  it('answers errors in the error envelope with the code, status and named fields', async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: '/api/v1/scores?per_page=5000',
      headers: authHeader,
    })
    expect(res.statusCode).toBe(400)
    const body = res.json<{
      status: string
      data: unknown
      error: { code: string; status_code: number; field_errors: { field: string }[] }
    }>()
    expect(body.status).toBe('error')
    expect(body.data).toBeNull()
    expect(body.error).toMatchObject({ code: 'validation_error', status_code: 400 })
    expect(body.error.field_errors.map((e) => e.field)).toEqual(['per_page'])
    const unauthorized = await server.app.inject({ method: 'GET', url: '/api/v1/scores' })
    expect(unauthorized.statusCode).toBe(401)
    expect(unauthorized.json<{ error: { code: string } }>().error.code).toBe('unauthorized')
  })
})
