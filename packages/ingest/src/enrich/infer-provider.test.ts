import { describe, expect, it } from 'vitest'
import { inferProvider } from './infer-provider.js'

describe('inferProvider', () => {
  it.each([
    ['gpt-4o-mini-2024-07-18', 'openai'],
    ['GPT-4o', 'openai'],
    ['o1-preview', 'openai'],
    ['o3', 'openai'],
    ['o4-mini', 'openai'],
    ['chatgpt-4o-latest', 'openai'],
    ['text-embedding-3-small', 'openai'],
    ['davinci-002', 'openai'],
    ['whisper-1', 'openai'],
    ['dall-e-3', 'openai'],
    ['tts-1-hd', 'openai'],
    ['ft:gpt-4o-2024-08-06:acme::B1x2y3', 'openai'],
    ['claude-3-5-sonnet-20241022', 'anthropic'],
    ['claude-3-5-sonnet-v2@20241022', 'anthropic'],
    ['gemini-1.5-pro', 'google'],
    ['models/gemini-2.0-flash', 'google'],
    ['gemma-2-9b-it', 'google'],
    ['text-embedding-004', 'google'],
    ['mistral-large-latest', 'mistral'],
    ['mixtral-8x7b', 'mistral'],
    ['codestral-latest', 'mistral'],
    ['ministral-8b-latest', 'mistral'],
    ['pixtral-12b', 'mistral'],
    ['command-r-plus-08-2024', 'cohere'],
    ['deepseek-chat', 'deepseek'],
    ['grok-3', 'xai'],
    ['llama-3.3-70b-versatile', 'meta'],
    ['qwen-max', 'alibaba'],
    ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'aws'],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', 'aws'],
    ['meta.llama3-1-70b-instruct-v1:0', 'aws'],
    ['openai/gpt-4o', 'openai'],
    ['anthropic/claude-sonnet-4', 'anthropic'],
    ['meta-llama/llama-3-70b-instruct', 'meta'],
    ['mistralai/mistral-small', 'mistral'],
    ['some-host/claude-3-haiku', 'anthropic'],
  ])('infers %s → %s', (model, provider) => {
    expect(inferProvider(model)).toBe(provider)
  })

  it('asks genai-prices for names outside the table (kimi → moonshotai)', () => {
    expect(inferProvider('kimi-k2-0711-preview')).toBe('moonshotai')
  })

  it.each(['mock-error-model', 'my-azure-deployment', '', '   ', 'constructor/x', '__proto__'])(
    'returns null for %j',
    (model) => {
      expect(inferProvider(model)).toBeNull()
    },
  )
})
