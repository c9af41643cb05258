import { useApp } from '../../app/app-context.js'
import { useApi } from '../../app/use-api.js'
import type { AnalyticsResult, DashboardNumbers } from '../../api/api-types.js'
import { TimeSeriesChart } from '../../shared/charts/TimeSeriesChart.js'
import { groupLabel, toAlignedSeries } from '../../shared/charts/series.js'
import {
  formatCost,
  formatCount,
  formatLatency,
  formatPercent,
  formatRate,
} from '../../shared/format.js'
import { FilterBar, useGlobalQuery } from '../filters/FilterBar.js'
import { toApiParams } from '../filters/url-state.js'
import { RankedBars } from './RankedBars.js'
import { StatCard } from './StatCard.js'
import { EmptyState } from '../onboarding/EmptyState.js'
import { useHasAnyTrace } from '../onboarding/use-has-any-trace.js'

interface OverviewData {
  dashboard: DashboardNumbers
  timeseries: AnalyticsResult
  costByModel: AnalyticsResult
  perfByModel: AnalyticsResult
  topServices: AnalyticsResult
  topUsers: AnalyticsResult
}

const seriesColors = { requests: '#4c7cf0', cost: '#e0883a' }

/**
 * The morning page: the range's headline numbers against the previous period, requests/s and
 * cost over time, cost and latency by model, and the most expensive services and users, all
 * under the URL's time range and filters.
 */
export function OverviewPage() {
  const { api, session } = useApp()
  const [query] = useGlobalQuery()
  const hasAnyTrace = useHasAnyTrace()
  const params = toApiParams(query)
  const key = `${session.projectId ?? ''}:${JSON.stringify(params)}`
  const overview = useApi<OverviewData>(key, async (signal) => {
    const [dashboard, timeseries, costByModel, perfByModel, topServices, topUsers] =
      await Promise.all([
        api.get('/api/v1/analytics/dashboard', params, undefined, signal),
        api.get(
          '/api/v1/analytics/requests/timeseries',
          { ...params, interval: 'auto' },
          undefined,
          signal,
        ),
        api.get(
          '/api/v1/analytics/costs',
          { ...params, group_by: 'model', top: 10 },
          undefined,
          signal,
        ),
        api.get(
          '/api/v1/analytics/performance',
          { ...params, group_by: 'model', top: 10 },
          undefined,
          signal,
        ),
        api.get(
          '/api/v1/analytics/costs',
          { ...params, group_by: 'service', top: 5 },
          undefined,
          signal,
        ),
        api.get(
          '/api/v1/analytics/costs',
          { ...params, group_by: 'user_id', top: 5 },
          undefined,
          signal,
        ),
      ])
    return {
      dashboard: dashboard.data,
      timeseries: timeseries.data,
      costByModel: costByModel.data,
      perfByModel: perfByModel.data,
      topServices: topServices.data,
      topUsers: topUsers.data,
    }
  })

  if (hasAnyTrace === false) return <EmptyState />
  const d = overview.data
  const series = d?.timeseries.series ?? []
  const requestData = toAlignedSeries(series, ['requests_per_second'])
  const costData = toAlignedSeries(series, ['cost_usd'])

  return (
    <div className="page">
      <header className="page-header">
        <h1>Overview</h1>
        <FilterBar />
      </header>
      {overview.error !== null && (
        <p className="error" role="alert">
          {overview.error.message}
        </p>
      )}
      <div className="stats" aria-busy={overview.isLoading}>
        <StatCard
          testId="stat-requests"
          label="Requests"
          value={d?.dashboard.requests}
          format={formatCount}
        />
        <StatCard
          testId="stat-cost"
          label="Cost"
          value={d?.dashboard.cost_usd}
          format={formatCost}
          isLowerBetter
        />
        <StatCard
          testId="stat-latency"
          label="p95 latency"
          value={d?.dashboard.latency_ms_p95}
          format={formatLatency}
          isLowerBetter
        />
        <StatCard
          testId="stat-errors"
          label="Error rate"
          value={d?.dashboard.error_rate}
          format={formatPercent}
          isLowerBetter
        />
      </div>
      <div className="grid-2">
        <section className="panel">
          <h2>Requests per second</h2>
          <TimeSeriesChart
            title="Requests per second over time"
            data={requestData}
            series={[{ label: 'requests/s', color: seriesColors.requests, isFilled: true }]}
            formatValue={formatRate}
          />
        </section>
        <section className="panel">
          <h2>Cost over time</h2>
          <TimeSeriesChart
            title="Cost over time"
            data={costData}
            series={[{ label: 'cost', color: seriesColors.cost, isFilled: true }]}
            formatValue={formatCost}
          />
        </section>
        <section className="panel">
          <h2>Cost by model</h2>
          <RankedBars
            title="Cost by model"
            columns={['Model', 'Cost', 'Requests', 'Per request']}
            format={formatCost}
            rows={(d?.costByModel.groups ?? []).map((g) => ({
              label: groupLabel(g.key),
              value: g.cost_usd ?? null,
              extra: [formatCount(g.requests ?? null), formatCost(g.cost_per_request ?? null)],
            }))}
          />
        </section>
        <section className="panel">
          <h2>Latency by model</h2>
          <RankedBars
            title="Latency by model"
            columns={['Model', 'p95', 'p50', 'p99']}
            format={formatLatency}
            rows={(d?.perfByModel.groups ?? []).map((g) => ({
              label: groupLabel(g.key),
              value: g.latency_ms?.p95 ?? null,
              extra: [
                formatLatency(g.latency_ms?.p50 ?? null),
                formatLatency(g.latency_ms?.p99 ?? null),
              ],
            }))}
          />
        </section>
        <section className="panel">
          <h2>Top services by cost</h2>
          <RankedBars
            title="Top services by cost"
            columns={['Service', 'Cost', 'Requests']}
            format={formatCost}
            rows={(d?.topServices.groups ?? []).map((g) => ({
              label: groupLabel(g.key),
              value: g.cost_usd ?? null,
              extra: [formatCount(g.requests ?? null)],
            }))}
          />
        </section>
        <section className="panel">
          <h2>Top users by cost</h2>
          <RankedBars
            title="Top users by cost"
            columns={['User', 'Cost', 'Requests']}
            format={formatCost}
            rows={(d?.topUsers.groups ?? []).map((g) => ({
              label: groupLabel(g.key),
              value: g.cost_usd ?? null,
              extra: [formatCount(g.requests ?? null)],
            }))}
          />
        </section>
      </div>
    </div>
  )
}
