import {
  agg,
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
  type SelectQuery,
} from '../src/index.js'

const t0 = 1_748_736_000_000_000
const t1 = 1_748_822_400_000_000

/** Query trees covering every node kind, for the golden SQL test (one file, both dialects). */
export const goldenTrees: Record<string, SelectQuery> = {
  'rows with limit and offset': select({
    from: table('spans'),
    columns: [as('span_id', col('span_id')), as('latency_ms', col('duration_ms'))],
    where: and(
      eq(col('project_id'), param('proj_1', 'string')),
      gte(col('start_time'), param(t0, 'timestamp')),
    ),
    orderBy: [orderBy(col('start_time'), 'desc'), orderBy(col('span_id'), 'asc', 'last')],
    limit: 50,
    offset: 100,
  }),
  'hourly series with a filtered count, a ratio and a quantile': select({
    from: table('spans'),
    columns: [
      as('ts', timeBucket({ count: 1, unit: 'hour' }, col('start_time'))),
      as('requests', agg('count')),
      as(
        'errors',
        agg('count', undefined, { filter: eq(col('status'), param('error', 'string')) }),
      ),
      as(
        'error_rate',
        arith(
          '/',
          agg('count', undefined, { filter: eq(col('status'), param('error', 'string')) }),
          agg('count'),
        ),
      ),
      as('p95', quantile(0.95, col('duration_ms'))),
      as('p50_llm', quantile(0.5, col('duration_ms'), eq(col('kind'), param('llm', 'string')))),
      as('cost', agg('sum', col('cost_usd'), { filter: eq(col('counts_usage'), lit(true)) })),
    ],
    where: and(
      gte(col('start_time'), param(t0, 'timestamp')),
      lt(col('start_time'), param(t1, 'timestamp')),
    ),
    groupBy: [timeBucket({ count: 1, unit: 'hour' }, col('start_time'))],
    orderBy: [orderBy(timeBucket({ count: 1, unit: 'hour' }, col('start_time')), 'asc', 'last')],
  }),
  'every condition kind': select({
    from: table('spans'),
    columns: [as('n', agg('count'))],
    where: and(
      eq(json(col('metadata'), 'customer_tier'), param('pro', 'string')),
      compare('gt', json(col('attributes'), 'http.status_code', 'number'), param(400, 'double')),
      jsonListHas(col('tags'), 'vip'),
      inList(col('request_model'), param(['gpt-4o', 'o3'], 'string[]')),
      inList(col('request_model'), param(['x'], 'string[]'), true),
      inList(col('provider'), param([], 'string[]')),
      textMatch('contains', col('input_messages'), '50%_off', { caseInsensitive: true }),
      textMatch('starts_with', col('name'), 'chat'),
      textMatch('ends_with', col('name'), 'mini', { negated: true }),
      regex(col('name'), '^chat (gpt|o)[0-9]'),
      isNull(col('user_id')),
      or(
        isNull(col('session_id'), true),
        not(compare('lte', col('ttft_ms'), param(100, 'double'))),
      ),
      compare('ne', col('status'), param('ok', 'string')),
    ),
  }),
  'subquery in FROM with first-non-null, union of lists and latest version': select({
    from: subquery(
      select({
        from: table('traces'),
        columns: [
          as('trace_id', col('trace_id')),
          as('start_time', agg('min', col('start_time'))),
          as('root_name', agg('arg_min', col('root_name'), { orderBy: col('root_start_time') })),
          as('user_id', agg('arg_max_any', col('user_id'), { orderBy: col('start_time') })),
          as('tags', agg('union_lists', col('tags'))),
          as(
            'latency_ms',
            call(
              'greatest',
              arith(
                '/',
                arith(
                  '-',
                  call('epoch_us', agg('max', col('end_time'))),
                  call('epoch_us', agg('min', col('start_time'))),
                ),
                lit(1000),
              ),
              lit(0),
            ),
          ),
        ],
        where: eq(col('project_id'), param('proj_1', 'string')),
        groupBy: [col('trace_id')],
      }),
      't',
    ),
    columns: [
      as('users', agg('count_distinct', col('user_id'))),
      as('tagged', agg('count', undefined, { filter: listHas(col('tags'), 'vip') })),
      as('last_name', agg('arg_max', col('root_name'), { orderBy: col('start_time') })),
    ],
    where: gte(col('start_time'), param(t0, 'timestamp')),
  }),
  // Parameters before, inside and after each subquery: numbering must run on through them.
  'semi-join and anti-join on subqueries': select({
    from: table('traces'),
    columns: [as('n', agg('count'))],
    where: and(
      eq(col('project_id'), param('proj_1', 'string')),
      inQuery(
        col('trace_id'),
        select({
          from: table('spans'),
          columns: [as('trace_id', col('trace_id'))],
          where: and(
            eq(col('project_id'), param('proj_1', 'string')),
            eq(col('request_model'), param('gpt-4o', 'string')),
          ),
        }),
      ),
      inQuery(
        col('session_id'),
        select({
          from: table('spans'),
          columns: [as('session_id', col('session_id'))],
          where: and(
            eq(col('project_id'), param('proj_1', 'string')),
            eq(col('status'), param('error', 'string')),
          ),
        }),
        true,
      ),
      compare('gte', col('span_count'), param(2, 'double')),
    ),
  }),
  'tags of a JSON-text list, one row per tag': select({
    from: unnest({
      source: table('spans'),
      where: and(
        eq(col('project_id'), param('proj_1', 'string')),
        gte(col('start_time'), param(t0, 'timestamp')),
      ),
      list: col('tags'),
      listKind: 'json_list',
      element: 'tag',
      alias: 'spans',
    }),
    columns: [
      as('tag', col('tag')),
      as('requests', agg('count')),
      as('cost', agg('sum', col('cost_usd'), { filter: eq(col('counts_usage'), lit(true)) })),
    ],
    groupBy: [col('tag')],
    orderBy: [orderBy(col('tag'), 'asc', 'last')],
  }),
  'tags of a native list, one row per tag': select({
    from: unnest({
      source: table('traces'),
      where: eq(col('project_id'), param('proj_1', 'string')),
      list: col('tags'),
      listKind: 'list',
      element: 'tag',
      alias: 't',
    }),
    columns: [as('tag', col('tag')), as('parts', agg('count'))],
    where: compare('gt', col('span_count'), lit(0)),
    groupBy: [col('tag')],
  }),
  'week and 5-minute buckets, CASE, literals and scalar functions': select({
    from: table('spans', 's'),
    columns: [
      as('week', timeBucket({ count: 1, unit: 'week' }, col('start_time', 's'))),
      as('five_min', timeBucket({ count: 5, unit: 'minute' }, col('start_time', 's'))),
      as(
        'state',
        caseWhen(
          [{ when: compare('gt', col('output_tokens'), lit(0)), then: lit('error') }],
          lit('ok'),
        ),
      ),
      as('is_slow', asCondition(compare('gte', col('duration_ms'), lit(1500.5)))),
      as('model', call('coalesce', col('response_model'), col('request_model'), lit(null))),
      as('name_length', call('length', call('lower', col('name')))),
      as('tokens', arith('*', arith('+', col('input_tokens'), lit(-1)), lit(2))),
      as('maybe_time', param(null, 'timestamp')),
    ],
    where: eq(col('stream'), lit(false)),
  }),
  'sample standard deviation, plain and filtered, in 90-second buckets': select({
    from: table('spans'),
    columns: [
      as('ts', timeBucket({ count: 90, unit: 'second' }, col('start_time'))),
      as('latency_sd', agg('stddev', col('duration_ms'))),
      as(
        'ok_latency_sd',
        agg('stddev', col('duration_ms'), { filter: eq(col('status'), param('ok', 'string')) }),
      ),
    ],
    where: and(
      gte(col('start_time'), param(t0, 'timestamp')),
      lt(col('start_time'), param(t1, 'timestamp')),
    ),
    groupBy: [timeBucket({ count: 90, unit: 'second' }, col('start_time'))],
    orderBy: [orderBy(timeBucket({ count: 90, unit: 'second' }, col('start_time')), 'asc')],
  }),
}
