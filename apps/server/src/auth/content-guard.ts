import type { FastifyRequest } from 'fastify'
import { ObservatoryError } from '@llm-observatory/core'

/** Span JSON fields holding prompt, response or tool text. */
const contentSpanFields = ['input_messages', 'output_messages', 'tool_definitions'] as const
/** Query result columns holding prompt or response text. */
const contentColumns = new Set(['input_text', 'output_text'])
/** Filter fields that read content: the text columns, log bodies and "all searchable". */
const contentFilterFields = new Set(['input_text', 'output_text', 'body', 'q', '*'])

/**
 * Raw attribute keys that carry prompt or response text in the conventions ingestion maps
 * (GenAI semconv `gen_ai.input.messages`, OpenLLMetry `gen_ai.prompt.0.content`,
 * OpenInference `input.value` / `llm.input_messages…`, AI SDK `ai.prompt…` / `ai.response.text`,
 * Langfuse `langfuse.observation.input`, Traceloop `traceloop.entity.output`, tool call
 * arguments and results, MLflow `mlflow.spanInputs`). Broad on purpose: hiding a harmless
 * attribute from a viewer costs little, showing a prompt does not. Token counts stay.
 */
const contentAttributeKey =
  /(^|[._])(prompts?|completions?|messages?|inputs?|outputs?|content|(system_)?instructions|query|documents?|arguments|result|text)([._]|$)|span(in|out)puts/i
const tokenCountKey = /tokens?$/i

/** Log and span event names whose body or attributes are message content (GenAI events). */
const contentEventName = /^gen_ai\./

/**
 * Hides prompt and response text from a principal whose role lacks `content:read` in the
 * project (a viewer when the project's `viewer_sees_content` is false, a billing user, a
 * loopback sender): content fields become null, raw attributes that carry content are
 * dropped, and the object gets `content_hidden: true`. Searching or filtering on content is
 * refused (403 `forbidden`), since match counts would reveal the text. With `content:read`
 * every method returns its input unchanged.
 * @example
 * const guard = contentGuard(request)
 * guard.checkFilters({ q: query['q'], filters: query['filters'] })
 * return successBody(request, { spans: spans.map((s) => guard.span(spanToJson(s))) })
 */
export function contentGuard(request: FastifyRequest): ContentGuard {
  return new ContentGuard(request.principal?.canReadContent === true)
}

export class ContentGuard {
  readonly isHidden: boolean

  constructor(canReadContent: boolean) {
    this.isHidden = !canReadContent
  }

  /** A span as spanToJson writes it. */
  span(json: Record<string, unknown>): Record<string, unknown> {
    if (!this.isHidden) return json
    const out = { ...json }
    for (const field of contentSpanFields) out[field] = null
    out['attributes'] = withoutContentAttributes(json['attributes'])
    if (Array.isArray(json['events']))
      out['events'] = json['events'].map((e: Record<string, unknown>) => ({
        ...e,
        attributes: withoutContentAttributes(e['attributes']),
      }))
    out['content_hidden'] = true
    return out
  }

  /** A log record as logToJson writes it: GenAI content events lose body and content attributes. */
  log(json: Record<string, unknown>): Record<string, unknown> {
    if (!this.isHidden) return json
    const attributes = json['attributes']
    const name =
      json['event_name'] ??
      (typeof attributes === 'object' && attributes !== null
        ? (attributes as Record<string, unknown>)['event.name']
        : null)
    if (typeof name !== 'string' || !contentEventName.test(name)) return json
    return {
      ...json,
      body: null,
      attributes: withoutContentAttributes(attributes),
      content_hidden: true,
    }
  }

  /** A query result row as rowToApi writes it (span turns, lists with chosen fields, logs). */
  row(row: Record<string, unknown>): Record<string, unknown> {
    if (!this.isHidden) return row
    let out: Record<string, unknown> | null = null
    const hide = (key: string, value: unknown): void => {
      out ??= { ...row }
      out[key] = value
    }
    for (const [key, value] of Object.entries(row)) {
      if (contentColumns.has(key)) hide(key, null)
      else if (key === 'attributes') hide(key, withoutContentAttributes(value))
      else if (key.startsWith('attributes.') && isContentAttribute(key.slice(11))) hide(key, null)
      else if (
        key === 'body' &&
        typeof row['event_name'] === 'string' &&
        contentEventName.test(row['event_name'])
      )
        hide(key, null)
    }
    if (out === null) return row
    ;(out as Record<string, unknown>)['content_hidden'] = true
    return out
  }

  /**
   * Refuses (ERR_AUTH_CONTENT_HIDDEN) full-text search, filters and group-bys on content: a
   * non-empty `q`, a filter tree (an object, or JSON text as in the `filters` query parameter)
   * with a `search` operator or a content field, or a `group_by` naming a content field. Filter text that is not JSON is left to the
   * route's own validation.
   */
  checkFilters(input: { q?: unknown; filters?: unknown; groupBy?: unknown }): void {
    if (!this.isHidden) return
    if (typeof input.q === 'string' && input.q.trim() !== '')
      throw new ObservatoryError('ERR_AUTH_CONTENT_HIDDEN')
    // Group keys would show the text itself.
    if (typeof input.groupBy === 'string' && input.groupBy.split(',').some(isContentField))
      throw new ObservatoryError('ERR_AUTH_CONTENT_HIDDEN')
    let tree = input.filters
    if (typeof tree === 'string') {
      try {
        tree = JSON.parse(tree)
      } catch {
        return
      }
    }
    if (readsContent(tree)) throw new ObservatoryError('ERR_AUTH_CONTENT_HIDDEN')
  }
}

function isContentAttribute(key: string): boolean {
  return contentAttributeKey.test(key) && !tokenCountKey.test(key)
}

/** A filter or group-by field that reads content. */
function isContentField(name: string): boolean {
  const field = name.trim()
  if (contentFilterFields.has(field)) return true
  return field.startsWith('attributes.') && isContentAttribute(field.slice(11))
}

function withoutContentAttributes(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  const out: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value)) if (!isContentAttribute(key)) out[key] = inner
  return out
}

/** Whether a filter tree (any depth) searches or names a content field. */
function readsContent(node: unknown, depth = 0): boolean {
  if (depth > 64) return true
  if (Array.isArray(node)) return node.some((n) => readsContent(n, depth + 1))
  if (typeof node !== 'object' || node === null) return false
  const record = node as Record<string, unknown>
  const operator = record['operator']
  if (typeof operator === 'string' && operator.toLowerCase() === 'search') return true
  const field = record['field']
  if (typeof field === 'string' && isContentField(field)) return true
  return Object.values(record).some((v) => readsContent(v, depth + 1))
}
