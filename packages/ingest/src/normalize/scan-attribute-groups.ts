import { setOwn } from '../otlp/otlp-values.js'
import { toMetadataString } from './read-attribute.js'

/** A tree built from flattened keys: `0.role` → `{ '0': { role } }` (null-prototype objects). */
export type FlatTree = Record<string, unknown>

/**
 * The attribute families that are spread over many keys, collected in one pass over a span's
 * attributes (mapping doc 4e–4g): indexed messages (`gen_ai.prompt.{i}.*`,
 * `llm.input_messages.{i}.*`, …), indexed tool definitions, and prefixed metadata.
 */
export interface AttributeGroups {
  /** OpenLLMetry legacy (and Python OpenLLMetry) `gen_ai.prompt.{i}.*`. */
  legacyPrompt: FlatTree | null
  /** `gen_ai.completion.{i}.*`. */
  legacyCompletion: FlatTree | null
  /** OpenInference `llm.input_messages.{i}.*`. */
  oiInput: FlatTree | null
  /** OpenInference `llm.output_messages.{i}.*`. */
  oiOutput: FlatTree | null
  /** OpenInference `llm.tools.{i}.tool.json_schema`. */
  oiTools: FlatTree | null
  /** OpenLLMetry legacy `llm.request.functions.{i}.name/description/arguments`. */
  legacyFunctions: FlatTree | null
  /** `traceloop.association.properties.*`, `langfuse.{trace,observation}.metadata.*`, `ai.telemetry.metadata.*`, `ai.settings.context.*` by their last key part. */
  metadata: Record<string, string> | null
}

const g = 103 // 'g'
const l = 108 // 'l'
const t = 116 // 't'
const a = 97 // 'a'

/**
 * Scans the keys once. Cheap when a span has none of these families: one char comparison per
 * key for most keys. Returns null groups for families that are absent.
 */
export function scanAttributeGroups(attrs: Record<string, unknown>): AttributeGroups {
  const out: AttributeGroups = {
    legacyPrompt: null,
    legacyCompletion: null,
    oiInput: null,
    oiOutput: null,
    oiTools: null,
    legacyFunctions: null,
    metadata: null,
  }
  for (const key in attrs) {
    const c = key.charCodeAt(0)
    if (c === g) {
      if (key.startsWith('gen_ai.prompt.')) {
        out.legacyPrompt = setPath(out.legacyPrompt, key, 14, attrs[key])
      } else if (key.startsWith('gen_ai.completion.')) {
        out.legacyCompletion = setPath(out.legacyCompletion, key, 18, attrs[key])
      }
    } else if (c === l) {
      if (key.startsWith('llm.input_messages.')) {
        out.oiInput = setPath(out.oiInput, key, 19, attrs[key])
      } else if (key.startsWith('llm.output_messages.')) {
        out.oiOutput = setPath(out.oiOutput, key, 20, attrs[key])
      } else if (key.startsWith('llm.tools.')) {
        out.oiTools = setPath(out.oiTools, key, 10, attrs[key])
      } else if (key.startsWith('llm.request.functions.')) {
        out.legacyFunctions = setPath(out.legacyFunctions, key, 22, attrs[key])
      } else if (key.startsWith('langfuse.trace.metadata.')) {
        out.metadata = addMetadata(out.metadata, key.slice(24), attrs[key])
      } else if (key.startsWith('langfuse.observation.metadata.')) {
        out.metadata = addMetadata(out.metadata, key.slice(30), attrs[key])
      }
    } else if (c === t) {
      if (key.startsWith('traceloop.association.properties.')) {
        const k = key.slice(33)
        if (k !== 'user_id' && k !== 'session_id')
          out.metadata = addMetadata(out.metadata, k, attrs[key])
      }
    } else if (c === a) {
      if (key.startsWith('ai.telemetry.metadata.')) {
        out.metadata = addMetadata(out.metadata, key.slice(22), attrs[key])
      } else if (key.startsWith('ai.settings.context.')) {
        const k = key.slice(20)
        if (k !== 'userId' && k !== 'sessionId')
          out.metadata = addMetadata(out.metadata, k, attrs[key])
      }
    }
  }
  return out
}

/** The entries of a tree level whose keys are indexes, in index order. */
export function indexedEntries(tree: FlatTree | null): unknown[] {
  if (tree === null) return []
  const keys: number[] = []
  for (const k in tree) {
    const n = Number(k)
    if (Number.isInteger(n) && n >= 0) keys.push(n)
  }
  keys.sort((x, y) => x - y)
  return keys.map((k) => tree[String(k)])
}

function addMetadata(
  metadata: Record<string, string> | null,
  key: string,
  value: unknown,
): Record<string, string> {
  const out = metadata ?? {}
  if (key !== '') setOwn(out, key, toMetadataString(value))
  return out
}

/**
 * Inserts `value` at the dotted path found in `key` after `offset`. A path that would descend
 * into an existing leaf is dropped: the leaf came first and senders do not mix both.
 */
function setPath(tree: FlatTree | null, key: string, offset: number, value: unknown): FlatTree {
  const root: FlatTree = tree ?? Object.create(null)
  let node = root
  let start = offset
  for (;;) {
    const dot = key.indexOf('.', start)
    const segment = dot === -1 ? key.slice(start) : key.slice(start, dot)
    if (dot === -1) {
      node[segment] = value
      return root
    }
    let next = node[segment]
    if (next === undefined) {
      next = Object.create(null)
      node[segment] = next
    } else if (typeof next !== 'object' || next === null || Object.getPrototypeOf(next) !== null) {
      return root
    }
    node = next as FlatTree
    start = dot + 1
  }
}
