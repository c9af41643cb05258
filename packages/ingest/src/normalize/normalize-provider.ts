/**
 * Provider names as senders write them → one lower-case vocabulary (`openai`, `anthropic`,
 * `google`, `mistral`, `cohere`, `meta`, `deepseek`, `xai`, `aws`, `azure`, …), so that costs
 * and group-bys meet. See otel-genai-mapping.md, section 5 rule 5.
 */

/** Whole values first (semconv's dotted well-known values would be cut wrongly at the dot). */
const aliases: Record<string, string> = {
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
  gemini: 'google',
  vertex_ai: 'google',
  vertexai: 'google',
  'google.generative-ai': 'google',
  'google.vertex': 'google',
  'aws.bedrock': 'aws',
  bedrock: 'aws',
  'amazon-bedrock': 'aws',
  'azure.ai.openai': 'azure',
  'azure.ai.inference': 'azure',
  az: 'azure',
  'az.ai.openai': 'azure',
  'az.ai.inference': 'azure',
  azure_openai: 'azure',
  mistral_ai: 'mistral',
  mistralai: 'mistral',
  x_ai: 'xai',
  'x-ai': 'xai',
  grok: 'xai',
  cohere_ai: 'cohere',
  meta_llama: 'meta',
  ibm: 'ibm',
  'ibm.watsonx.ai': 'ibm',
  perplexity: 'perplexity',
}

/**
 * Lower-cases, maps known aliases, else cuts at the first `.` (AI SDK's `openai.chat`,
 * `anthropic.messages`). Empty or non-string input gives null.
 *
 * @example normalizeProvider('OpenAI') // 'openai'
 * @example normalizeProvider('anthropic.messages') // 'anthropic'
 * @example normalizeProvider('gcp.gemini') // 'google'
 */
export function normalizeProvider(raw: unknown): string | null {
  if (typeof raw !== 'string') return null
  const known = memo.get(raw)
  if (known !== undefined) return known
  // Values come from senders: bound the memo so odd values cannot grow it without limit.
  if (memo.size >= 1000) memo.clear()
  const provider = normalizeUncached(raw)
  memo.set(raw, provider)
  return provider
}

const memo = new Map<string, string | null>()

function normalizeUncached(raw: string): string | null {
  const lower = raw.trim().toLowerCase()
  if (lower === '') return null
  const alias = aliases[lower]
  if (alias !== undefined && Object.hasOwn(aliases, lower)) return alias
  const dot = lower.indexOf('.')
  const head = dot > 0 ? lower.slice(0, dot) : lower
  if (head === '') return null
  return Object.hasOwn(aliases, head) ? (aliases[head] ?? head) : head
}

/**
 * The provider a model name obviously belongs to, or null. Used only when the span names no
 * provider (OpenInference with a custom base URL, Langfuse).
 *
 * @example providerFromModel('gpt-4o-mini-2024-07-18') // 'openai'
 */
export function providerFromModel(model: string | null): string | null {
  if (model === null) return null
  const m = model.toLowerCase()
  // Vendor-prefixed ids such as `openai/gpt-4o` (OpenRouter style).
  const slash = m.indexOf('/')
  if (slash > 0) {
    const vendor = normalizeProvider(m.slice(0, slash))
    if (vendor !== null && knownVendors.has(vendor)) return vendor
  }
  if (
    m.startsWith('gpt-') ||
    m.startsWith('o1') ||
    m.startsWith('o3') ||
    m.startsWith('o4') ||
    m.startsWith('text-embedding') ||
    m.startsWith('chatgpt') ||
    m.startsWith('davinci') ||
    m.startsWith('babbage') ||
    m.startsWith('dall-e') ||
    m.startsWith('whisper') ||
    m.startsWith('tts-')
  ) {
    return 'openai'
  }
  if (m.startsWith('claude')) return 'anthropic'
  if (m.startsWith('gemini') || m.startsWith('gemma') || m.startsWith('text-bison')) return 'google'
  if (
    m.startsWith('mistral') ||
    m.startsWith('mixtral') ||
    m.startsWith('codestral') ||
    m.startsWith('ministral') ||
    m.startsWith('pixtral') ||
    m.startsWith('magistral')
  ) {
    return 'mistral'
  }
  if (
    m.startsWith('command') ||
    m.startsWith('embed-english') ||
    m.startsWith('embed-multilingual')
  ) {
    return 'cohere'
  }
  if (m.startsWith('llama') || m.startsWith('meta-llama')) return 'meta'
  if (m.startsWith('deepseek')) return 'deepseek'
  if (m.startsWith('grok')) return 'xai'
  return null
}

const knownVendors = new Set([
  'openai',
  'anthropic',
  'google',
  'mistral',
  'cohere',
  'meta',
  'deepseek',
  'xai',
])
