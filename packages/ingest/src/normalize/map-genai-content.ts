import type { Message, MessagePart, SpanEvent } from '@llm-observatory/core'
import {
  parseLegacyFunctions,
  parseLegacyIndexedMessages,
  parseOpenInferenceMessages,
  parseOpenInferenceTools,
} from './parse-indexed-messages.js'
import { parseMessages, parseSystemInstructions, toolCallPart } from './parse-messages.js'
import { isRecord, parseJsonLoose, parseJsonRecord } from './read-attribute.js'
import type { AttributeGroups } from './scan-attribute-groups.js'

export interface GenAiContent {
  inputMessages: Message[] | null
  outputMessages: Message[] | null
  toolDefinitions: unknown[] | null
}

/**
 * Prompt, completion and tool definitions from span attributes (mapping doc 4e, 4f), first source
 * found wins, newest convention first: semconv JSON (`gen_ai.input.messages`, TL/AI7/OL/ANT),
 * OpenLLMetry legacy indexed keys, OpenInference indexed keys, AI SDK `ai.prompt*` /
 * `ai.response.*`, Langfuse `langfuse.observation.input/output`, then raw request/response
 * bodies (`input.value`, old `gen_ai.content.prompt` events). System instructions become a
 * leading `system` message.
 *
 * `params` is the parsed `llm.invocation_parameters` / Langfuse model parameters: OpenInference's
 * Anthropic instrumentation puts the system prompt only there.
 */
export function mapGenAiContent(
  a: Record<string, unknown>,
  groups: AttributeGroups,
  params: Record<string, unknown> | null,
  events: SpanEvent[],
  isModelCall: boolean,
): GenAiContent {
  return {
    inputMessages: mapInput(a, groups, params, events, isModelCall),
    outputMessages: mapOutput(a, groups, events, isModelCall),
    toolDefinitions: mapTools(a, groups, params),
  }
}

function mapInput(
  a: Record<string, unknown>,
  groups: AttributeGroups,
  params: Record<string, unknown> | null,
  events: SpanEvent[],
  isModelCall: boolean,
): Message[] | null {
  let messages: Message[] | null = null
  let system: Message | null = null
  if (a['gen_ai.system_instructions'] !== undefined) {
    system = parseSystemInstructions(a['gen_ai.system_instructions'])
  }
  if (a['gen_ai.input.messages'] !== undefined) {
    messages = parseMessages(a['gen_ai.input.messages'], 'user')
  } else if (groups.legacyPrompt !== null) {
    messages = parseLegacyIndexedMessages(groups.legacyPrompt, 'user')
  } else if (groups.oiInput !== null) {
    messages = parseOpenInferenceMessages(groups.oiInput, 'user')
    if (params !== null && params.system !== undefined)
      system = parseSystemInstructions(params.system)
  } else if (a['ai.prompt.messages'] !== undefined) {
    messages = parseMessages(a['ai.prompt.messages'], 'user')
  } else if (a['ai.prompt'] !== undefined) {
    messages = parseAiSdkPrompt(a['ai.prompt'])
  } else if (a['langfuse.observation.input'] !== undefined) {
    const input = parseJsonLoose(a['langfuse.observation.input'])
    messages = parseMessages(input, 'user')
    const instructions = a['langfuse.observation.metadata.instructions']
    if (instructions !== undefined) system = parseSystemInstructions(instructions)
  } else if (a['gen_ai.prompt'] !== undefined) {
    messages = parseMessages(a['gen_ai.prompt'], 'user')
  } else if (isModelCall && a['input.value'] !== undefined) {
    messages = parseRequestBody(a['input.value'])
  } else {
    const ev = findEvent(events, 'gen_ai.content.prompt')
    if (ev !== null) messages = parseMessages(ev.attributes['gen_ai.prompt'], 'user')
  }
  if (system === null) return messages
  if (messages === null) return [system]
  return messages[0]?.role === 'system' ? messages : [system, ...messages]
}

function mapOutput(
  a: Record<string, unknown>,
  groups: AttributeGroups,
  events: SpanEvent[],
  isModelCall: boolean,
): Message[] | null {
  if (a['gen_ai.output.messages'] !== undefined) {
    return parseMessages(a['gen_ai.output.messages'], 'assistant')
  }
  if (groups.legacyCompletion !== null) {
    return parseLegacyIndexedMessages(groups.legacyCompletion, 'assistant')
  }
  if (groups.oiOutput !== null) return parseOpenInferenceMessages(groups.oiOutput, 'assistant')
  if (
    a['ai.response.text'] !== undefined ||
    a['ai.response.toolCalls'] !== undefined ||
    a['ai.response.object'] !== undefined
  ) {
    return parseAiSdkResponse(a)
  }
  if (a['langfuse.observation.output'] !== undefined) {
    return parseMessages(parseJsonLoose(a['langfuse.observation.output']), 'assistant')
  }
  if (a['gen_ai.completion'] !== undefined)
    return parseMessages(a['gen_ai.completion'], 'assistant')
  if (isModelCall && a['output.value'] !== undefined) {
    return parseMessages(a['output.value'], 'assistant')
  }
  const ev = findEvent(events, 'gen_ai.content.completion')
  return ev !== null ? parseMessages(ev.attributes['gen_ai.completion'], 'assistant') : null
}

function mapTools(
  a: Record<string, unknown>,
  groups: AttributeGroups,
  params: Record<string, unknown> | null,
): unknown[] | null {
  if (a['gen_ai.tool.definitions'] !== undefined) return toArray(a['gen_ai.tool.definitions'])
  const oi = parseOpenInferenceTools(groups.oiTools)
  if (oi !== null) return oi
  const legacy = parseLegacyFunctions(groups.legacyFunctions)
  if (legacy !== null) return legacy
  if (a['ai.prompt.tools'] !== undefined) return toArray(a['ai.prompt.tools'])
  if (a['langfuse.observation.input'] !== undefined) {
    const input = parseJsonRecord(a['langfuse.observation.input'])
    if (input !== null && Array.isArray(input.tools)) return input.tools
  }
  if (params !== null && Array.isArray(params.tools) && params.tools.length > 0) return params.tools
  return null
}

/** AI SDK `ai.prompt`: `{system?, prompt?, messages?}` as a JSON string. */
function parseAiSdkPrompt(value: unknown): Message[] | null {
  const prompt = parseJsonLoose(value)
  if (!isRecord(prompt)) return parseMessages(prompt, 'user')
  const out: Message[] = []
  const system = prompt.system !== undefined ? parseSystemInstructions(prompt.system) : null
  if (system !== null) out.push(system)
  if (prompt.prompt !== undefined) out.push(...(parseMessages(prompt.prompt, 'user') ?? []))
  if (Array.isArray(prompt.messages)) out.push(...(parseMessages(prompt.messages, 'user') ?? []))
  return out.length > 0 ? out : null
}

/** AI SDK `ai.response.text` / `.object` plus `ai.response.toolCalls` as one assistant message. */
function parseAiSdkResponse(a: Record<string, unknown>): Message[] | null {
  const parts: MessagePart[] = []
  const text = a['ai.response.text'] ?? a['ai.response.object']
  if (typeof text === 'string' && text !== '') parts.push({ type: 'text', content: text })
  const calls = parseJsonLoose(a['ai.response.toolCalls'])
  if (Array.isArray(calls)) {
    for (const c of calls) {
      const part = toolCallPart(parseJsonLoose(c))
      if (part !== null) parts.push(part)
    }
  }
  return parts.length > 0 ? [{ role: 'assistant', parts }] : null
}

/** A raw request body (`input.value`): only chat-shaped JSON counts, other text is a user turn. */
function parseRequestBody(value: unknown): Message[] | null {
  const body = parseJsonLoose(value)
  if (typeof body === 'string') return parseMessages(body, 'user')
  if (!isRecord(body)) return null
  const out: Message[] = []
  const system = body.system ?? body.instructions
  if (system !== undefined) {
    const s = parseSystemInstructions(system)
    if (s !== null) out.push(s)
  }
  const list = body.messages ?? body.input ?? body.prompt
  if (list !== undefined) out.push(...(parseMessages(list, 'user') ?? []))
  return out.length > 0 ? out : null
}

function toArray(value: unknown): unknown[] | null {
  const parsed = parseJsonLoose(value)
  if (!Array.isArray(parsed)) return parsed === null || parsed === undefined ? null : [parsed]
  return parsed.map((item) => parseJsonLoose(item))
}

function findEvent(events: SpanEvent[], name: string): SpanEvent | null {
  for (const e of events) if (e.name === name) return e
  return null
}
