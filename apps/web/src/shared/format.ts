/**
 * Number formatting for the dashboard: one place decides how cost, latency, tokens, rates and
 * changes read, so every page shows the same figure the same way. `null`/`undefined` (the API's
 * "no value", e.g. a cost with no priced call) always reads as an en dash, never as 0.
 */

const dash = '–'

/**
 * US dollars with precision that keeps small LLM costs readable: `$1,234.56` from $1 up,
 * `$0.0123` (4 decimals) below $1, `$0.000042` (2 significant digits) below $0.01, `$0` for 0.
 * @example formatCost(0.004002) // '$0.0040'
 */
export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return dash
  if (usd === 0) return '$0'
  const abs = Math.abs(usd)
  const sign = usd < 0 ? '-' : ''
  if (abs >= 1)
    return `${sign}$${abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
  if (abs >= 0.01) return `${sign}$${abs.toFixed(4)}`
  return `${sign}$${abs.toPrecision(2)}`
}

/**
 * Milliseconds as `850 ms`, `1.25 s`, `12.3 s`, `2m 05s`, `1h 02m`.
 * @example formatLatency(1548.5) // '1.55 s'
 */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return dash
  if (ms < 1) return `${ms.toFixed(2)} ms`
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const totalSeconds = Math.round(ms / 1000)
  if (totalSeconds < 3600) {
    const m = Math.floor(totalSeconds / 60)
    return `${m}m ${String(totalSeconds % 60).padStart(2, '0')}s`
  }
  const totalMinutes = Math.round(totalSeconds / 60)
  return `${Math.floor(totalMinutes / 60)}h ${String(totalMinutes % 60).padStart(2, '0')}m`
}

/**
 * Counts in short form: `950`, `12.3k`, `4.56M`, `1.2B`; exact with separators below 10,000.
 * @example formatCount(43459) // '43.5k'
 */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return dash
  const abs = Math.abs(n)
  if (abs < 10_000) return Math.round(n).toLocaleString('en-US')
  if (abs < 1_000_000) return `${trimZeros((n / 1000).toFixed(1))}k`
  if (abs < 1_000_000_000) return `${trimZeros((n / 1_000_000).toFixed(2))}M`
  return `${trimZeros((n / 1_000_000_000).toFixed(2))}B`
}

/** Token counts read like other counts, with the unit: `1,234 tokens`, `12.3k tokens`. */
export function formatTokens(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return dash
  return `${formatCount(n)} ${n === 1 ? 'token' : 'tokens'}`
}

/**
 * A ratio (0..1) as a percentage: `10.2%`, `0.35%` under 1%, `0%`.
 * @example formatPercent(0.1016949) // '10.2%'
 */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return dash
  const pct = ratio * 100
  if (pct === 0) return '0%'
  if (Math.abs(pct) < 1) return `${pct.toFixed(2)}%`
  return `${trimZeros(pct.toFixed(1))}%`
}

/**
 * A relative change (the API's `change`: (value − previous) / previous) as `+12.5%`, `−3.1%`,
 * `0%`; null (no previous value) as an en dash.
 * @example formatChange(-0.1805) // '−18.1%'
 */
export function formatChange(change: number | null | undefined): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return dash
  if (change === 0) return '0%'
  const text = formatPercent(Math.abs(change))
  return change > 0 ? `+${text}` : `−${text}`
}

/** Requests per second as `0.25/s`, or per minute when slower than one a second: `1.5/min`. */
export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return dash
  if (perSecond === 0) return '0/s'
  if (perSecond >= 1) return `${trimZeros(perSecond.toFixed(2))}/s`
  const perMinute = perSecond * 60
  if (perMinute >= 1) return `${trimZeros(perMinute.toFixed(2))}/min`
  return `${trimZeros((perMinute * 60).toFixed(2))}/h`
}

/** A UTC ISO time as local `2026-11-23 11:54:43` (the browser's zone, 24-hour clock). */
export function formatTimestamp(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return dash
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return dash
  const pad = (n: number) => String(n).padStart(2, '0')
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  )
}

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed
}
