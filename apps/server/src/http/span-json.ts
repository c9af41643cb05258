import type { LogRecord, Span, TraceSummary } from '@llm-observatory/core'
import { microsToIso } from '@llm-observatory/core'

const snakeCache = new Map<string, string>()

function snake(key: string): string {
  let s = snakeCache.get(key)
  if (s === undefined) {
    s = key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())
    snakeCache.set(key, s)
  }
  return s
}

/**
 * Top-level keys become snake_case and `…Us` times become ISO-8601 `…_time` fields; nested
 * values (attributes, messages, metadata) keep the keys the sender used.
 */
function toApiObject(record: object): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(record)) {
    if (key.endsWith('TimeUs') || key.endsWith('AtUs')) {
      const base = snake(key.slice(0, -2))
      out[base] = typeof value === 'number' ? microsToIso(value) : null
      continue
    }
    out[snake(key)] = value
  }
  return out
}

export function spanToJson(span: Span): Record<string, unknown> {
  const out = toApiObject(span)
  out['model'] = span.responseModel ?? span.requestModel
  out['latency_ms'] = span.durationMs
  out['events'] = span.events.map((e) => ({
    name: e.name,
    time: microsToIso(e.timeUs),
    attributes: e.attributes,
  }))
  return out
}

export function traceToJson(trace: TraceSummary): Record<string, unknown> {
  return toApiObject(trace)
}

export function logToJson(log: LogRecord): Record<string, unknown> {
  return toApiObject(log)
}
