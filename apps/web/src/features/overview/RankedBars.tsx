export interface RankedRow {
  label: string
  value: number | null
  /** Extra cells after the label and value (e.g. request counts). */
  extra?: string[]
}

/**
 * A ranked table with an inline bar per row, scaled to the largest value: the compact chart
 * for "cost by model" and "top users", readable as a table too.
 */
export function RankedBars({
  rows,
  format,
  columns,
  title,
}: {
  rows: RankedRow[]
  format: (n: number | null) => string
  columns: string[]
  title: string
}) {
  const max = Math.max(0, ...rows.map((r) => r.value ?? 0))
  if (rows.length === 0) return <p className="muted">No data in this range.</p>
  return (
    <table className="ranked" aria-label={title}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <td className="ranked-label">
              <span
                className="bar"
                style={{ width: `${max > 0 ? ((r.value ?? 0) / max) * 100 : 0}%` }}
              />
              <span className="bar-text">{r.label}</span>
            </td>
            <td className="num">{format(r.value)}</td>
            {(r.extra ?? []).map((x, i) => (
              <td key={i} className="num">
                {x}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
