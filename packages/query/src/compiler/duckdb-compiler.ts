import type { AggregateFunction, BucketInterval, ScalarFunction, TextMatch } from '../query-tree.js'
import { SqlCompiler } from './sql-compiler.js'

/**
 * DuckDB SQL. Parameters are `$n`
 * (https://duckdb.org/docs/stable/sql/query_syntax/prepared_statements), identifiers are
 * double-quoted.
 */
export class DuckDbCompiler extends SqlCompiler {
  protected override quoteIdentifier(name: string): string {
    return `"${name.replaceAll('"', '""')}"`
  }

  protected override placeholder(index: number): string {
    return `$${index}`
  }

  // make_timestamp(BIGINT) reads microseconds since the epoch
  // (https://duckdb.org/docs/stable/sql/functions/timestamp#make_timestampmicroseconds).
  protected override timestampFromMicros(placeholder: string): string {
    return `make_timestamp(CAST(${placeholder} AS BIGINT))`
  }

  // time_bucket's default origin is 2000-01-03 (a Monday); an explicit origin makes buckets
  // multiples of the width since the epoch, weeks from Monday 1970-01-05
  // (https://duckdb.org/docs/stable/sql/functions/date#time_bucketbucket_width-date-origin).
  protected override timeBucket(arg: string, interval: BucketInterval): string {
    const [n, unit] =
      interval.unit === 'week'
        ? [interval.count * 7, 'DAY']
        : [interval.count, interval.unit.toUpperCase()]
    const origin = interval.unit === 'week' ? '1970-01-05' : '1970-01-01'
    return `time_bucket(INTERVAL ${n} ${unit}, ${arg}, TIMESTAMP '${origin} 00:00:00')`
  }

  // FILTER (WHERE …) on any aggregate
  // (https://duckdb.org/docs/stable/sql/query_syntax/filter).
  protected override aggregate(
    fn: AggregateFunction,
    args: readonly string[],
    filter: string | null,
  ): string {
    const where = filter === null ? '' : ` FILTER (WHERE ${filter})`
    switch (fn) {
      case 'count':
        return `count(${args[0] ?? '*'})${where}`
      case 'count_distinct':
        return `count(DISTINCT ${args[0]})${where}`
      // arg_max skips NULL values; arg_max_null keeps them
      // (https://duckdb.org/docs/stable/sql/functions/aggregates#arg_max_nullarg-val).
      case 'arg_max_any':
        return `arg_max_null(${args.join(', ')})${where}`
      case 'union_lists':
        return `list_sort(list_distinct(flatten(list(${args[0]})${where})))`
      // NULL for fewer than two values
      // (https://duckdb.org/docs/stable/sql/functions/aggregates#stddev_sampx).
      case 'stddev':
        return `stddev_samp(${args[0]})${where}`
      default:
        return `${fn}(${args.join(', ')})${where}`
    }
  }

  // quantile_cont interpolates linearly between the closest ranks, like percentile_cont
  // (https://duckdb.org/docs/stable/sql/functions/aggregates#quantile_contx-pos).
  protected override quantile(q: string, arg: string, filter: string | null): string {
    return `quantile_cont(${arg}, ${q})${filter === null ? '' : ` FILTER (WHERE ${filter})`}`
  }

  // A list of levels sorts once; identical aggregate calls in one select are computed once.
  protected override quantileOfList(
    qs: readonly string[],
    index: number,
    arg: string,
    filter: string | null,
  ): string {
    const call = `quantile_cont(${arg}, [${qs.join(', ')}])${filter === null ? '' : ` FILTER (WHERE ${filter})`}`
    return `(${call})[${index + 1}]`
  }

  protected override scalar(fn: ScalarFunction, args: readonly string[]): string {
    // greatest/least skip NULL arguments in DuckDB
    // (https://duckdb.org/docs/stable/sql/functions/utility#greatestx1-x2-).
    return `${fn}(${args.join(', ')})`
  }

  protected override textMatch(
    mode: TextMatch['mode'],
    left: string,
    pattern: string,
    caseInsensitive: boolean,
  ): string {
    // contains/starts_with/ends_with take the pattern literally (no LIKE wildcards)
    // (https://duckdb.org/docs/stable/sql/functions/text).
    const fn = { contains: 'contains', starts_with: 'starts_with', ends_with: 'ends_with' }[mode]
    return caseInsensitive
      ? `${fn}(lower(${left}), lower(${pattern}))`
      : `${fn}(${left}, ${pattern})`
  }

  // RE2, partial match (https://duckdb.org/docs/stable/sql/functions/regular_expressions).
  protected override regexMatch(left: string, pattern: string): string {
    return `regexp_matches(${left}, ${pattern})`
  }

  // A path that starts with '/' is a JSON pointer (RFC 6901), so any key (even one starting
  // with '$') is read as a key; '~' and '/' are escaped as the RFC says
  // (https://duckdb.org/docs/stable/data/json/json_functions#json-extraction-functions).
  // Strings come back unquoted, other scalars as their JSON text, missing keys and JSON null
  // as NULL.
  protected override jsonValue(column: string, key: string, as: 'string' | 'number'): string {
    const pointer = `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`
    const text = `json_extract_string(${column}, ${this.bind(pointer, 'string')})`
    return as === 'number' ? `TRY_CAST(${text} AS DOUBLE)` : text
  }

  protected override jsonListHas(column: string, value: string): string {
    return `list_contains(from_json(${column}, '["VARCHAR"]'), ${value})`
  }

  protected override listHas(list: string, value: string): string {
    return `list_contains(${list}, ${value})`
  }

  // list_contains(list, NULL) is NULL, as `NULL IN (…)` is.
  protected override inList(left: string, list: string, negated: boolean): string {
    return `${negated ? 'NOT ' : ''}list_contains(${list}, ${left})`
  }

  // Standard SQL, which DuckDB follows: `x NOT IN (…)` is NULL when the subquery returns a
  // NULL, and TRUE for a NULL x when it returns no rows. The members are therefore filtered to
  // non-NULL values and a NULL left side is stated to match neither way, as in ClickHouse
  // (https://duckdb.org/docs/stable/sql/expressions/subqueries#in-operator).
  protected override inQuery(
    left: string,
    query: string,
    column: string,
    negated: boolean,
  ): string {
    const members = `SELECT ${column} FROM (${query}) AS "in_query" WHERE ${column} IS NOT NULL`
    return negated
      ? `(${left} IS NOT NULL AND ${left} NOT IN (${members}))`
      : `${left} IN (${members})`
  }

  // unnest in a select list gives one row per element (none for an empty or NULL list); the
  // CASE gives such a row one NULL element instead. list_distinct drops NULLs and repeats
  // (https://duckdb.org/docs/stable/sql/query_syntax/unnest,
  // https://duckdb.org/docs/stable/sql/functions/list#list_distinctlist).
  protected override listElements(list: string, listKind: 'json_list' | 'list'): string {
    const items = listKind === 'json_list' ? `from_json(${list}, '["VARCHAR"]')` : list
    const distinct = `list_distinct(${items})`
    return `unnest(CASE WHEN coalesce(len(${distinct}), 0) = 0 THEN [NULL] ELSE ${distinct} END)`
  }
}
