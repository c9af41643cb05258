import type { Condition, Expr, Source, ValueType } from './query-tree.js'

/** The project and the bounded time range every query runs in (the planner injects both). */
export interface QueryScope {
  readonly projectId: string
  /** Inclusive, microseconds since the epoch (UTC). */
  readonly fromUs: number
  /** Exclusive. */
  readonly toUs: number
}

/** A field users may filter, group or sort by, under its public (API) name. */
export interface Dimension {
  readonly expr: Expr
  readonly type: ValueType
  readonly description: string
  /** Text fields that `search` (full text) looks into. */
  readonly searchable?: boolean
}

/** An aggregate over the view's rows, under its public metric name (DESIGN.md metric names). */
export interface Measure {
  readonly expr: Expr
  readonly description: string
}

/**
 * A semantic view: one kind of record (spans, traces, logs, metric points, events, scores) as
 * users see it, declared as tree expressions over the stored tables. The planner and the
 * filter language accept only the names declared here, so they are the allow-list of what
 * user input can name.
 */
export interface SemanticView {
  readonly name: 'spans' | 'traces' | 'logs' | 'metric_points' | 'events' | 'scores'
  readonly dimensions: Readonly<Record<string, Dimension>>
  readonly measures: Readonly<Record<string, Measure>>
  /** The dimension holding the record's time (what time ranges and buckets use). */
  readonly timeDimension: string
  /**
   * JSON-text map columns addressable by key in filters and group-bys, by prefix:
   * `attributes.gen_ai.system` → `{ attributes: col('attributes') }`.
   */
  readonly jsonMaps: Readonly<Record<string, Expr>>
  /** How `tags` filters test membership, when the view has tags. */
  readonly tags?: { readonly kind: 'json_list' | 'list'; readonly expr: Expr }
  /**
   * The rows of the view inside the scope: the source to select from and the condition that
   * scopes it. The planner calls this and nothing else reaches the tables, so no query can
   * leave its project or its time range.
   */
  scoped(scope: QueryScope): { readonly from: Source; readonly where: Condition }
}
