import type { FinishReason, LogRecord, Message, Span } from '@llm-observatory/core'
import { normalizeFinishReason } from './normalize-finish-reason.js'
import { parseMessage, parseMessages, parseSystemInstructions } from './parse-messages.js'
import { isRecord, readString } from './read-attribute.js'

const detailsEvent = 'gen_ai.client.inference.operation.details'

interface LogContent {
  input: Message[]
  output: { index: number; message: Message }[]
  system: Message | null
  finishReason: FinishReason | null
}

/**
 * Fills `inputMessages` / `outputMessages` of spans from GenAI content log records, joined by
 * trace id + span id (mapping doc 4e, rule 7). Logs arrive in other requests than their spans,
 * so the server applies this at read time.
 *
 * - OTel contrib chat (semconv ≤1.36): one record per message, `event.name` =
 *   `gen_ai.{system,user,assistant,tool}.message` (body `{content, tool_calls?, id?}`) or
 *   `gen_ai.choice` (body `{index, finish_reason, message}`).
 * - OTel contrib Responses and OpenLIT: `gen_ai.client.inference.operation.details` with
 *   `gen_ai.input.messages` / `gen_ai.output.messages` / `gen_ai.system_instructions` attributes,
 *   structured or JSON strings.
 *
 * A span that already has messages keeps them (OpenLIT sends both); a span whose input is only a
 * system message (OTel contrib Responses puts `gen_ai.system_instructions` on the span) takes the
 * logs' input, keeping its system message in front when the logs have none. Records are taken in
 * time order (stable). Spans without matching logs are returned as they are; changed spans are
 * copies, the inputs are not mutated.
 *
 * @example joinLogContent(spans, logs)[0].inputMessages?.[0] // { role: 'system', parts: [...] }
 */
export function joinLogContent(spans: Span[], logs: LogRecord[]): Span[] {
  if (logs.length === 0 || spans.length === 0) return spans
  const byKey = new Map<string, LogRecord[]>()
  for (const log of logs) {
    if (log.traceId === null || log.spanId === null) continue
    const key = log.traceId + log.spanId
    const list = byKey.get(key)
    if (list === undefined) byKey.set(key, [log])
    else list.push(log)
  }
  if (byKey.size === 0) return spans
  return spans.map((span) => {
    const records = byKey.get(span.traceId + span.spanId)
    if (records === undefined) return span
    const content = readLogContent(records)
    return mergeContent(span, content)
  })
}

function readLogContent(records: LogRecord[]): LogContent {
  const sorted = records.length > 1 ? [...records].sort((x, y) => x.timeUs - y.timeUs) : records
  const content: LogContent = { input: [], output: [], system: null, finishReason: null }
  for (const log of sorted) {
    const attrs = isRecord(log.attributes) ? log.attributes : {}
    const name = log.eventName ?? readString(attrs['event.name'])
    const body = log.body
    switch (name) {
      case 'gen_ai.system.message':
        pushMessage(content.input, body, 'system')
        break
      case 'gen_ai.user.message':
        pushMessage(content.input, body, 'user')
        break
      case 'gen_ai.assistant.message':
        pushMessage(content.input, body, 'assistant')
        break
      case 'gen_ai.tool.message': {
        const b = isRecord(body) ? body : { content: body }
        content.input.push({
          role: 'tool',
          parts: [{ type: 'tool_result', id: readString(b.id), content: b.content ?? null }],
        })
        break
      }
      case 'gen_ai.choice': {
        const b = isRecord(body) ? body : {}
        const m = parseMessage(b.message ?? null, 'assistant') ?? { role: 'assistant', parts: [] }
        const finish = normalizeFinishReason(b.finish_reason)
        if (finish !== null) m.finishReason = finish
        content.finishReason ??= finish
        if (m.parts.length > 0 || finish !== null) {
          const index = typeof b.index === 'number' ? b.index : content.output.length
          content.output.push({ index, message: m })
        }
        break
      }
      default:
        if (name === detailsEvent || attrs['gen_ai.input.messages'] !== undefined) {
          readDetails(content, attrs)
        }
    }
  }
  content.output.sort((x, y) => x.index - y.index)
  return content
}

function readDetails(content: LogContent, attrs: Record<string, unknown>): void {
  if (attrs['gen_ai.system_instructions'] !== undefined) {
    content.system ??= parseSystemInstructions(attrs['gen_ai.system_instructions'])
  }
  const input = parseMessages(attrs['gen_ai.input.messages'], 'user')
  if (input !== null) content.input.push(...input)
  const output = parseMessages(attrs['gen_ai.output.messages'], 'assistant')
  for (const m of output ?? []) {
    content.output.push({ index: content.output.length, message: m })
    content.finishReason ??= m.finishReason ?? null
  }
}

function pushMessage(into: Message[], body: unknown, role: string): void {
  const b = isRecord(body) ? { ...body, role } : body
  const m = parseMessage(b ?? null, role)
  if (m !== null && m.parts.length > 0) into.push(m)
}

function mergeContent(span: Span, content: LogContent): Span {
  let input = span.inputMessages
  const spanHasConversation = input !== null && input.some((m) => m.role !== 'system')
  if (!spanHasConversation) {
    let fromLogs = content.input
    if (content.system !== null && fromLogs[0]?.role !== 'system')
      fromLogs = [content.system, ...fromLogs]
    const spanSystem = input?.[0]?.role === 'system' ? input[0] : null
    if (spanSystem !== null && fromLogs[0]?.role !== 'system') fromLogs = [spanSystem, ...fromLogs]
    if (fromLogs.length > 0) input = fromLogs
  }
  let output = span.outputMessages
  if ((output === null || output.length === 0) && content.output.length > 0) {
    output = content.output.map((o) => o.message)
  }
  if (input === span.inputMessages && output === span.outputMessages) return span
  return {
    ...span,
    inputMessages: input,
    outputMessages: output,
    finishReason: span.finishReason ?? content.finishReason,
  }
}
