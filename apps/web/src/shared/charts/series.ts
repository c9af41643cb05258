/**
 * Shaping API time series into uPlot's columnar data: `[xs, ...ys]` where `xs` are bucket
 * starts in Unix seconds (uPlot's time scale unit) and each `ys` holds one value per bucket or
 * null for a gap. The API returns every bucket of the range, empty ones included, with counts 0
 * and other metrics null (docs/api.md "Result shape"): a null stays a gap, never a drop to 0.
 */

/** One point of an API series: `ts` (bucket start, ISO) and metrics, possibly nested. */
export interface ApiPoint {
  ts: string
  [metric: string]: unknown
}

/** uPlot's `AlignedData`: x values, then one array per series (null = no value). */
export type AlignedSeries = [number[], ...(number | null)[][]]

/**
 * Reads a metric of a point by path: `cost_usd`, or `latency_ms.p95` for nested percentiles.
 * Anything that is not a finite number is null.
 * @example readMetric({ ts: '…', latency_ms: { p95: 812 } }, 'latency_ms.p95') // 812
 */
export function readMetric(point: ApiPoint, metric: string): number | null {
  let value: unknown = point
  for (const key of metric.split('.')) {
    if (value === null || typeof value !== 'object') return null
    value = (value as Record<string, unknown>)[key]
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/**
 * One series' metrics as uPlot data, in time order (the API's order is kept when already
 * sorted; unsorted input is sorted by `ts`).
 * @example toAlignedSeries(series, ['requests', 'cost_usd']) // [[1795…, …], [3, 0, …], [0.01, null, …]]
 */
export function toAlignedSeries(
  points: readonly ApiPoint[],
  metrics: readonly string[],
): AlignedSeries {
  const sorted = [...points].sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts))
  const xs = sorted.map((p) => Date.parse(p.ts) / 1000)
  const ys = metrics.map((m) => sorted.map((p) => readMetric(p, m)))
  return [xs, ...ys]
}

/** A group of a grouped series answer: its key (`{ model: 'gpt-4o' }`) and its own series. */
export interface ApiGroupSeries {
  key: Record<string, unknown>
  series?: readonly ApiPoint[] | null
}

/**
 * Several groups' series of one metric as uPlot data on the union of their timestamps (a
 * group without a bucket reads null there), plus each group's label (`a / b` for composite
 * keys, `(none)` for a null key).
 * @example alignGroups(groups, 'cost_usd') // { labels: ['gpt-4o', 'claude'], data: [xs, ys1, ys2] }
 */
export function alignGroups(
  groups: readonly ApiGroupSeries[],
  metric: string,
): { labels: string[]; data: AlignedSeries } {
  const times = new Set<number>()
  for (const g of groups) for (const p of g.series ?? []) times.add(Date.parse(p.ts) / 1000)
  const xs = [...times].sort((a, b) => a - b)
  const index = new Map(xs.map((x, i) => [x, i]))
  const ys = groups.map((g) => {
    const column: (number | null)[] = xs.map(() => null)
    for (const p of g.series ?? [])
      column[index.get(Date.parse(p.ts) / 1000)!] = readMetric(p, metric)
    return column
  })
  return { labels: groups.map((g) => groupLabel(g.key)), data: [xs, ...ys] }
}

/** A group key as text: its values joined by ` / `, a null value as `(none)`. */
export function groupLabel(key: Record<string, unknown>): string {
  const parts = Object.values(key).map((v) =>
    v === null || v === undefined
      ? '(none)'
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v as string | number | boolean),
  )
  return parts.length === 0 ? '(all)' : parts.join(' / ')
}
