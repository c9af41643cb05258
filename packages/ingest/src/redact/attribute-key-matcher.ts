/**
 * Attribute keys that carry prompt, completion, tool or error text in the instrumentation stacks
 * of `shared/otel-genai-mapping.md` (section 4e–4f): the normalizer copies their content into
 * `inputMessages` / `outputMessages`, and the raw attributes are stored too, so both are
 * redacted. A trailing `*` matches any key with that prefix.
 */
export const defaultRedactionAttributeKeys: readonly string[] = [
  // GenAI semconv ≥1.37 (OTel contrib Responses logs, Traceloop, AI SDK 7, OpenLIT, Anthropic).
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.tool.call.arguments',
  'gen_ai.tool.call.result',
  'gen_ai.tool.args',
  // Legacy OpenLLMetry indexed keys, and the old `gen_ai.content.*` event attributes.
  'gen_ai.prompt',
  'gen_ai.prompt.*',
  'gen_ai.completion',
  'gen_ai.completion.*',
  // OpenInference.
  'input.value',
  'output.value',
  'llm.input_messages.*',
  'llm.output_messages.*',
  'llm.invocation_parameters',
  'llm.prompt_template.variables',
  'embedding.embeddings.*',
  'retrieval.documents.*',
  // Vercel AI SDK `ai.*`.
  'ai.prompt',
  'ai.prompt.*',
  'ai.response.text',
  'ai.response.object',
  'ai.response.toolCalls',
  'ai.response.reasoning',
  'ai.toolCall.args',
  'ai.toolCall.result',
  'ai.value',
  'ai.values',
  // Langfuse.
  'langfuse.observation.input',
  'langfuse.observation.output',
  'langfuse.observation.metadata.instructions',
  'langfuse.observation.status_message',
  'langfuse.trace.input',
  'langfuse.trace.output',
  // Traceloop workflow and tool spans.
  'traceloop.entity.input',
  'traceloop.entity.output',
  // Exception events repeat the span's error message.
  'exception.message',
]

/** Most keys seen per matcher before the memo is cleared (keys repeat across spans). */
const maxMemoKeys = 10_000

/**
 * Decides whether an attribute key is one to redact: exact keys and `prefix*` patterns. Answers
 * are memoized per key, since the same few dozen keys come in every span.
 *
 * @example new AttributeKeyMatcher(['input.value', 'llm.input_messages.*']).matches('llm.input_messages.0.message.content') // true
 */
export class AttributeKeyMatcher {
  readonly #exact: ReadonlySet<string>
  readonly #prefixes: readonly string[]
  readonly #memo = new Map<string, boolean>()

  constructor(patterns: readonly string[]) {
    const exact = new Set<string>()
    const prefixes: string[] = []
    for (const p of patterns) {
      if (p.endsWith('*')) prefixes.push(p.slice(0, -1))
      else exact.add(p)
    }
    this.#exact = exact
    this.#prefixes = prefixes
  }

  matches(key: string): boolean {
    let hit = this.#memo.get(key)
    if (hit !== undefined) return hit
    hit = this.#exact.has(key) || this.#prefixes.some((p) => key.startsWith(p))
    if (this.#memo.size >= maxMemoKeys) this.#memo.clear()
    this.#memo.set(key, hit)
    return hit
  }
}
