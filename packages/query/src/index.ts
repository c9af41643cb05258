export type {
  Aggregate,
  AggregateFunction,
  Arithmetic,
  BucketInterval,
  BucketUnit,
  CaseWhen,
  ColumnRef,
  Compare,
  CompareOp,
  Condition,
  ConditionExpr,
  Expr,
  FunctionCall,
  InList,
  InQuery,
  IsNull,
  JsonAccess,
  JsonListHas,
  ListHas,
  Literal,
  Logical,
  Not,
  OrderItem,
  Param,
  ParamType,
  ParamValue,
  Quantile,
  RegexMatch,
  ScalarFunction,
  SelectQuery,
  Selection,
  Source,
  SubquerySource,
  TableSource,
  TextMatch,
  TimeBucket,
  TrueCondition,
  UnnestSource,
  ValueType,
} from './query-tree.js'
export {
  agg,
  alwaysTrue,
  and,
  arith,
  as,
  asCondition,
  call,
  caseWhen,
  col,
  compare,
  eq,
  gte,
  inList,
  inQuery,
  isNull,
  json,
  jsonListHas,
  listHas,
  lit,
  lt,
  not,
  or,
  orderBy,
  param,
  quantile,
  regex,
  select,
  subquery,
  table,
  textMatch,
  timeBucket,
  unnest,
} from './query-tree.js'
export type { Dimension, Measure, QueryScope, SemanticView } from './semantic-view.js'
export { compileQuery, type QueryDialect } from './compiler/compile-query.js'
export { SqlCompiler, isSafeColumnAlias, type CompiledQuery } from './compiler/sql-compiler.js'
export { DuckDbCompiler } from './compiler/duckdb-compiler.js'
export { ClickHouseCompiler } from './compiler/clickhouse-compiler.js'
export {
  planQuery,
  resolveField,
  bucketColumn,
  hasTag,
  tagGroupField,
  type QueryRequest,
  type ResolvedField,
} from './planner.js'
export { spansView } from './views/spans-view.js'
export { tracesView, tracePartWindowUs } from './views/traces-view.js'
export { logsView } from './views/logs-view.js'
export { metricPointsView } from './views/metric-points-view.js'
export { eventsView } from './views/events-view.js'
export { scoresView } from './views/scores-view.js'
export { parseFilter, type ParseFilterOptions } from './filters/parse-filter.js'
export {
  filterOperators,
  splitSearchTerms,
  type FilterOperator,
} from './filters/build-filter-condition.js'
export { checkRegexSyntax } from './filters/check-regex-syntax.js'
export { parseTimeValue, readTimeUs } from './filters/parse-time-value.js'
export {
  parseTimeRange,
  type ParsedTimeRange,
  type TimeRangeOptions,
} from './filters/parse-time-range.js'
export { countBuckets, parseInterval, type ParseIntervalOptions } from './filters/parse-interval.js'
export {
  parseSort,
  parseSortFields,
  type ParseSortOptions,
  type SortField,
} from './filters/parse-sort.js'
export {
  traceQueryStringFilters,
  traceQueryStringParams,
  type QueryStringFilterOptions,
  type QueryStringFilterParam,
} from './filters/trace-query-string-filters.js'
