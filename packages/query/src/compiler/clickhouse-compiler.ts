import type {
  AggregateFunction,
  BucketInterval,
  ParamType,
  ScalarFunction,
  TextMatch,
} from '../query-tree.js'
import { SqlCompiler } from './sql-compiler.js'

const paramTypes: Record<ParamType, string> = {
  string: 'String',
  int: 'Int64',
  bigint: 'Int64',
  double: 'Float64',
  boolean: 'Bool',
  timestamp: 'Int64',
  'string[]': 'Array(String)',
  'double[]': 'Array(Float64)',
}

const aggregateNames: Record<
  Exclude<AggregateFunction, 'union_lists' | 'arg_max_any' | 'stddev'>,
  string
> = {
  count: 'count',
  sum: 'sum',
  avg: 'avg',
  min: 'min',
  max: 'max',
  count_distinct: 'uniqExact',
  arg_min: 'argMin',
  arg_max: 'argMax',
}

/**
 * ClickHouse SQL. Parameters are typed placeholders `{p1:String}` bound by the server
 * (https://clickhouse.com/docs/sql-reference/syntax#defining-and-using-query-parameters); the
 * n-th value of `params` is `p<n>`. Identifiers are back-quoted.
 */
export class ClickHouseCompiler extends SqlCompiler {
  protected override quoteIdentifier(name: string): string {
    return `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``
  }

  protected override placeholder(index: number, type: ParamType, isNull: boolean): string {
    const name = paramTypes[type]
    return `{p${index}:${isNull ? `Nullable(${name})` : name}}`
  }

  // https://clickhouse.com/docs/sql-reference/functions/type-conversion-functions#fromunixtimestamp64micro
  protected override timestampFromMicros(placeholder: string): string {
    return `fromUnixTimestamp64Micro(${placeholder}, 'UTC')`
  }

  // Without an origin, toStartOfInterval counts hours within the day and weeks from its own
  // start; the origin makes buckets multiples of the width since the epoch, weeks from Monday
  // 1970-01-05, as in the DuckDB dialect
  // (https://clickhouse.com/docs/sql-reference/functions/date-time-functions#tostartofinterval).
  protected override timeBucket(arg: string, interval: BucketInterval): string {
    const origin = interval.unit === 'week' ? '1970-01-05' : '1970-01-01'
    return (
      `toStartOfInterval(${arg}, INTERVAL ${interval.count} ${interval.unit.toUpperCase()}, ` +
      `toDateTime64('${origin} 00:00:00', 6, 'UTC'))`
    )
  }

  // The -If combinator filters rows per aggregate
  // (https://clickhouse.com/docs/sql-reference/aggregate-functions/combinators#-if).
  protected override aggregate(
    fn: AggregateFunction,
    args: readonly string[],
    filter: string | null,
  ): string {
    const ifArgs = filter === null ? args : [...args, filter]
    const suffix = filter === null ? '' : 'If'
    // groupUniqArrayArray is the union of arrays
    // (https://clickhouse.com/docs/sql-reference/aggregate-functions/combinators#-array).
    if (fn === 'union_lists') return `arraySort(groupUniqArrayArray${suffix}(${ifArgs.join(', ')}))`
    // argMax skips NULL values; wrapped in a tuple (never NULL itself) a NULL value is kept
    // (https://clickhouse.com/docs/sql-reference/aggregate-functions/reference/argmax).
    if (fn === 'arg_max_any')
      return `argMax${suffix}(tuple(${ifArgs[0]}), ${ifArgs.slice(1).join(', ')}).1`
    // stddevSamp sums squares and loses precision on large values; stddevSampStable does not
    // (https://clickhouse.com/docs/sql-reference/aggregate-functions/reference/stddevsamp).
    // Both give +inf for one value, where DuckDB's stddev_samp gives NULL: the count says which.
    if (fn === 'stddev')
      return `if(count${suffix}(${ifArgs.join(', ')}) > 1, stddevSampStable${suffix}(${ifArgs.join(', ')}), NULL)`
    return `${aggregateNames[fn]}${suffix}(${ifArgs.join(', ')})`
  }

  // quantileExactInclusive interpolates like percentile_cont / DuckDB's quantile_cont
  // (https://clickhouse.com/docs/sql-reference/aggregate-functions/reference/quantileexact#quantileexactinclusive).
  // quantilesExactInclusive: several levels from one sorted state; identical aggregate calls
  // in one query are computed once. An empty set gives NULL (aggregate_functions_null_for_empty).
  protected override quantileOfList(
    qs: readonly string[],
    index: number,
    arg: string,
    filter: string | null,
  ): string {
    const call =
      filter === null
        ? `quantilesExactInclusive(${qs.join(', ')})(${arg})`
        : `quantilesExactInclusiveIf(${qs.join(', ')})(${arg}, ${filter})`
    return `${call}[${index + 1}]`
  }

  protected override quantile(q: string, arg: string, filter: string | null): string {
    return filter === null
      ? `quantileExactInclusive(${q})(${arg})`
      : `quantileExactInclusiveIf(${q})(${arg}, ${filter})`
  }

  protected override scalar(fn: ScalarFunction, args: readonly string[]): string {
    switch (fn) {
      case 'lower':
        return `lowerUTF8(${args.join(', ')})`
      case 'length':
        return `lengthUTF8(${args.join(', ')})`
      case 'epoch_us':
        return `toUnixTimestamp64Micro(${args.join(', ')})`
      case 'greatest':
        // greatest() is NULL when any argument is; each argument falls back to the others so
        // NULLs are skipped as in DuckDB.
        return `greatest(${args
          .map((arg, i) => `coalesce(${[arg, ...args.filter((_, j) => j !== i)].join(', ')})`)
          .join(', ')})`
      default:
        return `${fn}(${args.join(', ')})`
    }
  }

  protected override textMatch(
    mode: TextMatch['mode'],
    left: string,
    pattern: string,
    caseInsensitive: boolean,
  ): string {
    // position/startsWith/endsWith take the pattern literally
    // (https://clickhouse.com/docs/sql-reference/functions/string-search-functions).
    const [l, p] = caseInsensitive
      ? [`lowerUTF8(${left})`, `lowerUTF8(${pattern})`]
      : [left, pattern]
    switch (mode) {
      case 'contains':
        return `position(${l}, ${p}) > 0`
      case 'starts_with':
        return `startsWith(${l}, ${p})`
      case 'ends_with':
        return `endsWith(${l}, ${p})`
    }
  }

  // RE2, partial match
  // (https://clickhouse.com/docs/sql-reference/functions/string-search-functions#match).
  protected override regexMatch(left: string, pattern: string): string {
    return `match(${left}, ${pattern})`
  }

  // The same answers as DuckDB's json_extract_string: strings unquoted, other scalars as
  // their JSON text, missing keys and JSON null as NULL. The key is one parameter used three
  // times (https://clickhouse.com/docs/sql-reference/functions/json-functions).
  protected override jsonValue(column: string, key: string, as: 'string' | 'number'): string {
    const k = this.bind(key, 'string')
    const text =
      `multiIf(JSONType(${column}, ${k}) = 'String', JSONExtractString(${column}, ${k}), ` +
      `JSONType(${column}, ${k}) = 'Null', NULL, JSONExtractRaw(${column}, ${k}))`
    return as === 'number' ? `toFloat64OrNull(${text})` : text
  }

  protected override jsonListHas(column: string, value: string): string {
    return `has(JSONExtract(${column}, 'Array(String)'), ${value})`
  }

  protected override listHas(list: string, value: string): string {
    return `has(${list}, ${value})`
  }

  // `x IN array` is NULL for a NULL x with the default transform_null_in = 0, where has()
  // would say false (https://clickhouse.com/docs/sql-reference/operators/in#null-processing).
  protected override inList(left: string, list: string, negated: boolean): string {
    return `${left} ${negated ? 'NOT IN' : 'IN'} ${list}`
  }

  // With transform_null_in = 0 (the default) NULLs the subquery returns are not put in the set
  // and a NULL left side gives NULL, the semantics the DuckDB dialect states explicitly
  // (https://clickhouse.com/docs/sql-reference/operators/in#null-processing). SETTINGS go
  // after the whole statement only (querySuffix), never after this subquery.
  protected override inQuery(
    left: string,
    query: string,
    _column: string,
    negated: boolean,
  ): string {
    return `${left} ${negated ? 'NOT IN' : 'IN'} (${query})`
  }

  // arrayJoin in a select list gives one row per element, none for an empty array; the if()
  // gives such a row one NULL element instead
  // (https://clickhouse.com/docs/sql-reference/functions/array-join,
  // https://clickhouse.com/docs/sql-reference/functions/array-functions#arraydistinct).
  protected override listElements(list: string, listKind: 'json_list' | 'list'): string {
    const items = listKind === 'json_list' ? `JSONExtract(${list}, 'Array(String)')` : list
    const distinct = `arrayDistinct(${items})`
    return `arrayJoin(if(empty(${distinct}), [NULL], ${distinct}))`
  }

  // Conditions are UInt8 in ClickHouse; as values they are read as booleans, as in DuckDB.
  protected override conditionValue(condition: string): string {
    return `toBool(${condition})`
  }

  // prefer_column_name_to_alias: an alias equal to a column name (`min(start_time) AS
  // start_time`) must not replace the column in WHERE, as it does by default.
  // aggregate_functions_null_for_empty: sum/avg/quantile over no rows are NULL, as in SQL and
  // DuckDB, not 0 or nan (https://clickhouse.com/docs/operations/settings/settings).
  protected override querySuffix(): string {
    return ' SETTINGS prefer_column_name_to_alias = 1, aggregate_functions_null_for_empty = 1'
  }
}
