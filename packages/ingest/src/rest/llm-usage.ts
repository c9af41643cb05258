import type { FieldError } from '@llm-observatory/core'
import type { LlmUsage } from '@llm-observatory/contracts'
import { firstGiven } from './field-values.js'

/** Token counts under our contract: input includes cached, output includes reasoning. */
export interface ResolvedUsage {
  inputTokens: number | null
  cachedInputTokens: number | null
  cacheWriteTokens: number | null
  outputTokens: number | null
  reasoningTokens: number | null
  totalTokens: number | null
}

/**
 * Reads token usage from several usage objects, most trusted first, field by field (the
 * first that knows a count gives it). See `LlmUsageSchema` for the names understood. The
 * Anthropic shape is recognised by `cache_read_input_tokens` / `cache_creation_input_tokens`,
 * whose `input_tokens` excludes the cache, so both are added to it. `totalTokens` is the
 * reported total, else input + output when both are known; unknown counts stay null.
 * Problems (cached above input, reasoning above output) are appended to `errors`.
 *
 * @example resolveUsage([{ prompt_tokens: 19, completion_tokens: 9, prompt_tokens_details: { cached_tokens: 3 } }], [])
 * // { inputTokens: 19, cachedInputTokens: 3, cacheWriteTokens: null, outputTokens: 9, reasoningTokens: null, totalTokens: 28 }
 */
export function resolveUsage(
  sources: readonly (LlmUsage | null | undefined)[],
  errors: FieldError[],
  field = 'usage',
): ResolvedUsage {
  const read = sources.filter((s): s is LlmUsage => s !== null && s !== undefined).map(readUsage)
  const pick = (key: keyof ResolvedUsage): number | null => firstGiven(...read.map((r) => r[key]))
  const usage: ResolvedUsage = {
    inputTokens: pick('inputTokens'),
    cachedInputTokens: pick('cachedInputTokens'),
    cacheWriteTokens: pick('cacheWriteTokens'),
    outputTokens: pick('outputTokens'),
    reasoningTokens: pick('reasoningTokens'),
    totalTokens: pick('totalTokens'),
  }
  if (usage.totalTokens === null && usage.inputTokens !== null && usage.outputTokens !== null) {
    usage.totalTokens = usage.inputTokens + usage.outputTokens
  }
  const cache = (usage.cachedInputTokens ?? 0) + (usage.cacheWriteTokens ?? 0)
  if (usage.inputTokens !== null && cache > usage.inputTokens) {
    errors.push({
      field,
      message: `cached tokens (${cache}) exceed input tokens (${usage.inputTokens}); input tokens include cached ones`,
    })
  }
  if (
    usage.outputTokens !== null &&
    usage.reasoningTokens !== null &&
    usage.reasoningTokens > usage.outputTokens
  ) {
    errors.push({
      field,
      message: `reasoning tokens (${usage.reasoningTokens}) exceed output tokens (${usage.outputTokens}); output tokens include reasoning ones`,
    })
  }
  return usage
}

function readUsage(u: LlmUsage): ResolvedUsage {
  const cacheRead = u.cache_read_input_tokens ?? null
  const cacheCreation = u.cache_creation_input_tokens ?? null
  const isAnthropicShape = cacheRead !== null || cacheCreation !== null
  let input = firstGiven(u.input, u.prompt_tokens)
  if (input === null && u.input_tokens !== undefined && u.input_tokens !== null) {
    input = isAnthropicShape
      ? u.input_tokens + (cacheRead ?? 0) + (cacheCreation ?? 0)
      : u.input_tokens
  }
  return {
    inputTokens: input,
    cachedInputTokens: firstGiven(
      u.cached,
      u.cached_tokens,
      u.prompt_tokens_details?.cached_tokens,
      u.input_tokens_details?.cached_tokens,
      cacheRead,
    ),
    cacheWriteTokens: firstGiven(u.cache_write, u.cache_write_tokens, cacheCreation),
    outputTokens: firstGiven(u.output, u.completion_tokens, u.output_tokens),
    reasoningTokens: firstGiven(
      u.reasoning,
      u.reasoning_tokens,
      u.completion_tokens_details?.reasoning_tokens,
      u.output_tokens_details?.reasoning_tokens,
    ),
    totalTokens: firstGiven(u.total, u.total_tokens),
  }
}
