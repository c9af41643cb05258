import { useState, type FormEvent } from 'react'
import { navigate, useLocation } from '../../app/router.js'
import {
  describeRange,
  filterNames,
  parseGlobalQuery,
  rangePresets,
  writeGlobalQuery,
  type FilterName,
  type GlobalQuery,
} from './url-state.js'

/** Reads the global query from the URL; `setQuery` writes it back (a replace, not a push). */
export function useGlobalQuery(): [GlobalQuery, (next: GlobalQuery) => void] {
  const { pathname, search } = useLocation()
  const query = parseGlobalQuery(search)
  const setQuery = (next: GlobalQuery) => {
    const s = writeGlobalQuery(search, next)
    navigate(s === '' ? pathname : `${pathname}?${s}`, { replace: true })
  }
  return [query, setQuery]
}

/** datetime-local value (local time, minutes) of a Date. */
function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** The time-range picker (presets and a custom from/to) and the global filters, as chips. */
export function FilterBar() {
  const [query, setQuery] = useGlobalQuery()
  const [isCustomOpen, setCustomOpen] = useState(false)
  const [name, setName] = useState<FilterName>('model')
  const [value, setValue] = useState('')
  const now = new Date()
  const [from, setFrom] = useState(
    query.range.kind === 'custom'
      ? query.range.from
      : toLocalInput(new Date(now.getTime() - 86_400_000)),
  )
  const [to, setTo] = useState(query.range.kind === 'custom' ? query.range.to : toLocalInput(now))

  const addFilter = (event: FormEvent) => {
    event.preventDefault()
    const v = value.trim()
    if (v === '') return
    const existing = query.filters[name] ?? []
    const values = name === 'tag' ? [...existing.filter((x) => x !== v), v] : [v]
    setQuery({ ...query, filters: { ...query.filters, [name]: values } })
    setValue('')
  }
  const removeFilter = (filter: FilterName, v: string) => {
    const rest = (query.filters[filter] ?? []).filter((x) => x !== v)
    const filters = { ...query.filters }
    if (rest.length === 0) delete filters[filter]
    else filters[filter] = rest
    setQuery({ ...query, filters })
  }
  const rangeValue = query.range.kind === 'custom' ? 'custom' : query.range.preset

  return (
    <div className="filter-bar">
      <label className="range-picker">
        <span className="sr-only">Time range</span>
        <select
          aria-label="Time range"
          value={isCustomOpen ? 'custom' : rangeValue}
          onChange={(e) => {
            const v = e.target.value
            if (v === 'custom') setCustomOpen(true)
            else {
              setCustomOpen(false)
              setQuery({
                ...query,
                range: { kind: 'preset', preset: v as (typeof rangePresets)[number] },
              })
            }
          }}
        >
          {rangePresets.map((p) => (
            <option key={p} value={p}>
              {describeRange({ kind: 'preset', preset: p })}
            </option>
          ))}
          <option value="custom">
            {query.range.kind === 'custom' ? describeRange(query.range) : 'Custom…'}
          </option>
        </select>
      </label>
      {isCustomOpen && (
        <form
          className="custom-range"
          onSubmit={(e) => {
            e.preventDefault()
            if (Date.parse(from) < Date.parse(to)) {
              setQuery({ ...query, range: { kind: 'custom', from, to } })
              setCustomOpen(false)
            }
          }}
        >
          <input
            aria-label="From"
            type="datetime-local"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
          <input
            aria-label="To"
            type="datetime-local"
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
          <button type="submit">Apply</button>
        </form>
      )}
      <form className="add-filter" onSubmit={addFilter}>
        <select
          aria-label="Filter field"
          value={name}
          onChange={(e) => setName(e.target.value as FilterName)}
        >
          {filterNames.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <input
          aria-label="Filter value"
          placeholder="value"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit">Add filter</button>
      </form>
      <ul className="chips" aria-label="Active filters">
        {filterNames.flatMap((f) =>
          (query.filters[f] ?? []).map((v) => (
            <li key={`${f}=${v}`} className="chip">
              <span>
                {f}: <strong>{v}</strong>
              </span>
              <button
                type="button"
                aria-label={`Remove ${f} ${v}`}
                onClick={() => removeFilter(f, v)}
              >
                ×
              </button>
            </li>
          )),
        )}
      </ul>
    </div>
  )
}
