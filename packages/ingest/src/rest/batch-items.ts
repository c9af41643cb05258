import { ObservatoryError } from '@llm-observatory/core'
import { recordOrNull } from './field-values.js'

/** The most items one batch request may carry (DESIGN: lists max 1000). */
export const maxBatchItems = 1000

/** The items of a request body and the field-path prefix of each (`logs.3`, `3`, or `''`). */
export interface BatchItems {
  items: unknown[]
  prefixes: string[]
  isBatch: boolean
}

/**
 * Reads a body that is one item, `{ <key>: [...] }` or a bare array. An object with `key` is
 * a batch unless `isItem` says it is an item that happens to have such a field. Throws
 * `ERR_INGEST_VALIDATION` when the body is not an object or array, or a batch is empty or
 * longer than {@link maxBatchItems}.
 * @example readBatchItems({ logs: [a, b] }, 'logs').prefixes // ['logs.0', 'logs.1']
 */
export function readBatchItems(
  body: unknown,
  key: string,
  isItem: (record: Record<string, unknown>) => boolean = () => false,
): BatchItems {
  const usage = `Send one item, { "${key}": [ ... ] } or an array, with 1 to ${maxBatchItems} items.`
  if (Array.isArray(body)) {
    checkLength(body, '(body)', usage)
    return { items: body, prefixes: body.map((_, i) => String(i)), isBatch: true }
  }
  const record = recordOrNull(body)
  if (record === null) {
    throw new ObservatoryError('ERR_INGEST_VALIDATION', {
      message: usage,
      fieldErrors: [{ field: '(body)', message: 'must be an object or an array' }],
    })
  }
  const batch = record[key]
  if (batch === undefined || isItem(record))
    return { items: [body], prefixes: [''], isBatch: false }
  if (!Array.isArray(batch)) {
    throw new ObservatoryError('ERR_INGEST_VALIDATION', {
      message: usage,
      fieldErrors: [{ field: key, message: `must be an array of 1 to ${maxBatchItems} items` }],
    })
  }
  checkLength(batch, key, usage)
  return { items: batch, prefixes: batch.map((_, i) => `${key}.${i}`), isBatch: true }
}

function checkLength(items: unknown[], field: string, usage: string): void {
  if (items.length === 0 || items.length > maxBatchItems) {
    throw new ObservatoryError('ERR_INGEST_VALIDATION', {
      message: usage,
      fieldErrors: [{ field, message: `must hold 1 to ${maxBatchItems} items` }],
    })
  }
}
