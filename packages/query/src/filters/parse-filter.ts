import { alwaysTrue, and, or, type Condition } from '../query-tree.js'
import type { SemanticView } from '../semantic-view.js'
import { buildFilterCondition } from './build-filter-condition.js'
import { FieldErrorCollector } from './field-error-collector.js'

export interface ParseFilterOptions {
  /** The clock for relative times (`now-1h`) in values, in epoch ms. Default `Date.now()`. */
  readonly nowMs?: number
  /** The path of the input in the request, prefixed to error fields. Default `filters`. */
  readonly path?: string
  /** Deepest nesting of groups (the outermost group is depth 1). Default 8. */
  readonly maxDepth?: number
  /** Most conditions (leaves) in the whole tree. Default 100. */
  readonly maxConditions?: number
}

const leafKeys = new Set(['field', 'operator', 'value'])
const groupKeys = new Set(['operator', 'conditions'])

/**
 * Parses a filter of the filter language (seed 002) against a view into a condition tree.
 * User input only ever becomes `param` values, and fields only the view's declared expressions.
 *
 * Shape:
 * - a condition `{ field, operator, value }`, a group `{ operator: 'AND' | 'OR', conditions:
 *   [...] }` (operator defaults to AND), or an array (an AND); null/absent is no filter. Groups
 *   nest up to `maxDepth` (8), with up to `maxConditions` (100) conditions and as many groups
 *   in all. An empty group is no filter (not "nothing matches"), what a UI with no filter rows
 *   sends.
 * - fields: a dimension of the view; `attributes.<key>`, `metadata.<key>`, `resource.<key>`
 *   (the view's JSON maps; the key is all after the first dot); `tags`.
 * - operators (case-insensitive), by field type:
 *   string: eq, ne, in, not_in, contains, not_contains, starts_with, ends_with, regex, and
 *   search when searchable; number: eq, ne, gt, gte, lt, lte, in, not_in; boolean: eq, ne;
 *   timestamp: eq, ne, gt, gte, lt, lte; JSON values: all but search; tags: eq/contains (has
 *   the tag), in (has any), ne/not_in (has none).
 * - `search`: the field absent, `q` or `*` means every searchable field; every word (or
 *   "quoted phrase") must occur case-insensitively in one of them.
 *
 * Values:
 * - numbers: JSON numbers or plain decimal strings (`"0.01"`), since query strings and form
 *   inputs carry text; anything else (`"abc"`, `""`, `"0x1"`, `Infinity`) is an error.
 * - booleans: true/false or "true"/"false". Timestamps: ISO-8601, epoch ms, or relative
 *   (`now-1h`, from `nowMs`). Text: strings up to 4096 characters, non-empty for substring
 *   tests. Lists: non-empty arrays of up to 1000 values of the field's type.
 * - `null` with eq/ne tests for a missing value (`IS NULL` / `IS NOT NULL`).
 * - regex: RE2 syntax (what DuckDB and ClickHouse run, in linear time), checked here.
 *
 * Semantics:
 * - `contains`, `not_contains`, `starts_with`, `ends_with` and `search` ignore (ASCII) case;
 *   `eq`, `in` and `regex` do not (use `(?i)` in a regex).
 * - `ne`, `not_in`, `not_contains` and tag `ne`/`not_in` also match rows where the field is
 *   null, as Langfuse and Datadog do: "model is not gpt-4o" includes spans without a model.
 *   Range operators never match nulls.
 *
 * Errors: one `ObservatoryError` (400 `validation_error`, code `ERR_QUERY_UNKNOWN_FIELD` or
 * `ERR_QUERY_INVALID_FILTER` after the first problem) whose `fieldErrors` list every problem
 * (up to 20) with its path, e.g. `filters.conditions[1].value`.
 *
 * @example
 * parseFilter(spansView, {
 *   operator: 'AND',
 *   conditions: [
 *     { field: 'model', operator: 'eq', value: 'gpt-4o' },
 *     { field: 'metadata.customer_tier', operator: 'in', value: ['gold', 'silver'] },
 *   ],
 * })
 * // and(compare('eq', <model expr>, param('gpt-4o', 'string')),
 * //     inList(json(col('metadata'), 'customer_tier'), param(['gold', 'silver'], 'string[]')))
 */
export function parseFilter(
  view: SemanticView,
  input: unknown,
  options: ParseFilterOptions = {},
): Condition {
  const walker = new FilterWalker(view, {
    nowMs: options.nowMs ?? Date.now(),
    maxDepth: options.maxDepth ?? 8,
    maxConditions: options.maxConditions ?? 100,
  })
  const condition = walker.walk(input, options.path ?? 'filters', 0)
  walker.errors.throwIfAny()
  return condition ?? alwaysTrue
}

class FilterWalker {
  readonly errors = new FieldErrorCollector()
  readonly #view: SemanticView
  readonly #limits: { nowMs: number; maxDepth: number; maxConditions: number }
  #leaves = 0
  #groups = 0

  constructor(
    view: SemanticView,
    limits: { nowMs: number; maxDepth: number; maxConditions: number },
  ) {
    this.#view = view
    this.#limits = limits
  }

  /** `depth` counts the groups around `node`. Null means "nothing to add" or an error. */
  walk(node: unknown, path: string, depth: number): Condition | null {
    if (this.errors.isFull) return null
    if (node === undefined || node === null) {
      if (depth === 0) return null
      return this.#fail(path, 'give a condition or a group, not null')
    }
    if (Array.isArray(node)) return this.#walkGroup('AND', node, path, path, depth)
    if (typeof node !== 'object') {
      return this.#fail(
        path,
        'give a condition {field, operator, value} or a group {operator, conditions}',
      )
    }
    const record = node as Record<string, unknown>
    if (Object.hasOwn(record, 'conditions')) return this.#walkGroupObject(record, path, depth)
    return this.#walkLeaf(record, path)
  }

  #walkGroupObject(record: Record<string, unknown>, path: string, depth: number): Condition | null {
    const extra = Object.keys(record).find((key) => !groupKeys.has(key))
    if (extra !== undefined) {
      return this.#fail(`${path}.${extra.slice(0, 64)}`, 'a group has only operator and conditions')
    }
    const operator = record['operator'] ?? 'AND'
    const name = typeof operator === 'string' ? operator.toUpperCase() : undefined
    if (name !== 'AND' && name !== 'OR') {
      return this.#fail(`${path}.operator`, 'a group operator is AND or OR')
    }
    const conditions = record['conditions']
    if (!Array.isArray(conditions)) {
      return this.#fail(`${path}.conditions`, 'give an array of conditions')
    }
    return this.#walkGroup(name, conditions, path, `${path}.conditions`, depth)
  }

  #walkGroup(
    operator: 'AND' | 'OR',
    items: readonly unknown[],
    path: string,
    itemsPath: string,
    depth: number,
  ): Condition | null {
    if (depth + 1 > this.#limits.maxDepth) {
      return this.#fail(path, `groups may nest at most ${this.#limits.maxDepth} deep`)
    }
    // Empty groups hold no condition, so they get their own cap: a body of a million `[]`
    // must not cost a million steps.
    if (++this.#groups > this.#limits.maxConditions) {
      return this.#fail(path, `a filter may hold at most ${this.#limits.maxConditions} groups`)
    }
    const children: Condition[] = []
    for (let i = 0; i < items.length && !this.errors.isFull; i++) {
      // Below the top, walk returns null only after recording an error.
      const child = this.walk(items[i], `${itemsPath}[${i}]`, depth + 1)
      if (child !== null) children.push(child)
      if (this.#leaves > this.#limits.maxConditions || this.#groups > this.#limits.maxConditions)
        break
    }
    if (this.errors.hasErrors) return null
    // An OR with an always-true branch is always true; an empty group is no filter.
    if (children.length === 0 || (operator === 'OR' && children.some((c) => c.kind === 'true'))) {
      return alwaysTrue
    }
    return operator === 'AND' ? and(...children) : or(...children)
  }

  #walkLeaf(record: Record<string, unknown>, path: string): Condition | null {
    this.#leaves++
    if (this.#leaves > this.#limits.maxConditions) {
      if (this.#leaves === this.#limits.maxConditions + 1) {
        this.#fail(path, `a filter may hold at most ${this.#limits.maxConditions} conditions`)
      }
      return null
    }
    const extra = Object.keys(record).find((key) => !leafKeys.has(key))
    if (extra !== undefined) {
      return this.#fail(
        `${path}.${extra.slice(0, 64)}`,
        'a condition has only field, operator and value (a group has operator and conditions)',
      )
    }
    return buildFilterCondition(this.#view, record, {
      errors: this.errors,
      nowMs: this.#limits.nowMs,
      at: (part) => `${path}.${part}`,
    })
  }

  #fail(path: string, message: string): null {
    this.errors.add('ERR_QUERY_INVALID_FILTER', path, message)
    return null
  }
}
