import { useSyncExternalStore } from 'react'

/**
 * A small history-API router: the dashboard has a handful of pages, so a path match and the
 * search string are all it needs (no dependency). Links push history entries; the browser's
 * back and forward buttons fire `popstate`, which every `useLocation` hears.
 */

const listeners = new Set<() => void>()
window.addEventListener('popstate', () => {
  for (const l of listeners) l()
})

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

const snapshot = () => window.location.pathname + window.location.search

/** The current path and search string; re-renders on navigation. */
export function useLocation(): { pathname: string; search: string } {
  const href = useSyncExternalStore(subscribe, snapshot)
  const q = href.indexOf('?')
  return q < 0
    ? { pathname: href, search: '' }
    : { pathname: href.slice(0, q), search: href.slice(q) }
}

/**
 * Goes to `to` (a path with an optional search string); `replace` rewrites the current entry
 * instead (for filter changes that should not each be a back-button step).
 * @example navigate('/traces?range=7d')
 */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return
  if (options.replace === true) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  for (const l of listeners) l()
}
