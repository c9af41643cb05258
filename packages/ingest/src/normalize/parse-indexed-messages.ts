import type { Message, MessagePart } from '@llm-observatory/core'
import { normalizeFinishReason } from './normalize-finish-reason.js'
import { parseMessagePart, toolCallPart } from './parse-messages.js'
import { isRecord, parseJsonLoose, readString } from './read-attribute.js'
import { indexedEntries, type FlatTree } from './scan-attribute-groups.js'

/**
 * Messages from OpenLLMetry's legacy indexed keys (`gen_ai.prompt.{i}.role/content/tool_calls.{k}.name`,
 * `gen_ai.completion.{i}.role/content/finish_reason`), also sent by Python OpenLLMetry. Content holding an
 * Anthropic block array is JSON-stringified by the sender; `"null"` marks an assistant turn that
 * only called tools.
 */
export function parseLegacyIndexedMessages(
  tree: FlatTree | null,
  defaultRole: string,
): Message[] | null {
  const out: Message[] = []
  for (const entry of indexedEntries(tree)) {
    if (!isTree(entry)) continue
    const role = (readString(entry.role) ?? defaultRole).toLowerCase()
    const parts: MessagePart[] = []
    const toolCallId = readString(entry.tool_call_id)
    const content = entry.content
    if (role === 'tool') {
      if (content !== undefined) parts.push({ type: 'tool_result', id: toolCallId, content })
    } else if (typeof content === 'string') {
      pushContentString(parts, content)
    } else if (content !== undefined && content !== null) {
      const p = parseMessagePart(content)
      if (p !== null) parts.push(p)
    }
    for (const tc of indexedEntries(isTree(entry.tool_calls) ? entry.tool_calls : null)) {
      const part = toolCallPart(tc)
      if (part !== null) parts.push(part)
    }
    if (parts.length === 0 && readString(entry.role) === null) continue
    const m: Message = { role, parts }
    const finish = normalizeFinishReason(entry.finish_reason)
    if (finish !== null) m.finishReason = finish
    out.push(m)
  }
  return out.length > 0 ? out : null
}

/**
 * Messages from OpenInference's indexed keys: `llm.{input,output}_messages.{i}.message.role /
 * content / name / tool_call_id`, block content under `.contents.{j}.message_content.type/text/
 * image.image.url`, tool calls under `.tool_calls.{k}.tool_call.id/function.name/function.arguments`.
 * The Anthropic instrumentation repeats each tool call as a `tool_use` content block; those
 * repeats are dropped when `tool_calls` is present.
 */
export function parseOpenInferenceMessages(
  tree: FlatTree | null,
  defaultRole: string,
): Message[] | null {
  const out: Message[] = []
  for (const entry of indexedEntries(tree)) {
    const m = isTree(entry) && isTree(entry.message) ? entry.message : null
    if (m === null) continue
    const role = (readString(m.role) ?? defaultRole).toLowerCase()
    const parts: MessagePart[] = []
    const toolCallId = readString(m.tool_call_id)
    const toolCalls = indexedEntries(isTree(m.tool_calls) ? m.tool_calls : null)
    if (typeof m.content === 'string') {
      if (role === 'tool' || toolCallId !== null) {
        parts.push({ type: 'tool_result', id: toolCallId, content: m.content })
      } else if (m.content !== '') {
        parts.push({ type: 'text', content: m.content })
      }
    }
    for (const c of indexedEntries(isTree(m.contents) ? m.contents : null)) {
      if (!isTree(c)) continue
      const mc = isTree(c.message_content) ? c.message_content : null
      const type = readString(mc?.type)
      if (type === 'tool_use' || (type === null && isTree(c.tool_call))) {
        if (toolCalls.length === 0) pushToolCall(parts, c.tool_call)
      } else if (type === 'image') {
        const image = isTree(mc?.image) && isTree(mc.image.image) ? mc.image.image : null
        parts.push({
          type: 'media',
          modality: 'image',
          mimeType: null,
          uri: readString(image?.url),
          content: null,
        })
      } else if (mc !== null && typeof mc.text === 'string') {
        parts.push({ type: 'text', content: mc.text })
      } else if (mc !== null) {
        parts.push({ type: 'other', value: { ...mc } })
      }
    }
    for (const tc of toolCalls) if (isTree(tc)) pushToolCall(parts, tc.tool_call)
    const cleaned =
      parts.length > 1 ? parts.filter((p) => !(p.type === 'text' && p.content === '')) : parts
    const msg: Message = { role, parts: cleaned }
    const name = readString(m.name)
    if (name !== null) msg.name = name
    out.push(msg)
  }
  return out.length > 0 ? out : null
}

/** Tool definitions from OpenInference `llm.tools.{i}.tool.json_schema` (JSON strings). */
export function parseOpenInferenceTools(tree: FlatTree | null): unknown[] | null {
  const out: unknown[] = []
  for (const entry of indexedEntries(tree)) {
    if (!isTree(entry)) continue
    const tool = isTree(entry.tool) ? entry.tool : null
    const schema = tool?.json_schema
    if (schema !== undefined) out.push(parseJsonLoose(schema))
  }
  return out.length > 0 ? out : null
}

/** Tool definitions from OpenLLMetry legacy `llm.request.functions.{i}.name/description/arguments`. */
export function parseLegacyFunctions(tree: FlatTree | null): unknown[] | null {
  const out: unknown[] = []
  for (const entry of indexedEntries(tree)) {
    if (!isTree(entry)) continue
    const name = readString(entry.name)
    if (name === null) continue
    const def: Record<string, unknown> = { type: 'function', name }
    const description = readString(entry.description)
    if (description !== null) def.description = description
    if (entry.arguments !== undefined) def.parameters = parseJsonLoose(entry.arguments)
    out.push(def)
  }
  return out.length > 0 ? out : null
}

function pushContentString(parts: MessagePart[], content: string): void {
  if (content === '' || content === 'null') return
  const c = content.charCodeAt(0)
  if (c === 91 /* [ */) {
    const parsed = parseJsonLoose(content)
    if (Array.isArray(parsed) && parsed.length > 0 && parsed.every(isBlock)) {
      for (const block of parsed) {
        const p = parseMessagePart(block)
        if (p !== null) parts.push(p)
      }
      return
    }
  }
  parts.push({ type: 'text', content })
}

function isBlock(value: unknown): boolean {
  return isRecord(value) && typeof value.type === 'string'
}

function pushToolCall(parts: MessagePart[], value: unknown): void {
  if (!isTree(value)) return
  const fn = isTree(value.function) ? value.function : null
  const args = fn?.arguments
  parts.push({
    type: 'tool_call',
    id: readString(value.id),
    name: readString(fn?.name) ?? '',
    arguments: typeof args === 'string' ? parseJsonLoose(args) : (args ?? null),
  })
}

/** Tree nodes are null-prototype objects; attribute values (kvlists) are plain objects. */
function isTree(value: unknown): value is FlatTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
