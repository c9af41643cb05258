import type { Message, MessagePart } from '@llm-observatory/core'
import type { ChatMessage, LlmResponseObject } from '@llm-observatory/contracts'
import { normalizeFinishReason } from '../normalize/normalize-finish-reason.js'
import { recordOrNull, textOrNull } from './field-values.js'

/**
 * Maps an OpenAI-style chat message (also Anthropic content blocks and GenAI semconv parts)
 * to our `{ role, parts }` model: text and content parts map part by part, `tool_calls` and
 * `function_call` become `tool_call` parts (arguments parsed from JSON when they parse),
 * and a `tool` (or `function`) message becomes one `tool_result` part keyed by `tool_call_id`.
 */
export function mapChatMessage(message: ChatMessage): Message {
  const role = message.role.trim().toLowerCase() || 'user'
  const parts: MessagePart[] = []
  const isToolResult = role === 'tool' || role === 'function'
  if (isToolResult) {
    parts.push({
      type: 'tool_result',
      id: textOrNull(message.tool_call_id),
      content: toolResultContent(message.content ?? message.parts ?? null),
    })
  } else {
    appendContent(parts, message.content)
    if (Array.isArray(message.parts)) for (const p of message.parts) parts.push(mapPart(p))
  }
  for (const call of message.tool_calls ?? []) {
    parts.push({
      type: 'tool_call',
      id: textOrNull(call.id),
      name: call.function?.name ?? call.name ?? '',
      arguments: parseArguments(call.function ? call.function.arguments : call.arguments),
    })
  }
  if (message.function_call) {
    parts.push({
      type: 'tool_call',
      id: null,
      name: message.function_call.name,
      arguments: parseArguments(message.function_call.arguments),
    })
  }
  const out: Message = { role, parts }
  const name = textOrNull(message.name)
  if (name !== null) out.name = name
  const finish = normalizeFinishReason(message.finish_reason)
  if (finish !== null) out.finishReason = finish
  return out
}

/** A text as one message with one text part. */
export function textMessage(role: string, text: string): Message {
  return { role, parts: [{ type: 'text', content: text }] }
}

/**
 * The output messages a provider response object holds: OpenAI `choices[].message` (or
 * legacy `choices[].text`) with their finish reasons, an Anthropic message (`content`
 * blocks, `stop_reason`), or a bare assistant message. An object of another shape is kept
 * whole as one `other` part, so nothing the client logged is lost.
 */
export function mapResponseObject(response: LlmResponseObject): Message[] {
  if (Array.isArray(response.choices)) {
    return response.choices.map((choice) => {
      const message: Message = choice.message
        ? mapChatMessage({ ...choice.message, role: choice.message.role || 'assistant' })
        : textMessage('assistant', choice.text ?? '')
      const finish = normalizeFinishReason(choice.finish_reason)
      if (finish !== null) message.finishReason = finish
      return message
    })
  }
  if (response.content !== undefined || response.tool_calls !== undefined || response.role) {
    const message = mapChatMessage({
      role: textOrNull(response.role) ?? 'assistant',
      content: response.content ?? null,
      tool_calls: response.tool_calls ?? null,
    })
    const finish = normalizeFinishReason(response.stop_reason ?? response.finish_reason)
    if (finish !== null) message.finishReason = finish
    return [message]
  }
  return [{ role: 'assistant', parts: [{ type: 'other', value: response }] }]
}

function appendContent(parts: MessagePart[], content: ChatMessage['content']): void {
  if (typeof content === 'string') {
    if (content !== '') parts.push({ type: 'text', content })
  } else if (Array.isArray(content)) {
    for (const p of content) parts.push(mapPart(p))
  }
}

/** One content part, whichever family it comes from; unknown shapes become `other`. */
function mapPart(part: { type: string }): MessagePart {
  const p = part as Record<string, unknown>
  const type = part.type.toLowerCase()
  switch (type) {
    case 'text':
    case 'input_text':
    case 'output_text': {
      const text = typeof p['text'] === 'string' ? p['text'] : p['content']
      if (typeof text === 'string') return { type: 'text', content: text }
      break
    }
    case 'thinking':
    case 'reasoning': {
      const text = typeof p['thinking'] === 'string' ? p['thinking'] : p['content']
      if (typeof text === 'string') return { type: 'reasoning', content: text }
      break
    }
    case 'tool_call':
    case 'tool_use':
    case 'function_call': {
      const name = textOrNull(p['name'])
      if (name !== null) {
        return {
          type: 'tool_call',
          id: textOrNull(p['id']) ?? textOrNull(p['call_id']),
          name,
          arguments: parseArguments(type === 'tool_use' ? p['input'] : p['arguments']),
        }
      }
      break
    }
    case 'tool_call_response':
    case 'tool_result':
    case 'function_call_output':
      return {
        type: 'tool_result',
        id: textOrNull(p['id']) ?? textOrNull(p['tool_use_id']) ?? textOrNull(p['call_id']),
        content: toolResultContent(p['response'] ?? p['content'] ?? p['output'] ?? null),
      }
    case 'image_url': {
      const url = recordOrNull(p['image_url'])?.['url'] ?? p['image_url']
      if (typeof url === 'string') return mediaFromUrl('image', url)
      break
    }
    case 'image':
    case 'document': {
      const source = recordOrNull(p['source'])
      if (source) {
        const modality = type
        if (typeof source['data'] === 'string') {
          return media(modality, textOrNull(source['media_type']), null, source['data'])
        }
        if (typeof source['url'] === 'string') return mediaFromUrl(modality, source['url'])
      }
      break
    }
    case 'input_audio': {
      const audio = recordOrNull(p['input_audio'])
      if (audio && typeof audio['data'] === 'string') {
        const format = textOrNull(audio['format'])
        return media('audio', format ? `audio/${format}` : null, null, audio['data'])
      }
      break
    }
    case 'blob':
    case 'uri':
    case 'file': {
      const modality = textOrNull(p['modality']) ?? (type === 'file' ? 'file' : 'unknown')
      const mime = textOrNull(p['mime_type'])
      if (typeof p['uri'] === 'string') return media(modality, mime, p['uri'], null)
      if (typeof p['content'] === 'string') return media(modality, mime, null, p['content'])
      break
    }
  }
  return { type: 'other', value: part }
}

function media(
  modality: string,
  mimeType: string | null,
  uri: string | null,
  content: string | null,
): MessagePart {
  return { type: 'media', modality, mimeType, uri, content }
}

/** `data:` URIs are split into MIME type and payload; other URLs stay URIs. */
function mediaFromUrl(modality: string, url: string): MessagePart {
  const data = /^data:([^;,]+)?(?:;[^,]*)?,(.*)$/s.exec(url)
  if (data) return media(modality, data[1] ?? null, null, data[2] ?? '')
  return media(modality, null, url, null)
}

/**
 * A tool result's content: a string as is; a list of text blocks (Anthropic) joined into one
 * string; anything else as sent.
 */
function toolResultContent(content: unknown): unknown {
  if (Array.isArray(content)) {
    const texts = content.map((c) => {
      const r = recordOrNull(c)
      return r && typeof r['text'] === 'string' ? r['text'] : null
    })
    if (texts.length > 0 && texts.every((t) => t !== null)) return texts.join('\n')
  }
  return content
}

/** Tool-call arguments: JSON strings parsed when they parse, other values as sent, absent → null. */
export function parseArguments(value: unknown): unknown {
  if (value === undefined) return null
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value) as unknown
  } catch {
    return value
  }
}
