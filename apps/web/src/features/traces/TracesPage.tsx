import { useEffect, useRef, useState } from 'react'
import { useApp } from '../../app/app-context.js'
import { Link } from '../../app/Link.js'
import type { TraceSummary } from '../../api/api-types.js'
import { formatCost, formatCount, formatLatency, formatTimestamp } from '../../shared/format.js'
import { FilterBar, useGlobalQuery } from '../filters/FilterBar.js'
import { toApiParams } from '../filters/url-state.js'

const sortOptions = [
  { value: '', label: 'Newest first' },
  { value: 'timestamp', label: 'Oldest first' },
  { value: '-latency_ms', label: 'Slowest first' },
  { value: '-cost_usd', label: 'Most expensive first' },
  { value: '-total_tokens', label: 'Most tokens first' },
]
const pageSize = 50

interface ListState {
  items: TraceSummary[]
  total: number | null
  /** Where the next page starts: a cursor (default order) or a page number (sorted); null: end. */
  next: { cursor: string } | { page: number } | null
  isLoading: boolean
  error: string | null
}

/**
 * The trace list under the global range and filters, with full-text search, status, sort, and
 * infinite scroll (the API's next_cursor in the default order, page numbers when sorted).
 */
export function TracesPage() {
  const { api, session } = useApp()
  const [query] = useGlobalQuery()
  const [search, setSearch] = useState('')
  const [q, setQ] = useState('')
  const [status, setStatus] = useState('')
  const [sort, setSort] = useState('')
  const [state, setState] = useState<ListState>({
    items: [],
    total: null,
    next: null,
    isLoading: true,
    error: null,
  })
  const sentinel = useRef<HTMLDivElement>(null)
  const params = {
    ...toApiParams(query),
    ...(q !== '' ? { q } : {}),
    ...(status !== '' ? { status } : {}),
    ...(sort !== '' ? { sort } : {}),
  }
  const key = `${session.projectId ?? ''}:${JSON.stringify(params)}`
  const generation = useRef(0)

  const load = async (next: ListState['next'], isFirst: boolean) => {
    const mine = isFirst ? ++generation.current : generation.current
    setState((s) => ({ ...s, isLoading: true, error: null }))
    try {
      const { data, pagination } = await api.get('/api/v1/traces', {
        ...params,
        per_page: pageSize,
        ...(next !== null && 'cursor' in next ? { cursor: next.cursor } : {}),
        ...(next !== null && 'page' in next ? { page: next.page } : {}),
      })
      if (mine !== generation.current) return
      const following: ListState['next'] =
        pagination?.has_next !== true
          ? null
          : pagination.next_cursor !== null
            ? { cursor: pagination.next_cursor }
            : { page: pagination.page + 1 }
      setState((s) => ({
        items: isFirst ? data : [...s.items, ...data],
        total: pagination?.total_items ?? null,
        next: following,
        isLoading: false,
        error: null,
      }))
    } catch (err) {
      if (mine !== generation.current) return
      setState((s) => ({
        ...s,
        isLoading: false,
        error: err instanceof Error ? err.message : String(err),
      }))
    }
  }

  useEffect(() => {
    void load(null, true)
    // `key` holds every parameter `load` reads.
  }, [key])

  useEffect(() => {
    const el = sentinel.current
    if (el === null) return
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && state.next !== null && !state.isLoading)
        void load(state.next, false)
    })
    observer.observe(el)
    return () => observer.disconnect()
  })

  return (
    <div className="page">
      <header className="page-header">
        <h1>Traces</h1>
        <FilterBar />
        <form
          className="list-controls"
          onSubmit={(e) => {
            e.preventDefault()
            setQ(search.trim())
          }}
        >
          <input
            type="search"
            aria-label="Search prompts and responses"
            placeholder="Search prompts and responses"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any status</option>
            <option value="ok">OK</option>
            <option value="error">Error</option>
          </select>
          <select aria-label="Sort" value={sort} onChange={(e) => setSort(e.target.value)}>
            {sortOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <button type="submit">Search</button>
        </form>
      </header>
      {state.error !== null && (
        <p className="error" role="alert">
          {state.error}
        </p>
      )}
      <p className="muted small" data-testid="trace-count">
        {state.total === null ? 'Loading…' : `${formatCount(state.total)} traces`}
      </p>
      <div className="table-scroll">
        <table className="traces" aria-label="Traces">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Name</th>
              <th scope="col" className="num">
                Latency
              </th>
              <th scope="col" className="num">
                Tokens
              </th>
              <th scope="col" className="num">
                Cost
              </th>
              <th scope="col" className="hide-narrow">
                User
              </th>
              <th scope="col" className="hide-narrow">
                Service
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {state.items.map((t) => (
              <tr key={t.trace_id}>
                <td className="nowrap">{formatTimestamp(t.timestamp)}</td>
                <td>
                  <Link href={`/traces/${t.trace_id}`}>{t.name ?? t.trace_id}</Link>
                </td>
                <td className="num">{formatLatency(t.latency_ms)}</td>
                <td className="num">{formatCount(t.total_tokens)}</td>
                <td className="num">{formatCost(t.cost_usd)}</td>
                <td className="hide-narrow">{t.user_id ?? '–'}</td>
                <td className="hide-narrow">{t.service ?? '–'}</td>
                <td>
                  <span className={`status ${t.status}`}>{t.status}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div ref={sentinel} className="sentinel">
        {state.isLoading
          ? 'Loading…'
          : state.next === null && state.items.length > 0
            ? 'End of list'
            : ''}
      </div>
    </div>
  )
}
