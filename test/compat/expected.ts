/**
 * What the compat tests expect, computed here independently of the server: the mock LLM
 * API's fixed usage numbers (common/mock-llm-server.mjs, the fixture README's table) and
 * costs from per-million-token prices written out by hand.
 */

/** OpenAI chat: prompt 19 (3 cached), completion 9 (2 reasoning). */
export const openAiChat = { input: 19, cached: 3, output: 9, reasoning: 2, total: 28 }
/** OpenAI first tool-call step (the request with `tools` that gets `tool_calls` back). */
export const openAiToolStep = { input: 57, cached: 3, output: 17, reasoning: 2 }
/** OpenAI Responses API: input 14 (2 cached), output 8 (1 reasoning). */
export const openAiResponses = { input: 14, cached: 2, output: 8, reasoning: 1 }
/** Embeddings: 5 tokens per input, 2 inputs. */
export const embeddingTokens = 10
/**
 * Anthropic messages: the API's `input_tokens` 21 excludes the 4 cache-read tokens; the
 * normalized input includes them.
 */
export const anthropicMessages = { input: 21 + 4, cacheRead: 4, cacheWrite: 0, output: 11 }
/** Anthropic tool_use step: raw input 380 + 4 cache read, output 40. */
export const anthropicToolStep = { input: 380 + 4, cacheRead: 4, output: 40 }

export const assistantText = 'Hello from the mock! The answer is 42.'
export const claudeText = 'Hello from the mock Claude! The answer is 42.'
export const toolAnswerText = 'It is 21 degrees Celsius and sunny in Paris.'
export const responsesText = 'Hello from the mock Responses API!'

// USD per million tokens, as listed by @pydantic/genai-prices 0.1.8 (checked 2026-11-23:
// gpt-4o-mini input_mtok 0.15, cache_read_mtok 0.075, output_mtok 0.6; claude-3-5-haiku
// input_mtok 0.8, cache_read_mtok 0.08, cache_write_mtok 1, output_mtok 4;
// text-embedding-3-small input_mtok 0.02) and by the providers' price pages.
const gpt4oMini = { input: 0.15, cacheRead: 0.075, output: 0.6 }
const claude35Haiku = { input: 0.8, cacheRead: 0.08, cacheWrite: 1, output: 4 }
const textEmbedding3Small = { input: 0.02 }

/** Cost of a gpt-4o-mini call; `cached` tokens are part of `input` and cost less. */
export function gpt4oMiniCost(u: { input: number; cached?: number; output: number }): number {
  const cached = u.cached ?? 0
  return (
    ((u.input - cached) * gpt4oMini.input +
      cached * gpt4oMini.cacheRead +
      u.output * gpt4oMini.output) /
    1e6
  )
}

/** Cost of a claude-3-5-haiku call; `input` includes the cache reads and writes. */
export function claude35HaikuCost(u: {
  input: number
  cacheRead: number
  cacheWrite?: number
  output: number
}): number {
  const write = u.cacheWrite ?? 0
  return (
    ((u.input - u.cacheRead - write) * claude35Haiku.input +
      u.cacheRead * claude35Haiku.cacheRead +
      write * claude35Haiku.cacheWrite +
      u.output * claude35Haiku.output) /
    1e6
  )
}

export function textEmbedding3SmallCost(tokens: number): number {
  return (tokens * textEmbedding3Small.input) / 1e6
}
