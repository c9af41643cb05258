import type { Message, MessagePart } from '@llm-observatory/core'
import { normalizeFinishReason } from './normalize-finish-reason.js'
import { isRecord, parseJsonLoose, readString } from './read-attribute.js'

/**
 * One parser for every message family the mapping doc lists (section 4e, rule 7): GenAI semconv
 * `{role, parts}` (JSON strings or structured values), OpenAI chat messages (`content` string or
 * blocks, `tool_calls`, `tool_call_id`), Anthropic content blocks (`text`, `tool_use`,
 * `tool_result`, `thinking`), AI SDK messages (`tool-call`, `tool-result`) and OpenAI Responses
 * items. Roles are lower-cased; tool calls get their arguments parsed from JSON when possible.
 */

/**
 * Parses a message list: an array, a JSON string of one, an object with `messages`, a single
 * message object, or plain text (one message of `defaultRole`). Entries that are not messages
 * are skipped; an empty result gives null.
 *
 * @example parseMessages('[{"role":"user","parts":[{"type":"text","content":"hi"}]}]')
 * // [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]
 */
export function parseMessages(value: unknown, defaultRole = 'user'): Message[] | null {
  const parsed = parseJsonLoose(value)
  let list: unknown[]
  if (Array.isArray(parsed)) list = parsed
  else if (isRecord(parsed) && Array.isArray(parsed.messages)) list = parsed.messages
  else if (isRecord(parsed) && Array.isArray(parsed.choices)) return parseChoices(parsed.choices)
  else if (parsed === null || parsed === undefined || parsed === '') return null
  else list = [parsed]
  const out: Message[] = []
  for (const item of list) {
    const m = parseMessage(item, defaultRole)
    if (m !== null) out.push(m)
  }
  return out.length > 0 ? out : null
}

/**
 * One message from any of the families above, or null when it holds nothing. A string becomes a
 * text message of `defaultRole`; an object without `role`, `content` or `parts` becomes an
 * `other` part, so unknown shapes are shown rather than lost.
 */
export function parseMessage(value: unknown, defaultRole = 'user'): Message | null {
  if (typeof value === 'string') {
    return value === '' ? null : { role: defaultRole, parts: [{ type: 'text', content: value }] }
  }
  if (!isRecord(value)) {
    return value === null || value === undefined ? null : otherMessage(defaultRole, value)
  }
  const roleRaw = readString(value.role)
  const role = roleRaw !== null ? roleRaw.toLowerCase() : defaultRole
  const parts: MessagePart[] = []
  const toolCallId = readString(value.tool_call_id) ?? readString(value.toolCallId)
  const isToolResult = role === 'tool' || role === 'function' || toolCallId !== null

  if (Array.isArray(value.parts)) {
    for (const p of value.parts) pushPart(parts, p)
  } else if (typeof value.content === 'string') {
    if (isToolResult && role !== 'assistant') {
      parts.push({ type: 'tool_result', id: toolCallId, content: value.content })
    } else if (value.content !== '') {
      parts.push({ type: 'text', content: value.content })
    }
  } else if (Array.isArray(value.content)) {
    for (const p of value.content) pushPart(parts, p)
  } else if (isRecord(value.content)) {
    pushPart(parts, value.content)
  } else if (value.content === undefined && roleRaw === null && value.type !== undefined) {
    // A bare part (Responses API `function_call` item, semconv part) given where a message was.
    pushPart(parts, value)
  } else if (value.content === undefined && roleRaw === null && !('tool_calls' in value)) {
    return otherMessage(defaultRole, value)
  }
  if (Array.isArray(value.tool_calls)) {
    for (const tc of value.tool_calls) {
      const part = toolCallPart(tc)
      if (part !== null) parts.push(part)
    }
  }
  if (isRecord(value.function_call)) {
    const part = toolCallPart(value.function_call)
    if (part !== null) parts.push(part)
  }
  const cleaned =
    parts.length > 1 && parts.some(isEmptyText) ? parts.filter((p) => !isEmptyText(p)) : parts
  if (cleaned.length === 0 && roleRaw === null) return null
  const message: Message = { role, parts: cleaned }
  const name = readString(value.name)
  if (name !== null) message.name = name
  const finish = normalizeFinishReason(
    value.finish_reason ?? value.finishReason ?? value.stop_reason,
  )
  if (finish !== null) message.finishReason = finish
  return message
}

/**
 * System instructions (`gen_ai.system_instructions`, AI SDK `system`, Anthropic `system`) as one
 * leading `system` message: a JSON array of parts, an array of blocks, or plain text.
 */
export function parseSystemInstructions(value: unknown): Message | null {
  const parsed = parseJsonLoose(value)
  const parts: MessagePart[] = []
  if (typeof parsed === 'string') {
    if (parsed !== '') parts.push({ type: 'text', content: parsed })
  } else if (Array.isArray(parsed)) {
    for (const p of parsed) pushPart(parts, p)
  } else if (isRecord(parsed)) {
    pushPart(parts, parsed)
  }
  return parts.length > 0 ? { role: 'system', parts } : null
}

/** One content block / part in any family; null for null-ish input. */
export function parseMessagePart(block: unknown): MessagePart | null {
  if (typeof block === 'string') return { type: 'text', content: block }
  if (!isRecord(block)) {
    return block === null || block === undefined ? null : { type: 'other', value: block }
  }
  const type = typeof block.type === 'string' ? block.type : null
  // A semconv text part is already our shape: reuse it instead of copying (the hot path).
  if (type === 'text' && typeof block.content === 'string' && block.text === undefined) {
    return block as MessagePart
  }
  switch (type) {
    case 'text':
    case 'input_text':
    case 'output_text':
      return { type: 'text', content: textOf(block.content) ?? textOf(block.text) ?? '' }
    case 'reasoning':
    case 'thinking':
    case 'redacted_thinking':
      return {
        type: 'reasoning',
        content: textOf(block.content) ?? textOf(block.text) ?? textOf(block.thinking) ?? '',
      }
    case 'tool_call':
    case 'tool_use':
    case 'tool-call':
    case 'function_call':
    case 'server_tool_use':
      return toolCallPart(block)
    case 'tool_call_response':
    case 'tool_result':
    case 'tool-result':
    case 'function_call_output':
      return {
        type: 'tool_result',
        id:
          readString(block.id) ??
          readString(block.tool_use_id) ??
          readString(block.toolCallId) ??
          readString(block.call_id),
        content: unwrapToolOutput(
          block.response ?? block.result ?? block.content ?? block.output ?? null,
        ),
      }
    case 'image_url':
      return media('image', block, urlOf(block.image_url))
    case 'image':
    case 'input_image':
    case 'audio':
    case 'input_audio':
    case 'file':
    case 'input_file':
    case 'document':
    case 'blob':
    case 'uri':
      return media(type, block, null)
    case null:
      if (typeof block.text === 'string') return { type: 'text', content: block.text }
      if (typeof block.content === 'string') return { type: 'text', content: block.content }
      return { type: 'other', value: block }
    default:
      return { type: 'other', value: block }
  }
}

/**
 * A tool call from OpenAI (`{id, function:{name, arguments}}`), Anthropic (`tool_use` with
 * `input`), AI SDK (`toolCallId`, `toolName`, `input`/`args`) or semconv (`{id, name,
 * arguments}`); arguments are parsed from JSON strings when they parse.
 */
export function toolCallPart(value: unknown): MessagePart | null {
  if (!isRecord(value)) return null
  const fn = isRecord(value.function) ? value.function : null
  const name = readString(fn?.name) ?? readString(value.name) ?? readString(value.toolName) ?? ''
  const args = fn?.arguments ?? value.arguments ?? value.input ?? value.args ?? null
  return {
    type: 'tool_call',
    id:
      readString(value.id) ??
      readString(value.toolCallId) ??
      readString(value.call_id) ??
      readString(value.tool_call_id),
    name,
    arguments: typeof args === 'string' ? parseJsonLoose(args) : args,
  }
}

/** OpenAI `choices` (a response body) as output messages with their finish reasons. */
function parseChoices(choices: unknown[]): Message[] | null {
  const out: Message[] = []
  for (const c of choices) {
    if (!isRecord(c)) continue
    const m = parseMessage(c.message ?? c.delta ?? c.text ?? null, 'assistant')
    if (m === null) continue
    const finish = normalizeFinishReason(c.finish_reason)
    if (finish !== null) m.finishReason = finish
    out.push(m)
  }
  return out.length > 0 ? out : null
}

function pushPart(parts: MessagePart[], block: unknown): void {
  const p = parseMessagePart(block)
  if (p !== null) parts.push(p)
}

function isEmptyText(p: MessagePart): boolean {
  return p.type === 'text' && p.content === ''
}

function otherMessage(role: string, value: unknown): Message {
  return { role, parts: [{ type: 'other', value }] }
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

function urlOf(value: unknown): string | null {
  if (typeof value === 'string') return value
  return isRecord(value) ? readString(value.url) : null
}

/** AI SDK v5+ wraps tool outputs as `{type: 'json' | 'text', value}`. */
function unwrapToolOutput(value: unknown): unknown {
  if (isRecord(value) && 'value' in value && (value.type === 'json' || value.type === 'text')) {
    return value.value
  }
  return value
}

function media(type: string, block: Record<string, unknown>, uri: string | null): MessagePart {
  const source = isRecord(block.source) ? block.source : null
  const modality =
    readString(block.modality) ??
    (type.includes('image') ? 'image' : type.includes('audio') ? 'audio' : type)
  const content = textOf(block.content) ?? textOf(block.data) ?? textOf(source?.data) ?? null
  return {
    type: 'media',
    modality,
    mimeType:
      readString(block.mime_type) ??
      readString(block.mimeType) ??
      readString(block.media_type) ??
      readString(source?.media_type),
    uri:
      uri ??
      readString(block.uri) ??
      readString(block.url) ??
      urlOf(block.image_url) ??
      readString(source?.url),
    content,
  }
}
