import type {
  AggregateFunction,
  BucketInterval,
  Condition,
  Expr,
  OrderItem,
  ParamType,
  ParamValue,
  Quantile,
  ScalarFunction,
  SelectQuery,
  Source,
  TextMatch,
} from '../query-tree.js'

/** SQL text plus the values it binds, in placeholder order (`$1`… / `{p1:…}`…). */
export interface CompiledQuery {
  readonly sql: string
  readonly params: readonly ParamValue[]
}

/**
 * Column aliases are written into SQL text, so they are held to a character set that needs no
 * escaping in any dialect. Views and the planner only produce names from this set.
 */
const safeAlias = /^[A-Za-z_][A-Za-z0-9_.:/-]{0,127}$/

/** Whether `name` may be a column alias (letters, digits, `_ . : / -`, at most 128). */
export function isSafeColumnAlias(name: string): boolean {
  return safeAlias.test(name)
}

/** Largest bucket count accepted in an interval (a year of minutes is 525,600). */
const maxBucketCount = 1_000_000

/**
 * The one walk from a query tree to SQL text. Everything common (clause order, logic,
 * comparisons, CASE, arithmetic, positional GROUP BY / ORDER BY, parameter collection) lives
 * here; a dialect overrides the small hooks below, each of which receives already-compiled SQL
 * of its operands. An instance compiles one query (it collects that query's parameters).
 *
 * Invariants every dialect keeps: no value from the tree becomes SQL text except numbers and
 * booleans (strings, even fixed ones, are bound); division by zero yields NULL; aggregates over
 * no rows yield NULL (except counts, which yield 0); `in` / `not_in` / text tests on NULL are
 * NULL (the row does not match either way).
 */
export abstract class SqlCompiler {
  readonly #params: ParamValue[] = []
  #used = false

  /** Compiles `query`; call once per instance. */
  compile(query: SelectQuery): CompiledQuery {
    if (this.#used) throw new Error('a SqlCompiler instance compiles one query')
    this.#used = true
    const sql = this.#select(query) + this.querySuffix()
    return { sql, params: Object.freeze([...this.#params]) }
  }

  // ---- dialect hooks -------------------------------------------------------------------------

  protected abstract quoteIdentifier(name: string): string
  /** The placeholder of the `index`-th (1-based) parameter. */
  protected abstract placeholder(index: number, type: ParamType, isNull: boolean): string
  /** A timestamp from an integer microseconds placeholder. */
  protected abstract timestampFromMicros(placeholder: string): string
  protected abstract timeBucket(arg: string, interval: BucketInterval): string
  /**
   * An aggregate call. `args` is empty for `count(*)`; `arg_min`/`arg_max`/`arg_max_any` get
   * `[value, orderBy]`; `filter` restricts the rows (already including the non-null rule of arg_min).
   */
  protected abstract aggregate(
    fn: AggregateFunction,
    args: readonly string[],
    filter: string | null,
  ): string
  protected abstract quantile(q: string, arg: string, filter: string | null): string
  /**
   * The `index`-th (0-based) of several quantiles of one argument and filter in one select,
   * written so the engine computes them in one aggregate: the same call text for every index
   * (engines compute identical aggregate expressions once), one sort instead of one per level.
   */
  protected abstract quantileOfList(
    qs: readonly string[],
    index: number,
    arg: string,
    filter: string | null,
  ): string
  protected abstract scalar(fn: ScalarFunction, args: readonly string[]): string
  protected abstract textMatch(
    mode: TextMatch['mode'],
    left: string,
    pattern: string,
    caseInsensitive: boolean,
  ): string
  protected abstract regexMatch(left: string, pattern: string): string
  /** The value at top-level `key` of a JSON-text column; binds the key itself (`bind`). */
  protected abstract jsonValue(column: string, key: string, as: 'string' | 'number'): string
  protected abstract jsonListHas(column: string, value: string): string
  protected abstract listHas(list: string, value: string): string
  /** `left` in the array bound at `list`; NULL when `left` is NULL. */
  protected abstract inList(left: string, list: string, negated: boolean): string
  /**
   * `left [NOT] IN (query)`, `query` selecting the one column `column` (quoted). NULLs the
   * query returns are no members, and a NULL `left` matches neither way, even when the query
   * returns no rows. `left` may be repeated in the text: its placeholders are then reused, not
   * bound again.
   */
  protected abstract inQuery(left: string, query: string, column: string, negated: boolean): string
  /**
   * A set-returning call in a select list giving one row per distinct element of a tag list
   * (`listKind` says how the list is stored), and one NULL row for an empty or NULL list.
   */
  protected abstract listElements(list: string, listKind: 'json_list' | 'list'): string
  /** A condition used as a value (select list). */
  protected conditionValue(condition: string): string {
    return condition
  }
  /** Text after the whole statement (ClickHouse `SETTINGS`). */
  protected querySuffix(): string {
    return ''
  }

  /** Binds a value and returns its placeholder (a timestamp expression for `timestamp`). */
  protected bind(value: ParamValue, type: ParamType): string {
    const bound = type === 'timestamp' && typeof value === 'number' ? Math.trunc(value) : value
    this.#params.push(bound)
    const placeholder = this.placeholder(this.#params.length, type, value === null)
    return type === 'timestamp' ? this.timestampFromMicros(placeholder) : placeholder
  }

  // ---- the walk ------------------------------------------------------------------------------

  /** Per select being compiled: quantile levels that share an argument and a filter. */
  #quantileGroups: Map<string, QuantileGroup>[] = []

  #select(query: SelectQuery): string {
    this.#quantileGroups.push(groupQuantiles(query))
    try {
      return this.#selectBody(query)
    } finally {
      this.#quantileGroups.pop()
    }
  }

  #selectBody(query: SelectQuery): string {
    const columns = query.columns.map((column) => {
      if (!safeAlias.test(column.alias)) throw new Error(`unsafe column alias: ${column.alias}`)
      return `${this.#expr(column.expr)} AS ${this.quoteIdentifier(column.alias)}`
    })
    let sql = `SELECT ${columns.join(', ')} FROM ${this.#source(query.from)}`
    if (query.where !== undefined && query.where.kind !== 'true')
      sql += ` WHERE ${this.#condition(query.where)}`
    // Positions, not repeated expressions: an expression with parameters would bind a second
    // placeholder and no longer match its select-list twin (DuckDB then rejects the query),
    // and aliases resolve differently per engine when they shadow a column.
    const position = (expr: Expr): string | null => {
      const key = JSON.stringify(expr)
      const index = query.columns.findIndex((column) => JSON.stringify(column.expr) === key)
      return index < 0 ? null : String(index + 1)
    }
    if (query.groupBy !== undefined && query.groupBy.length > 0)
      sql += ` GROUP BY ${query.groupBy.map((e) => position(e) ?? this.#expr(e)).join(', ')}`
    if (query.having !== undefined && query.having.kind !== 'true')
      sql += ` HAVING ${this.#condition(query.having)}`
    if (query.orderBy !== undefined && query.orderBy.length > 0)
      sql += ` ORDER BY ${query.orderBy.map((item) => this.#orderItem(item, position)).join(', ')}`
    if (query.limit !== undefined) sql += ` LIMIT ${count(query.limit, 'limit')}`
    if (query.offset !== undefined) sql += ` OFFSET ${count(query.offset, 'offset')}`
    return sql
  }

  #orderItem(item: OrderItem, position: (expr: Expr) => string | null): string {
    let sql = `${position(item.expr) ?? this.#expr(item.expr)} ${item.direction === 'asc' ? 'ASC' : 'DESC'}`
    if (item.nulls !== undefined) sql += item.nulls === 'first' ? ' NULLS FIRST' : ' NULLS LAST'
    return sql
  }

  #source(source: Source): string {
    if (source.kind === 'table') {
      const name = this.quoteIdentifier(source.name)
      return source.alias === undefined ? name : `${name} AS ${this.quoteIdentifier(source.alias)}`
    }
    if (source.kind === 'subquery')
      return `(${this.#select(source.query)}) AS ${this.quoteIdentifier(source.alias)}`
    if (!safeAlias.test(source.element)) throw new Error(`unsafe column alias: ${source.element}`)
    const element = this.listElements(this.#expr(source.list), source.listKind)
    let sql = `SELECT *, ${element} AS ${this.quoteIdentifier(source.element)} FROM ${this.#source(source.source)}`
    if (source.where.kind !== 'true') sql += ` WHERE ${this.#condition(source.where)}`
    return `(${sql}) AS ${this.quoteIdentifier(source.alias)}`
  }

  #expr(expr: Expr): string {
    switch (expr.kind) {
      case 'column':
        return expr.table === undefined
          ? this.quoteIdentifier(expr.name)
          : `${this.quoteIdentifier(expr.table)}.${this.quoteIdentifier(expr.name)}`
      case 'param':
        return this.bind(expr.value, expr.type)
      case 'literal':
        return this.#literal(expr.value)
      case 'json':
        return this.jsonValue(this.#expr(expr.column), expr.key, expr.as)
      case 'call':
        return this.scalar(
          expr.fn,
          expr.args.map((arg) => this.#expr(arg)),
        )
      case 'arith': {
        const left = this.#expr(expr.left)
        const right = this.#expr(expr.right)
        if (expr.op !== '/') return `(${left} ${expr.op} ${right})`
        const isNonZeroLiteral =
          expr.right.kind === 'literal' &&
          typeof expr.right.value === 'number' &&
          expr.right.value !== 0
        return isNonZeroLiteral ? `(${left} / ${right})` : `(${left} / nullif(${right}, 0))`
      }
      case 'aggregate': {
        const args: string[] = []
        if (expr.arg !== undefined) args.push(this.#expr(expr.arg))
        if (expr.fn === 'arg_min' || expr.fn === 'arg_max' || expr.fn === 'arg_max_any') {
          if (expr.arg === undefined || expr.orderBy === undefined)
            throw new Error(`${expr.fn} needs an argument and an orderBy`)
          args.push(this.#expr(expr.orderBy))
        } else if (expr.arg === undefined && expr.fn !== 'count') {
          throw new Error(`${expr.fn} needs an argument`)
        }
        const conditions: string[] = []
        if (expr.filter !== undefined && expr.filter.kind !== 'true')
          conditions.push(this.#condition(expr.filter))
        // "First non-null" stated rather than left to the engine: DuckDB's arg_min skips NULL
        // values only from 1.1 on.
        if (expr.fn === 'arg_min' || expr.fn === 'arg_max')
          conditions.push(`${args[0]} IS NOT NULL`)
        const filter =
          conditions.length === 0
            ? null
            : conditions.length === 1
              ? conditions[0]!
              : conditions.map((c) => `(${c})`).join(' AND ')
        return this.aggregate(expr.fn, args, filter)
      }
      case 'quantile': {
        const group = this.#quantileGroups.at(-1)?.get(quantileKey(expr))
        const compileFilter = (): string | null =>
          expr.filter === undefined || expr.filter.kind === 'true'
            ? null
            : this.#condition(expr.filter)
        if (group === undefined)
          return this.quantile(numberText(expr.q), this.#expr(expr.arg), compileFilter())
        // Compiled once per group, so every level repeats the same text (and placeholders).
        group.sql ??= { arg: this.#expr(expr.arg), filter: compileFilter() }
        return this.quantileOfList(
          group.levels.map(numberText),
          group.levels.indexOf(expr.q),
          group.sql.arg,
          group.sql.filter,
        )
      }
      case 'time_bucket': {
        const { count: n, unit } = expr.interval
        if (!Number.isInteger(n) || n < 1 || n > maxBucketCount)
          throw new RangeError(`bucket count must be an integer within 1..${maxBucketCount}`)
        return this.timeBucket(this.#expr(expr.arg), { count: n, unit })
      }
      case 'case': {
        const whens = expr.whens.map(
          (w) => `WHEN ${this.#condition(w.when)} THEN ${this.#expr(w.then)}`,
        )
        return `CASE ${whens.join(' ')} ELSE ${this.#expr(expr.else)} END`
      }
      case 'condition':
        return this.conditionValue(this.#condition(expr.condition))
    }
  }

  #literal(value: number | string | boolean | null): string {
    if (value === null) return 'NULL'
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
    // Strings are bound even when code chose them: no quoting rules to get right per dialect.
    if (typeof value === 'string') return this.bind(value, 'string')
    return numberText(value)
  }

  #condition(condition: Condition): string {
    switch (condition.kind) {
      case 'true':
        return 'TRUE'
      case 'compare':
        return `${this.#expr(condition.left)} ${compareSql[condition.op]} ${this.#expr(condition.right)}`
      case 'in': {
        const values = condition.values.value
        if (!Array.isArray(values)) throw new Error('in: the values parameter must be an array')
        // An empty list matches nothing (and `not in` everything): decided here rather than
        // binding an empty array, whose element type engines cannot infer.
        if (values.length === 0) return condition.negated ? 'TRUE' : 'FALSE'
        const list = this.bind(values, condition.values.type)
        return this.inList(this.#expr(condition.left), list, condition.negated)
      }
      case 'in_query': {
        const [column, ...rest] = condition.query.columns
        if (column === undefined || rest.length > 0)
          throw new Error('in_query: the subquery must select one column')
        // The left side binds first: placeholders are numbered in text order.
        const left = this.#expr(condition.left)
        return this.inQuery(
          left,
          this.#select(condition.query),
          this.quoteIdentifier(column.alias),
          condition.negated,
        )
      }
      case 'text': {
        const sql = this.textMatch(
          condition.mode,
          this.#expr(condition.left),
          this.bind(condition.pattern.value, 'string'),
          condition.caseInsensitive,
        )
        return condition.negated ? `NOT (${sql})` : sql
      }
      case 'regex':
        return this.regexMatch(
          this.#expr(condition.left),
          this.bind(condition.pattern.value, 'string'),
        )
      case 'is_null':
        return `${this.#expr(condition.arg)} IS ${condition.negated ? 'NOT ' : ''}NULL`
      case 'list_has':
        return this.listHas(this.#expr(condition.list), this.bind(condition.value.value, 'string'))
      case 'json_list_has':
        return this.jsonListHas(
          this.#expr(condition.column),
          this.bind(condition.value.value, 'string'),
        )
      case 'and':
      case 'or': {
        if (condition.conditions.length === 0) return condition.kind === 'and' ? 'TRUE' : 'FALSE'
        const joiner = condition.kind === 'and' ? ' AND ' : ' OR '
        return `(${condition.conditions.map((c) => this.#condition(c)).join(joiner)})`
      }
      case 'not':
        return `NOT (${this.#condition(condition.condition)})`
    }
  }
}

const compareSql = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError('a numeric literal must be finite')
  return String(value)
}

function count(value: number, what: string): string {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${what} must be a non-negative integer`)
  return String(value)
}

interface QuantileGroup {
  /** Distinct levels, ascending. */
  levels: number[]
  sql?: { arg: string; filter: string | null }
}

function quantileKey(expr: Quantile): string {
  const filter = expr.filter === undefined || expr.filter.kind === 'true' ? null : expr.filter
  return JSON.stringify([expr.arg, filter])
}

/** The select's top-level quantile columns with 2+ levels over one argument and filter. */
function groupQuantiles(query: SelectQuery): Map<string, QuantileGroup> {
  const levels = new Map<string, Set<number>>()
  for (const { expr } of query.columns) {
    if (expr.kind !== 'quantile') continue
    const key = quantileKey(expr)
    const set = levels.get(key) ?? new Set<number>()
    set.add(expr.q)
    levels.set(key, set)
  }
  const groups = new Map<string, QuantileGroup>()
  for (const [key, set] of levels)
    if (set.size > 1) groups.set(key, { levels: [...set].sort((a, b) => a - b) })
  return groups
}
