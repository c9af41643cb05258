import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import {
  parseTimeseriesQuery,
  runTimeseriesQuery,
  spanMeasurements,
  timeseriesAggregations,
  type QueryRunner,
  type TimeseriesQueryInput,
} from '@llm-observatory/analytics'
import type { Backend } from '@llm-observatory/storage'
import type { ProjectResolver } from '../auth/project-resolver.js'
import { successBody } from '../http/envelope.js'

export interface TimeseriesRouteDeps {
  backend: Backend
  projects: ProjectResolver
  now?: () => number
}

const time = Type.Union([Type.String({ maxLength: 64 }), Type.Number()], {
  description: 'ISO-8601, epoch ms or relative (now-1h).',
})
const functions = timeseriesAggregations.join(', ')
const fieldNames = Type.Array(Type.String({ maxLength: 16 }), {
  maxItems: timeseriesAggregations.length,
  description: `Further aggregations returned per point under their names: ${functions}.`,
})
const tagMap = Type.Record(
  Type.String({ maxLength: 300 }),
  Type.Union([
    Type.String({ maxLength: 2000 }),
    Type.Number(),
    Type.Boolean(),
    Type.Null(),
    Type.Array(Type.Union([Type.String({ maxLength: 2000 }), Type.Number()]), { maxItems: 1000 }),
  ]),
  {
    description:
      'Equality per key (a list: any of them). Spans: any span field (model, provider, service, environment, user_id, metadata.<key>, attributes.<key>, …) or tag. Metrics: service, unit, type, tags.<key>, resource.<key>, or a bare tag key (host.name).',
  },
)

/** The body of `POST /api/v1/query/timeseries` (seed 001's TimeSeriesQuery, see docs/api.md). */
export const timeseriesQueryBody = Type.Object(
  {
    measurement: Type.String({
      minLength: 1,
      maxLength: 263,
      description: `A span measurement (${spanMeasurements.join(', ')}; or spans.<name>) or an ingested metric name (or metrics.<name>).`,
    }),
    source: Type.Optional(
      Type.String({
        maxLength: 16,
        description: 'spans or metrics: which data measurement names; without it the name decides.',
      }),
    ),
    from: Type.Optional(time),
    to: Type.Optional(time),
    time_range: Type.Optional(
      Type.Object(
        {
          from: Type.Optional(time),
          to: Type.Optional(time),
          start: Type.Optional(time),
          end: Type.Optional(time),
        },
        { additionalProperties: false, description: 'Instead of from/to (seed 001 start/end).' },
      ),
    ),
    aggregation: Type.Optional(
      Type.Union([
        Type.String({ maxLength: 16, description: `One of ${functions}. Default mean.` }),
        Type.Object(
          {
            function: Type.Optional(Type.String({ maxLength: 16 })),
            window: Type.Optional(Type.String({ maxLength: 32 })),
            fields: Type.Optional(fieldNames),
          },
          { additionalProperties: false, description: 'Seed 001 form.' },
        ),
      ]),
    ),
    window: Type.Optional(
      Type.String({
        maxLength: 32,
        description: '1m, 5m, 15m, 1h, 6h, 1d, 1w, 1mo (30 days), any duration (90s, 2h30m), auto.',
      }),
    ),
    fields: Type.Optional(fieldNames),
    select_fields: Type.Optional(fieldNames),
    tag_filters: Type.Optional(tagMap),
    tags: Type.Optional(tagMap),
    filters: Type.Optional(
      Type.Unknown({ description: 'A filter tree of the filter language (seed 002).' }),
    ),
    group_by: Type.Optional(
      Type.Union([
        Type.Array(Type.String({ maxLength: 300 }), {
          maxItems: 20,
          description: 'Up to 3 fields.',
        }),
        Type.String({ maxLength: 1000 }),
      ]),
    ),
    fill: Type.Optional(
      Type.Union([
        Type.Null(),
        Type.String({ maxLength: 16, description: 'null, previous, linear or zero.' }),
        Type.Object({ value: Type.Number() }, { additionalProperties: false }),
      ]),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100, default: 50, description: 'Series per page.' }),
    ),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  { additionalProperties: false },
)

/** The time-series query (issue 3, seed 001): one measurement, windowed, grouped, filled. */
export async function registerTimeseriesRoutes(
  app: FastifyInstance,
  deps: TimeseriesRouteDeps,
): Promise<void> {
  const now = deps.now ?? Date.now
  const run: QueryRunner = (q) => deps.backend.query(q)

  app.post(
    '/api/v1/query/timeseries',
    {
      config: { permission: 'traces:read' },
      schema: {
        tags: ['analytics'],
        summary:
          'Time series of a span measurement or metric: aggregation per window, group by, fill, summary',
        body: timeseriesQueryBody,
      },
    },
    async (request) => {
      const { projectId } = await deps.projects.resolveRequired(request)
      const plan = parseTimeseriesQuery(request.body as TimeseriesQueryInput, {
        projectId,
        nowMs: now(),
      })
      return successBody(request, await runTimeseriesQuery(run, plan))
    },
  )
}
