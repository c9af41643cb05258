import { describe, expect, it } from 'vitest'
import {
  normalizeFinishReason,
  normalizeProvider,
  parseMessagePart,
  parseMessages,
  parseSystemInstructions,
  providerFromModel,
} from '@llm-observatory/ingest'

describe('parseMessages', () => {
  it('parses semconv parts from a JSON string, lower-casing roles', () => {
    expect(
      parseMessages(
        JSON.stringify([
          { role: 'User', parts: [{ type: 'text', content: 'hi' }] },
          {
            role: 'assistant',
            parts: [
              { type: 'reasoning', content: 'thinking' },
              { type: 'tool_call', id: 'c1', name: 'f', arguments: '{"a":1}' },
            ],
            finish_reason: 'tool_calls',
          },
        ]),
      ),
    ).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'hi' }] },
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'thinking' },
          { type: 'tool_call', id: 'c1', name: 'f', arguments: { a: 1 } },
        ],
        finishReason: 'tool_call',
      },
    ])
  })

  it('parses OpenAI chat messages: tool_calls with string arguments and tool results', () => {
    expect(
      parseMessages([
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'c1', type: 'function', function: { name: 'f', arguments: 'not json' } },
          ],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'a' },
            { type: 'image_url', image_url: { url: 'https://x/y.png' } },
          ],
        },
      ]),
    ).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'c1', name: 'f', arguments: 'not json' }],
      },
      { role: 'tool', parts: [{ type: 'tool_result', id: 'c1', content: 'sunny' }] },
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'a' },
          {
            type: 'media',
            modality: 'image',
            mimeType: null,
            uri: 'https://x/y.png',
            content: null,
          },
        ],
      },
    ])
  })

  it('parses Anthropic and AI SDK blocks', () => {
    expect(
      parseMessages([
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_1', name: 'get', input: { c: 'P' } }],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '21' }] },
        {
          role: 'assistant',
          content: [{ type: 'tool-call', toolCallId: 't2', toolName: 'g', input: { q: 1 } }],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 't2', output: { type: 'json', value: { r: 1 } } },
          ],
        },
      ]),
    ).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'toolu_1', name: 'get', arguments: { c: 'P' } }],
      },
      { role: 'user', parts: [{ type: 'tool_result', id: 'toolu_1', content: '21' }] },
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 't2', name: 'g', arguments: { q: 1 } }],
      },
      { role: 'tool', parts: [{ type: 'tool_result', id: 't2', content: { r: 1 } }] },
    ])
  })

  it('reads {messages}, response bodies with choices, plain text and unknown shapes', () => {
    expect(parseMessages('{"messages":[{"role":"user","content":"x"}]}')).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'x' }] },
    ])
    expect(
      parseMessages(
        { choices: [{ message: { role: 'assistant', content: 'y' }, finish_reason: 'length' }] },
        'assistant',
      ),
    ).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'y' }], finishReason: 'length' },
    ])
    expect(parseMessages('plain words', 'assistant')).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'plain words' }] },
    ])
    expect(parseMessages({ foo: 1 })).toEqual([
      { role: 'user', parts: [{ type: 'other', value: { foo: 1 } }] },
    ])
    expect(parseMessages('')).toBeNull()
    expect(parseMessages(null)).toBeNull()
    expect(parseMessages('[]')).toBeNull()
  })
})

describe('parseSystemInstructions and parseMessagePart', () => {
  it('accepts a JSON array of parts, a block array or plain text', () => {
    const expected = { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] }
    expect(parseSystemInstructions('[{"type":"text","content":"Be brief."}]')).toEqual(expected)
    expect(parseSystemInstructions([{ type: 'text', text: 'Be brief.' }])).toEqual(expected)
    expect(parseSystemInstructions('Be brief.')).toEqual(expected)
    expect(parseSystemInstructions('')).toBeNull()
  })

  it('keeps unknown parts as other instead of dropping them', () => {
    expect(parseMessagePart({ type: 'hologram', x: 1 })).toEqual({
      type: 'other',
      value: { type: 'hologram', x: 1 },
    })
    expect(parseMessagePart(42)).toEqual({ type: 'other', value: 42 })
    expect(parseMessagePart(null)).toBeNull()
  })
})

describe('normalizeFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['end_turn', 'stop'],
    ['completed', 'stop'],
    ['STOP', 'stop'],
    ['max_tokens', 'length'],
    ['length', 'length'],
    ['tool_calls', 'tool_call'],
    ['tool_use', 'tool_call'],
    ['tool-calls', 'tool_call'],
    ['content_filter', 'content_filter'],
    ['SAFETY', 'content_filter'],
    ['error', 'error'],
    ['', null],
    ['other', null],
    [['', 'tool-calls'], 'tool_call'],
    ['["length"]', 'length'],
    [7, null],
  ])('%j → %s', (raw, expected) => {
    expect(normalizeFinishReason(raw)).toBe(expected)
  })
})

describe('normalizeProvider and providerFromModel', () => {
  it.each([
    ['openai', 'openai'],
    ['OpenAI', 'openai'],
    ['Anthropic', 'anthropic'],
    ['openai.chat', 'openai'],
    ['openai.responses', 'openai'],
    ['anthropic.messages', 'anthropic'],
    ['gcp.gemini', 'google'],
    ['aws.bedrock', 'aws'],
    ['azure.ai.openai', 'azure'],
    ['mistral_ai', 'mistral'],
    ['', null],
    [undefined, null],
  ])('provider %j → %s', (raw, expected) => {
    expect(normalizeProvider(raw)).toBe(expected)
  })

  it.each([
    ['gpt-4o-mini-2024-07-18', 'openai'],
    ['o3-mini', 'openai'],
    ['text-embedding-3-small', 'openai'],
    ['claude-3-5-haiku-20241022', 'anthropic'],
    ['gemini-2.0-flash', 'google'],
    ['mixtral-8x7b', 'mistral'],
    ['command-r-plus', 'cohere'],
    ['llama-3.1-70b', 'meta'],
    ['deepseek-chat', 'deepseek'],
    ['grok-2', 'xai'],
    ['anthropic/claude-sonnet-4', 'anthropic'],
    ['my-finetune', null],
  ])('model %s → %s', (model, expected) => {
    expect(providerFromModel(model)).toBe(expected)
  })
})
