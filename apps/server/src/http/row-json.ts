import { microsToIso } from '@llm-observatory/core'

/** Result columns holding timestamps (µs from storage), written as ISO-8601 UTC. */
const timeColumns = new Set([
  'timestamp',
  'end_time',
  'first_seen',
  'last_seen',
  'observed_timestamp',
  'ts',
])

/** Result columns holding JSON text, written as the JSON value. */
const jsonColumns = new Set([
  'input_text',
  'output_text',
  'tags',
  'metadata',
  'attributes',
  'payload',
  'body',
])

/**
 * A query result row (public field names) as an API object: times as ISO-8601, JSON text
 * columns parsed (text that is not JSON stays text), other values as they are.
 * @example rowToApi({ timestamp: 1748736000000000, tags: '["beta"]' }) // { timestamp: '2025-06-01T00:00:00.000Z', tags: ['beta'] }
 */
export function rowToApi(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(row)) {
    if (timeColumns.has(key) && typeof value === 'number') out[key] = microsToIso(value)
    else if (jsonColumns.has(key) && typeof value === 'string') out[key] = parseJsonText(value)
    else out[key] = value
  }
  return out
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
