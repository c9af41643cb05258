import { findProvider } from '@pydantic/genai-prices'

// Bedrock model ids are `<vendor>.<model>`, optionally behind a cross-region inference prefix
// (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html).
// genai-prices prices them only under its `aws` provider, so they map to `aws`.
const bedrockId =
  /^(?:(?:us|eu|apac|global|us-gov|ca|jp|au)\.)?(?:anthropic|meta|amazon|cohere|mistral|ai21|deepseek|writer|qwen|openai|twelvelabs|stability|luma)\.[a-z0-9]/

// OpenRouter-style `<vendor>/<model>` names: the vendor says who made the model.
// A Map, so a name such as `constructor/x` cannot reach Object.prototype.
const vendorPrefixes = new Map<string, string>([
  ['openai', 'openai'],
  ['anthropic', 'anthropic'],
  ['google', 'google'],
  ['meta-llama', 'meta'],
  ['meta', 'meta'],
  ['mistralai', 'mistral'],
  ['mistral', 'mistral'],
  ['cohere', 'cohere'],
  ['deepseek', 'deepseek'],
  ['deepseek-ai', 'deepseek'],
  ['x-ai', 'xai'],
  ['xai', 'xai'],
  ['qwen', 'alibaba'],
])

// First match wins; Google's embedding names are checked before OpenAI's `text-embedding-`.
const namePrefixes: [RegExp, string][] = [
  [/^(?:text-embedding-0\d\d|textembedding-gecko|text-multilingual-embedding)/, 'google'],
  [
    /^(?:gpt-|gpt4|o[134](?:-|$)|chatgpt|text-embedding|text-moderation|omni-moderation|davinci|babbage|whisper|dall-e|tts-|codex-|computer-use)/,
    'openai',
  ],
  [/^claude/, 'anthropic'],
  [/^(?:gemini|gemma)/, 'google'],
  [
    /^(?:mistral|mixtral|codestral|ministral|pixtral|magistral|devstral|open-mistral|open-mixtral)/,
    'mistral',
  ],
  [/^(?:command|embed-english|embed-multilingual|rerank-)/, 'cohere'],
  [/^deepseek/, 'deepseek'],
  [/^grok/, 'xai'],
  [/^llama/, 'meta'],
  [/^(?:qwen|qwq)/, 'alibaba'],
]

// Names come from clients, so the memo is bounded: it starts over past this size.
const maxMemoEntries = 10_000
const memo = new Map<string, string | null>()

/**
 * Guesses the provider of a model from its name, for spans whose sender gave no provider.
 *
 * Lower-cases the name and strips `models/` (Gemini API) and `ft:` (OpenAI fine-tunes).
 * Bedrock ids (`anthropic.claude-…`, `us.anthropic.claude-…`) give `aws`, because that is where
 * they are priced; OpenRouter-style `vendor/model` names give the vendor. Names the table does
 * not know are asked of genai-prices' own provider matching (its ids, e.g. `x-ai` as `xai`).
 * Returns null when neither knows the name.
 *
 * @example inferProvider('gpt-4o-mini-2024-07-18') // 'openai'
 * @example inferProvider('us.anthropic.claude-sonnet-4-20250514-v1:0') // 'aws'
 */
export function inferProvider(model: string): string | null {
  const known = memo.get(model)
  if (known !== undefined) return known
  if (memo.size >= maxMemoEntries) memo.clear()
  const provider = inferUncached(model)
  memo.set(model, provider)
  return provider
}

function inferUncached(model: string): string | null {
  let name = model.trim().toLowerCase()
  if (name.startsWith('models/')) name = name.slice('models/'.length)
  if (name.startsWith('ft:')) name = name.slice('ft:'.length)
  if (name === '') return null
  if (bedrockId.test(name)) return 'aws'
  const slash = name.indexOf('/')
  if (slash > 0) {
    const vendor = vendorPrefixes.get(name.slice(0, slash))
    if (vendor !== undefined) return vendor
    name = name.slice(slash + 1)
  }
  for (const [pattern, provider] of namePrefixes) {
    if (pattern.test(name)) return provider
  }
  const found = findProvider({ modelId: name })?.id
  if (found === undefined) return null
  return found === 'x-ai' ? 'xai' : found
}
