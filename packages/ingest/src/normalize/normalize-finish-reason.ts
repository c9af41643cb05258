import type { FinishReason } from '@llm-observatory/core'

const reasons: Record<string, FinishReason> = {
  stop: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  completed: 'stop',
  complete: 'stop',
  eos: 'stop',
  eos_token: 'stop',
  finish: 'stop',
  length: 'length',
  max_tokens: 'length',
  max_output_tokens: 'length',
  model_length: 'length',
  incomplete: 'length',
  tool_calls: 'tool_call',
  tool_call: 'tool_call',
  'tool-calls': 'tool_call',
  tool_use: 'tool_call',
  function_call: 'tool_call',
  content_filter: 'content_filter',
  'content-filter': 'content_filter',
  safety: 'content_filter',
  recitation: 'content_filter',
  blocklist: 'content_filter',
  prohibited_content: 'content_filter',
  spii: 'content_filter',
  refusal: 'content_filter',
  error: 'error',
  failed: 'error',
}

/**
 * Maps a provider's or library's finish reason to stop | length | tool_call | content_filter |
 * error (mapping doc rule 9). Case-insensitive; `""`, `other`, `unknown` and anything unmapped
 * give null. An array (semconv `gen_ai.response.finish_reasons`) or its JSON string gives the
 * first mapped element.
 *
 * @example normalizeFinishReason('end_turn') // 'stop'
 * @example normalizeFinishReason(['tool-calls']) // 'tool_call'
 */
export function normalizeFinishReason(raw: unknown): FinishReason | null {
  if (Array.isArray(raw)) {
    for (const item of raw) {
      const r = normalizeFinishReason(item)
      if (r !== null) return r
    }
    return null
  }
  if (typeof raw !== 'string' || raw === '') return null
  if (raw.charCodeAt(0) === 91 /* [ */) {
    try {
      const parsed: unknown = JSON.parse(raw)
      if (Array.isArray(parsed)) return normalizeFinishReason(parsed)
    } catch {
      // not JSON: fall through and treat as a plain value
    }
  }
  const key = raw.trim().toLowerCase()
  return Object.hasOwn(reasons, key) ? (reasons[key] ?? null) : null
}
