import type { Message, MessagePart } from '@llm-observatory/core'
import { ObservatoryError } from '@llm-observatory/core'

/** The gpt-tokenizer vocabularies we load: o200k for current OpenAI models, cl100k for older. */
export type TokenEncoding = 'o200k_base' | 'cl100k_base'

interface Encoder {
  countTokens: (text: string, options: { disallowedSpecial: Set<string> }) => number
}

// Special-token text such as `<|endoftext|>` in a prompt is counted as plain text; by default
// gpt-tokenizer throws on it.
const plainText = { disallowedSpecial: new Set<string>() }

// OpenAI's documented chat overhead (openai-cookbook "How to count tokens with tiktoken", for
// gpt-3.5-turbo-0613 and later, gpt-4, gpt-4o): 3 tokens per message (`<|start|>role … <|end|>`),
// 1 more when the message has a name, 3 to prime the reply. It equals gpt-tokenizer's
// `encodeChat` length for gpt-4o, without building the token array.
const tokensPerMessage = 3
const tokensPerName = 1
const tokensForReplyPriming = 3

const cl100kModel = /^(?:gpt-4(?:-|$)|gpt-3\.5|gpt-35|text-embedding-3|text-embedding-ada)/

/**
 * Counts tokens of message text for spans that arrive without usage (the span is then marked
 * `usageEstimated`). gpt-tokenizer's vocabularies are large (~0.2 s and ~100 MB to load), so each
 * is imported on first need only: call `load(model)` (async), then count synchronously.
 *
 * Counts are exact for OpenAI models (o200k: gpt-4o, gpt-4.1, o-series, gpt-5 and anything
 * unknown; cl100k: gpt-4, gpt-4-turbo, gpt-3.5, text-embedding-3/ada). For Claude, Gemini and
 * others the o200k count is an estimate: no exact offline tokenizer exists for them.
 *
 * @example
 * const tokens = new TokenCounter()
 * await tokens.load('gpt-4o')
 * tokens.countText('hello world', 'gpt-4o') // 2
 */
export class TokenCounter {
  #encoders = new Map<TokenEncoding, Encoder>()
  #loading = new Map<TokenEncoding, Promise<void>>()

  /** Which vocabulary counts this model's text. */
  static encodingFor(model: string | null): TokenEncoding {
    if (model === null) return 'o200k_base'
    let name = model.trim().toLowerCase()
    if (name.startsWith('ft:')) name = name.slice('ft:'.length)
    name = name.slice(name.indexOf('/') + 1)
    return cl100kModel.test(name) ? 'cl100k_base' : 'o200k_base'
  }

  /** True when `countText` can run for this model without `load`. */
  isLoaded(model: string | null): boolean {
    return this.#encoders.has(TokenCounter.encodingFor(model))
  }

  /** Imports the model's vocabulary once; concurrent calls share one import. */
  load(model: string | null): Promise<void> {
    const encoding = TokenCounter.encodingFor(model)
    let loading = this.#loading.get(encoding)
    if (loading === undefined) {
      loading = importEncoder(encoding).then((encoder) => {
        this.#encoders.set(encoding, encoder)
      })
      // A failed import may be retried by a later call.
      loading.catch(() => this.#loading.delete(encoding))
      this.#loading.set(encoding, loading)
    }
    return loading
  }

  /** Tokens of `text`. Throws `ERR_INTERNAL` when the model's vocabulary is not loaded. */
  countText(text: string, model: string | null): number {
    if (text === '') return 0
    return this.#encoder(model).countTokens(text, plainText)
  }

  /**
   * Prompt tokens of a chat, as OpenAI bills them: the text of every part plus OpenAI's chat
   * overhead (3 per message, 1 per name, 3 to prime the reply). Text parts and reasoning count
   * their content, tool calls their name and JSON arguments, tool results their content (JSON
   * when not a string); media and other parts count 0 (images are billed by size, not text).
   */
  countMessages(messages: readonly Message[], model: string | null): number {
    const encoder = this.#encoder(model)
    let total = tokensForReplyPriming
    for (const message of messages) {
      total += tokensPerMessage + encoder.countTokens(message.role, plainText)
      if (message.name !== undefined)
        total += tokensPerName + encoder.countTokens(message.name, plainText)
      total += countParts(encoder, message.parts)
    }
    return total
  }

  /** Tokens of the parts' text alone, without chat overhead (completions, embedding inputs). */
  countMessageText(messages: readonly Message[], model: string | null): number {
    const encoder = this.#encoder(model)
    let total = 0
    for (const message of messages) total += countParts(encoder, message.parts)
    return total
  }

  #encoder(model: string | null): Encoder {
    const encoder = this.#encoders.get(TokenCounter.encodingFor(model))
    if (encoder === undefined)
      throw new ObservatoryError('ERR_INTERNAL', {
        message: 'TokenCounter: await load(model) before counting.',
      })
    return encoder
  }
}

/** True when the messages have a part whose text `countMessages` would count. */
export function hasCountableText(messages: readonly Message[] | null): boolean {
  if (messages === null) return false
  for (const message of messages) {
    for (const part of message.parts) if (partText(part) !== '') return true
  }
  return false
}

function countParts(encoder: Encoder, parts: readonly MessagePart[]): number {
  let total = 0
  for (const part of parts) {
    const text = partText(part)
    if (text !== '') total += encoder.countTokens(text, plainText)
  }
  return total
}

function partText(part: MessagePart): string {
  switch (part.type) {
    case 'text':
    case 'reasoning':
      return part.content
    case 'tool_call':
      return `${part.name}${toText(part.arguments)}`
    case 'tool_result':
      return toText(part.content)
    default:
      return ''
  }
}

function toText(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === null || value === undefined) return ''
  try {
    return JSON.stringify(value) ?? ''
  } catch {
    // BigInt or a cycle: not text a model saw in this form anyway.
    return ''
  }
}

async function importEncoder(encoding: TokenEncoding): Promise<Encoder> {
  // Literal specifiers, so bundlers and the type checker see both modules.
  if (encoding === 'cl100k_base') return import('gpt-tokenizer/encoding/cl100k_base')
  return import('gpt-tokenizer/encoding/o200k_base')
}
