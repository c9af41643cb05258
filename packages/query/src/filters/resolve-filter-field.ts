import type { ColumnRef } from '../query-tree.js'
import type { Dimension, SemanticView } from '../semantic-view.js'

/** Longest JSON key a filter may name; OTel attribute keys are far shorter. */
const maxKeyLength = 256
/** Longest field name echoed back in an error message. */
const maxEchoLength = 64

/** A filter field resolved against a view's allow-lists. */
export type FilterField =
  | { readonly kind: 'dimension'; readonly name: string; readonly dimension: Dimension }
  | {
      readonly kind: 'json'
      readonly name: string
      readonly column: ColumnRef
      readonly key: string
    }
  | {
      readonly kind: 'tags'
      readonly name: 'tags'
      readonly tags: NonNullable<SemanticView['tags']>
    }

/** Why a name did not resolve: a message for the caller, saying what to send instead. */
export interface UnknownField {
  readonly kind: 'unknown'
  readonly message: string
}

/**
 * Resolves a public field name: `tags` (when the view has tags), a dimension name, or
 * `<prefix>.<key>` for a JSON map of the view (`attributes.gen_ai.system`: the key is all
 * after the first dot, since our maps are flat with dotted OTel keys). Own properties only, so
 * `constructor` or `__proto__` never resolve to something of Object's prototype.
 *
 * @example resolveFilterField(spansView, 'metadata.customer_tier') // { kind: 'json', key: 'customer_tier', … }
 */
export function resolveFilterField(view: SemanticView, name: string): FilterField | UnknownField {
  if (name === 'tags' && view.tags !== undefined) return { kind: 'tags', name, tags: view.tags }
  if (Object.hasOwn(view.dimensions, name)) {
    return { kind: 'dimension', name, dimension: view.dimensions[name]! }
  }
  const dot = name.indexOf('.')
  if (dot > 0) {
    const prefix = name.slice(0, dot)
    const key = name.slice(dot + 1)
    if (Object.hasOwn(view.jsonMaps, prefix)) {
      if (key === '') return unknown(`give a key after ${prefix}. (e.g. ${prefix}.customer_tier)`)
      if (key.length > maxKeyLength) {
        return unknown(`a ${prefix} key may be at most ${maxKeyLength} characters`)
      }
      const column = view.jsonMaps[prefix]!
      if (column.kind !== 'column') {
        throw new TypeError(`view ${view.name}: jsonMaps.${prefix} must be a column`)
      }
      return { kind: 'json', name, column, key }
    }
  }
  return unknown(describeUnknownField(view, name))
}

/**
 * The message for a name that is no field of the view: the closest valid names first, then a
 * few others, then the JSON map prefixes and tags.
 */
export function describeUnknownField(view: SemanticView, name: string): string {
  const dimensions = Object.keys(view.dimensions)
  const patterns = [
    ...Object.keys(view.jsonMaps).map((prefix) => `${prefix}.<key>`),
    ...(view.tags !== undefined ? ['tags'] : []),
  ]
  const close = closestNames(name, dimensions, 3)
  const others = dimensions.filter((d) => !close.includes(d)).slice(0, 8 - close.length)
  const echoed = name.length > maxEchoLength ? `${name.slice(0, maxEchoLength)}…` : name
  const head = `unknown field "${echoed}" for ${view.name}`
  const suggestion = close.length > 0 ? `; did you mean ${close.join(', ')}?` : ''
  const listed = [...close, ...others, ...patterns]
  const rest = dimensions.length - close.length - others.length
  return `${head}${suggestion} Fields include ${listed.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`
}

function closestNames(name: string, candidates: readonly string[], limit: number): string[] {
  const target = name.toLowerCase().slice(0, maxEchoLength)
  const budget = Math.max(2, Math.floor(target.length / 3))
  return candidates
    .map((candidate) => {
      const lower = candidate.toLowerCase()
      // `cost` should suggest `cost_usd` even though the edit distance is large.
      const isPart = target.length >= 3 && (lower.includes(target) || target.includes(lower))
      return { candidate, distance: isPart ? 1 : editDistance(target, lower) }
    })
    .filter((c) => c.distance <= budget)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((c) => c.candidate)
}

/** Levenshtein distance; inputs are short names, so the quadratic table is fine. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution))
    }
    previous = current
  }
  return previous[b.length]!
}

function unknown(message: string): UnknownField {
  return { kind: 'unknown', message }
}
