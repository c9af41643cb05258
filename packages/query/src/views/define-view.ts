import type { Condition, Expr, Source, ValueType } from '../query-tree.js'
import { and, col, gte, lt, eq, param, table } from '../query-tree.js'
import type { Dimension, Measure, QueryScope, SemanticView } from '../semantic-view.js'

/** Public field names are SQL aliases too, so they keep to one plain character set. */
const fieldName = /^[a-z][a-z0-9_]*$/

/**
 * Freezes a view after checking its names (dimension, measure and JSON-map prefixes are
 * lower snake_case, a prefix is no dimension name). Throws on a malformed view: views are
 * code, so this fails at import.
 * @example
 * export const scoresView = defineView({ name: 'scores', dimensions, measures, timeDimension: 'timestamp', jsonMaps: {}, scoped })
 */
export function defineView(view: SemanticView): SemanticView {
  const names = [
    ...Object.keys(view.dimensions),
    ...Object.keys(view.measures),
    ...Object.keys(view.jsonMaps),
  ]
  for (const name of names)
    if (!fieldName.test(name)) throw new Error(`view ${view.name}: bad field name ${name}`)
  for (const prefix of Object.keys(view.jsonMaps))
    if (prefix in view.dimensions)
      throw new Error(`view ${view.name}: ${prefix} is both a dimension and a JSON map`)
  if (!(view.timeDimension in view.dimensions))
    throw new Error(`view ${view.name}: no time dimension ${view.timeDimension}`)
  return Object.freeze({
    ...view,
    dimensions: Object.freeze({ ...view.dimensions }),
    measures: Object.freeze({ ...view.measures }),
    jsonMaps: Object.freeze({ ...view.jsonMaps }),
  })
}

export function dimension(
  expr: Expr,
  type: ValueType,
  description: string,
  options: { searchable?: boolean } = {},
): Dimension {
  return Object.freeze({ expr, type, description, ...options })
}

/** A dimension reading one column of the view's source. */
export const stringDimension = (column: string, description: string): Dimension =>
  dimension(col(column), 'string', description)
export const numberDimension = (column: string, description: string): Dimension =>
  dimension(col(column), 'number', description)
export const timestampDimension = (column: string, description: string): Dimension =>
  dimension(col(column), 'timestamp', description)

export function measure(expr: Expr, description: string): Measure {
  return Object.freeze({ expr, description })
}

/** The project and time-range condition on a table's own columns. */
export function scopeCondition(
  scope: QueryScope,
  timeColumn: string,
  range: { fromUs: number; toUs: number } = scope,
): Condition {
  return and(
    eq(col('project_id'), param(scope.projectId, 'string')),
    gte(col(timeColumn), param(range.fromUs, 'timestamp')),
    lt(col(timeColumn), param(range.toUs, 'timestamp')),
  )
}

/** `scoped()` of a view that reads one table directly. */
export function scopeTable(
  name: string,
  timeColumn: string,
): (scope: QueryScope) => { from: Source; where: Condition } {
  return (scope) => ({ from: table(name), where: scopeCondition(scope, timeColumn) })
}
