/**
 * The dashboard's global query state, kept in the URL so a view can be shared and reloaded:
 * the time range (`range=24h`, or `from`/`to` for a custom range) and the global filters
 * (`model`, `provider`, `service`, `environment`, `user`, `tag`; `tag` may repeat). The names
 * are the API's query-string filters (docs/query-language.md), so they pass straight through.
 */

/** Preset ranges of the picker, in order; each is `now-<preset>` to now. */
export const rangePresets = ['15m', '1h', '6h', '24h', '7d', '30d'] as const
export type RangePreset = (typeof rangePresets)[number]
export const defaultRange: RangePreset = '24h'

/** The global filters, by their API query-string name. */
export const filterNames = ['model', 'provider', 'service', 'environment', 'user', 'tag'] as const
export type FilterName = (typeof filterNames)[number]

export type TimeRange =
  { kind: 'preset'; preset: RangePreset } | { kind: 'custom'; from: string; to: string }

export interface GlobalQuery {
  range: TimeRange
  /** Each filter's values; an absent filter has no entry. Only `tag` takes several. */
  filters: Partial<Record<FilterName, string[]>>
}

const rangeLabels: Record<RangePreset, string> = {
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
}

/** The picker's label of a range: `Last 24 hours`, or the custom bounds. */
export function describeRange(range: TimeRange): string {
  if (range.kind === 'preset') return rangeLabels[range.preset]
  return `${range.from.replace('T', ' ').slice(0, 16)} → ${range.to.replace('T', ' ').slice(0, 16)}`
}

function isPreset(value: string | null): value is RangePreset {
  return value !== null && (rangePresets as readonly string[]).includes(value)
}

/**
 * Reads the global query from a URL search string. A custom range needs both `from` and `to`
 * (parseable times, from before to); anything unreadable falls back to the default 24 hours.
 * Empty filter values are dropped.
 * @example parseGlobalQuery('?range=7d&model=gpt-4o&tag=prod&tag=beta')
 */
export function parseGlobalQuery(search: string): GlobalQuery {
  const params = new URLSearchParams(search)
  const from = params.get('from')
  const to = params.get('to')
  let range: TimeRange = { kind: 'preset', preset: defaultRange }
  const preset = params.get('range')
  if (from !== null && to !== null && Date.parse(from) < Date.parse(to))
    range = { kind: 'custom', from, to }
  else if (isPreset(preset)) range = { kind: 'preset', preset }
  const filters: GlobalQuery['filters'] = {}
  for (const name of filterNames) {
    const values = params.getAll(name).filter((v) => v.trim() !== '')
    if (values.length > 0) filters[name] = name === 'tag' ? values : values.slice(0, 1)
  }
  return { range, filters }
}

/**
 * Writes the global query into `search` (other parameters are kept), leaving defaults out so
 * URLs stay short.
 * @example writeGlobalQuery('?trace=abc', query) // 'trace=abc&range=7d&model=gpt-4o'
 */
export function writeGlobalQuery(search: string, query: GlobalQuery): string {
  const params = new URLSearchParams(search)
  for (const key of ['range', 'from', 'to', ...filterNames]) params.delete(key)
  if (query.range.kind === 'custom') {
    params.set('from', query.range.from)
    params.set('to', query.range.to)
  } else if (query.range.preset !== defaultRange) params.set('range', query.range.preset)
  for (const name of filterNames) for (const v of query.filters[name] ?? []) params.append(name, v)
  return params.toString()
}

/**
 * The API parameters of a global query: `from`/`to` (`now-24h` style for presets, so each
 * request is relative to the server's clock) and the filters.
 * @example toApiParams(query) // { from: 'now-24h', to: 'now', model: 'gpt-4o', tag: ['prod'] }
 */
export function toApiParams(query: GlobalQuery): Record<string, string | string[]> {
  const params: Record<string, string | string[]> =
    query.range.kind === 'custom'
      ? {
          from: new Date(query.range.from).toISOString(),
          to: new Date(query.range.to).toISOString(),
        }
      : { from: `now-${query.range.preset}`, to: 'now' }
  for (const name of filterNames) {
    const values = query.filters[name]
    if (values === undefined) continue
    params[name] = name === 'tag' ? values : values[0]!
  }
  return params
}
