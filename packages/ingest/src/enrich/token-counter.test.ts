import type { Message } from '@llm-observatory/core'
import { isObservatoryError } from '@llm-observatory/core'
import { encodeChat as encodeChatO200k } from 'gpt-tokenizer/encoding/o200k_base'
import { describe, expect, it } from 'vitest'
import { TokenCounter, hasCountableText } from './token-counter.js'

const chat: Message[] = [
  { role: 'system', parts: [{ type: 'text', content: 'You are a helpful assistant.' }] },
  { role: 'user', parts: [{ type: 'text', content: 'What is the weather in Paris?' }] },
]

describe('TokenCounter', () => {
  it('loads nothing until asked, then counts "hello world" as 2 o200k tokens', async () => {
    const tokens = new TokenCounter()
    expect(tokens.isLoaded('gpt-4o')).toBe(false)
    let caught: unknown
    try {
      tokens.countText('hello world', 'gpt-4o')
    } catch (error) {
      caught = error
    }
    expect(isObservatoryError(caught) && caught.code).toBe('ERR_INTERNAL')

    await tokens.load('gpt-4o')
    expect(tokens.isLoaded('gpt-4o')).toBe(true)
    // o200k ids [24912 "hello", 2375 " world"]
    expect(tokens.countText('hello world', 'gpt-4o')).toBe(2)
    expect(tokens.countText('', 'gpt-4o')).toBe(0)
    // cl100k is a separate vocabulary, still not loaded.
    expect(tokens.isLoaded('gpt-4')).toBe(false)
  })

  it('picks cl100k for gpt-4, gpt-3.5 and older embeddings, o200k for everything else', () => {
    expect(TokenCounter.encodingFor('gpt-4')).toBe('cl100k_base')
    expect(TokenCounter.encodingFor('gpt-4-turbo-2024-04-09')).toBe('cl100k_base')
    expect(TokenCounter.encodingFor('gpt-35-turbo')).toBe('cl100k_base')
    expect(TokenCounter.encodingFor('gpt-3.5-turbo-0125')).toBe('cl100k_base')
    expect(TokenCounter.encodingFor('text-embedding-3-small')).toBe('cl100k_base')
    expect(TokenCounter.encodingFor('openai/gpt-4-0613')).toBe('cl100k_base')
    expect(TokenCounter.encodingFor('gpt-4o')).toBe('o200k_base')
    expect(TokenCounter.encodingFor('gpt-4.1-mini')).toBe('o200k_base')
    expect(TokenCounter.encodingFor('o3-mini')).toBe('o200k_base')
    expect(TokenCounter.encodingFor('claude-sonnet-4')).toBe('o200k_base')
    expect(TokenCounter.encodingFor(null)).toBe('o200k_base')
  })

  it('counts a chat as gpt-tokenizer encodeChat does for gpt-4o (24 tokens)', async () => {
    const tokens = new TokenCounter()
    await tokens.load('gpt-4o')
    const reference = encodeChatO200k(
      [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content: 'What is the weather in Paris?' },
      ],
      'gpt-4o',
    ).length
    expect(reference).toBe(24)
    expect(tokens.countMessages(chat, 'gpt-4o')).toBe(reference)
    // Without the chat overhead (3 per message + 1 role token each + 3 priming): 24 − 11.
    expect(tokens.countMessageText(chat, 'gpt-4o')).toBe(13)
  })

  it('counts tool calls and results by their JSON, and special-token text as plain text', async () => {
    const tokens = new TokenCounter()
    await tokens.load('gpt-4o')
    const call: Message[] = [
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'c1', name: 'get_weather', arguments: { city: 'Paris' } }],
      },
      { role: 'tool', parts: [{ type: 'tool_result', id: 'c1', content: { temperature: 21 } }] },
    ]
    expect(tokens.countMessageText(call, 'gpt-4o')).toBe(
      tokens.countText('get_weather{"city":"Paris"}', 'gpt-4o') +
        tokens.countText('{"temperature":21}', 'gpt-4o'),
    )
    expect(tokens.countText('a <|endoftext|> b', 'gpt-4o')).toBeGreaterThan(3)
  })

  it('shares one import between concurrent loads', async () => {
    const tokens = new TokenCounter()
    await Promise.all([tokens.load('gpt-4'), tokens.load('gpt-3.5-turbo')])
    expect(tokens.countText('hello world', 'gpt-4')).toBe(2)
  })
})

describe('hasCountableText', () => {
  it('is true for text, reasoning and tool parts, false for media only or nothing', () => {
    expect(hasCountableText(chat)).toBe(true)
    expect(hasCountableText(null)).toBe(false)
    expect(hasCountableText([])).toBe(false)
    expect(
      hasCountableText([
        {
          role: 'user',
          parts: [
            {
              type: 'media',
              modality: 'image',
              mimeType: 'image/png',
              uri: null,
              content: 'iVBOR',
            },
          ],
        },
      ]),
    ).toBe(false)
    expect(hasCountableText([{ role: 'user', parts: [{ type: 'text', content: '' }] }])).toBe(false)
  })
})
