import type { ConditionalPrice, ModelInfo, ModelPrice } from '@pydantic/genai-prices'

interface CompiledCondition {
  prices: ModelPrice
  /** Applies from this instant on (ms); undefined: no start-date constraint. */
  startMs?: number
  /** Applies within this UTC time-of-day window (seconds, end exclusive, may wrap midnight). */
  window?: { start: number; end: number }
}

const compiled = new WeakMap<ConditionalPrice[], CompiledCondition[] | null>()
const timeOfDay = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/

/**
 * The `ModelPrice` in force at `timestampMs`, chosen as genai-prices does: the last conditional
 * entry whose constraint holds (no constraint, start date reached, or inside its UTC time-of-day
 * window), else the first entry. Returns null for a constraint it does not understand, so the
 * caller asks genai-prices itself.
 *
 * @example selectModelPrice(o3.prices, Date.parse('2025-06-01')) // the price before the cut
 */
export function selectModelPrice(
  prices: ModelInfo['prices'],
  timestampMs: number,
): ModelPrice | null {
  if (!Array.isArray(prices)) return prices
  let conditions = compiled.get(prices)
  if (conditions === undefined) {
    conditions = compileConditions(prices)
    compiled.set(prices, conditions)
  }
  if (conditions === null || conditions.length === 0 || !Number.isFinite(timestampMs)) return null
  const date = new Date(timestampMs)
  const second =
    date.getUTCHours() * 3600 +
    date.getUTCMinutes() * 60 +
    date.getUTCSeconds() +
    date.getUTCMilliseconds() / 1000
  for (let index = conditions.length - 1; index >= 0; index--) {
    const condition = conditions[index]!
    if (condition.startMs !== undefined) {
      if (timestampMs >= condition.startMs) return condition.prices
    } else if (condition.window !== undefined) {
      const { start, end } = condition.window
      const isInside =
        end < start ? second >= start || second < end : second >= start && second < end
      if (isInside) return condition.prices
    } else return condition.prices
  }
  return conditions[0]!.prices
}

function compileConditions(prices: ConditionalPrice[]): CompiledCondition[] | null {
  const conditions: CompiledCondition[] = []
  for (const entry of prices) {
    const constraint = entry.constraint
    if (constraint === undefined) {
      conditions.push({ prices: entry.prices })
    } else if (constraint.type === 'start_date') {
      const startMs = Date.parse(constraint.start_date)
      if (Number.isNaN(startMs)) return null
      conditions.push({ prices: entry.prices, startMs })
    } else if (constraint.type === 'time_of_date') {
      const start = parseTimeOfDay(constraint.start_time)
      const end = parseTimeOfDay(constraint.end_time)
      if (start === null || end === null) return null
      conditions.push({ prices: entry.prices, window: { start, end } })
    } else return null
  }
  return conditions
}

// `HH:MM:SS[.fff](Z|±HH:MM)` → seconds after UTC midnight, as genai-prices reads it.
function parseTimeOfDay(text: string): number | null {
  const match = timeOfDay.exec(text)
  if (match === null) return null
  const [
    ,
    hours,
    minutes,
    seconds,
    fraction = '',
    zone,
    sign,
    offsetHours = '00',
    offsetMinutes = '00',
  ] = match
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return null
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return null
  const local =
    Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds) + Number(`0.${fraction}`)
  const offset = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60
  const shift = zone === 'Z' ? 0 : sign === '+' ? offset : -offset
  return (local - shift + 86400) % 86400
}
