import { formatChange } from '../../shared/format.js'
import type { ChangeValue } from '../../api/api-types.js'

/**
 * One overview number with its change against the previous period. `isLowerBetter` colours a
 * fall green (cost, latency, errors) and a rise red; for requests a rise is neutral-good.
 */
export function StatCard({
  label,
  value,
  format,
  isLowerBetter = false,
  testId,
}: {
  label: string
  value: ChangeValue | undefined
  format: (n: number | null) => string
  isLowerBetter?: boolean
  testId: string
}) {
  const change = value?.change ?? null
  const tone =
    change === null || change === 0 ? 'flat' : change > 0 !== isLowerBetter ? 'good' : 'bad'
  return (
    <section className="stat-card" data-testid={testId} aria-label={label}>
      <h3>{label}</h3>
      <p className="stat-value">{format(value?.value ?? null)}</p>
      <p className={`stat-change ${tone}`}>
        {formatChange(change)}{' '}
        <span className="muted">vs previous ({format(value?.previous ?? null)})</span>
      </p>
    </section>
  )
}
