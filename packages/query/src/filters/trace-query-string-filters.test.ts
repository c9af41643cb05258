import { ObservatoryError } from '@llm-observatory/core'
import { describe, expect, it } from 'vitest'
import {
  alwaysTrue,
  and,
  col,
  compare,
  inList,
  jsonListHas,
  listHas,
  or,
  param,
  textMatch,
} from '../query-tree.js'
import { spansView } from '../views/spans-view.js'
import { tracesView } from '../views/traces-view.js'
import { parseFilter } from './parse-filter.js'
import { narrowTestView, testView } from './test-view.js'
import { traceQueryStringFilters, traceQueryStringParams } from './trace-query-string-filters.js'

function errorOf(fn: () => unknown): ObservatoryError {
  try {
    fn()
  } catch (err) {
    if (err instanceof ObservatoryError) return err
    throw err
  }
  throw new Error('expected an ObservatoryError')
}

const eqText = (column: string, value: string) => compare('eq', col(column), param(value, 'string'))

describe('traceQueryStringFilters', () => {
  it('gives no filter without filter params, ignoring the others', () => {
    expect(traceQueryStringFilters(testView, {})).toEqual(alwaysTrue)
    expect(traceQueryStringFilters(testView, { from: 'now-1h', page: '2', model: '' })).toEqual(
      alwaysTrue,
    )
  })

  it('maps each list param to its field, one value as eq and a comma list as in', () => {
    expect(
      traceQueryStringFilters(testView, {
        model: 'gpt-4o',
        provider: 'openai, anthropic',
        service: 'api',
        environment: 'prod',
        user: 'u1',
        session: 's1',
        status: 'error',
        name: 'chat',
      }),
    ).toEqual(
      and(
        eqText('model', 'gpt-4o'),
        inList(col('provider'), param(['openai', 'anthropic'], 'string[]')),
        eqText('service_name', 'api'),
        eqText('environment', 'prod'),
        eqText('user_id', 'u1'),
        eqText('session_id', 's1'),
        eqText('status', 'error'),
        eqText('name', 'chat'),
      ),
    )
  })

  it('reads repeated params and aliases', () => {
    expect(traceQueryStringFilters(testView, { model: ['a', 'b,c'], user_id: 'u1' })).toEqual(
      and(inList(col('model'), param(['a', 'b', 'c'], 'string[]')), eqText('user_id', 'u1')),
    )
  })

  it('maps min/max params to inclusive number bounds', () => {
    expect(
      traceQueryStringFilters(testView, {
        min_latency: '500',
        max_latency: '2000',
        min_cost: '0.01',
        max_tokens: '4096',
      }),
    ).toEqual(
      and(
        compare('gte', col('duration_ms'), param(500, 'double')),
        compare('lte', col('duration_ms'), param(2000, 'double')),
        compare('gte', col('cost_usd'), param(0.01, 'double')),
        compare('lte', col('total_tokens'), param(4096, 'double')),
      ),
    )
  })

  it('requires every tag given', () => {
    const tags = col('tags')
    expect(traceQueryStringFilters(testView, { tag: ['prod', 'beta,exp'] })).toEqual(
      and(jsonListHas(tags, 'prod'), jsonListHas(tags, 'beta'), jsonListHas(tags, 'exp')),
    )
    expect(traceQueryStringFilters(narrowTestView, { tags: 'x' })).toEqual(listHas(tags, 'x'))
  })

  it('searches all searchable fields with q', () => {
    const anyField = (term: string) =>
      or(
        textMatch('contains', col('input_text'), term, { caseInsensitive: true }),
        textMatch('contains', col('output_text'), term, { caseInsensitive: true }),
      )
    expect(traceQueryStringFilters(testView, { q: 'refund policy' })).toEqual(
      and(anyField('refund'), anyField('policy')),
    )
  })

  it('uses the fields the view has: duration_ms and total_cost_usd on a traces-like view', () => {
    expect(
      traceQueryStringFilters(narrowTestView, { min_latency: '10', max_cost: '1', user: 'u' }),
    ).toEqual(
      and(
        eqText('user_id', 'u'),
        compare('gte', col('duration_ms'), param(10, 'double')),
        compare('lte', col('cost_usd'), param(1, 'double')),
      ),
    )
  })

  it('rejects filters the view has no field for, naming the param', () => {
    const err = errorOf(() =>
      traceQueryStringFilters(narrowTestView, { model: 'gpt-4o', min_tokens: '5', q: 'x' }),
    )
    expect(err.code).toBe('ERR_QUERY_UNKNOWN_FIELD')
    expect(err.statusCode).toBe(400)
    expect(err.fieldErrors).toEqual([
      { field: 'model', message: 'model is not a filter of traces' },
      { field: 'min_tokens', message: 'min_tokens is not a filter of traces' },
      { field: 'q', message: 'traces has no text to search' },
    ])
  })

  it('rejects bad numbers, several bounds and min above max, naming the param', () => {
    expect(
      errorOf(() => traceQueryStringFilters(testView, { min_latency: 'fast' })).fieldErrors,
    ).toEqual([{ field: 'min_latency', message: 'give a number' }])
    expect(
      errorOf(() => traceQueryStringFilters(testView, { max_cost: '1,2' })).fieldErrors,
    ).toEqual([{ field: 'max_cost', message: 'give one number' }])
    const err = errorOf(() =>
      traceQueryStringFilters(testView, { min_latency: '900', max_latency: '100' }),
    )
    expect(err.code).toBe('ERR_QUERY_INVALID_FILTER')
    expect(err.fieldErrors).toEqual([
      { field: 'min_latency', message: 'min_latency is above max_latency' },
    ])
  })

  it('rejects over-long lists', () => {
    const models = Array.from({ length: 1001 }, (_, i) => `m${i}`).join(',')
    expect(errorOf(() => traceQueryStringFilters(testView, { model: models })).fieldErrors).toEqual(
      [{ field: 'model', message: 'a list may hold at most 1000 values' }],
    )
    const tags = Array.from({ length: 51 }, (_, i) => `t${i}`)
    expect(errorOf(() => traceQueryStringFilters(testView, { tag: tags })).fieldErrors).toEqual([
      { field: 'tag', message: 'give at most 50 tags' },
    ])
  })

  it('documents every param with a field list, and names each param once', () => {
    const names = traceQueryStringParams.flatMap((p) => [p.param, ...p.aliases])
    expect(new Set(names).size).toBe(names.length)
    expect(traceQueryStringParams.map((p) => p.param)).toEqual([
      'model',
      'provider',
      'service',
      'environment',
      'user',
      'session',
      'status',
      'name',
      'tag',
      'min_latency',
      'max_latency',
      'min_cost',
      'max_cost',
      'min_tokens',
      'max_tokens',
      'q',
    ])
  })
})

describe('traceQueryStringFilters and parseFilter on the real views', () => {
  const everyParam = {
    model: 'gpt-4o',
    provider: 'openai',
    service: 'api',
    environment: 'prod',
    user: 'u1',
    session: 's1',
    status: 'error',
    name: 'chat',
    tag: 'beta',
    min_latency: '1',
    max_latency: '2',
    min_cost: '0',
    max_cost: '1',
    min_tokens: '1',
    max_tokens: '9',
    q: 'refund',
  }

  it('maps every param on the spans view', () => {
    const tree = traceQueryStringFilters(spansView, everyParam)
    expect(tree.kind).toBe('and')
    expect(tree.kind === 'and' ? tree.conditions.length : 0).toBe(16)
  })

  it('maps the trace-level params on the traces view and rejects the span-level ones unless skipped', () => {
    const err = errorOf(() => traceQueryStringFilters(tracesView, everyParam))
    expect(err.fieldErrors?.map((e) => e.field)).toEqual(['model', 'provider', 'q'])
    const tree = traceQueryStringFilters(tracesView, everyParam, {
      skip: ['model', 'provider', 'q'],
    })
    expect(tree.kind === 'and' ? tree.conditions.length : 0).toBe(13)
    expect(traceQueryStringFilters(tracesView, { name: 'chat' })).toEqual(
      eqText('root_name', 'chat'),
    )
  })

  it('parses the seed 002 search body on the spans view', () => {
    const tree = parseFilter(spansView, {
      operator: 'AND',
      conditions: [
        { field: 'model', operator: 'eq', value: 'gpt-4o' },
        { field: 'total_cost_usd', operator: 'gt', value: 0.01 },
        { field: 'input_text', operator: 'search', value: 'refund policy' },
      ],
    })
    expect(tree).toEqual(
      and(
        compare('eq', spansView.dimensions['model']!.expr, param('gpt-4o', 'string')),
        compare('gt', col('cost_usd'), param(0.01, 'double')),
        and(
          textMatch('contains', col('input_messages'), 'refund', { caseInsensitive: true }),
          textMatch('contains', col('input_messages'), 'policy', { caseInsensitive: true }),
        ),
      ),
    )
  })
})
