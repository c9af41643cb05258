import { useEffect, useState } from 'react'

export interface Loadable<T> {
  data: T | null
  error: Error | null
  isLoading: boolean
}

/**
 * Runs `load` when `key` changes and keeps the latest answer; an older request finishing
 * late is dropped (its AbortSignal fires). The previous data stays while reloading, so charts
 * do not flash empty on a filter change.
 * @example const dash = useApi(`dash:${search}`, (signal) => api.get(…, signal))
 */
export function useApi<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Loadable<T> {
  const [state, setState] = useState<Loadable<T>>({ data: null, error: null, isLoading: true })
  useEffect(() => {
    const controller = new AbortController()
    setState((s) => ({ ...s, isLoading: true }))
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: null, isLoading: false })
      },
      (error: unknown) => {
        if (controller.signal.aborted) return
        setState({
          data: null,
          error: error instanceof Error ? error : new Error(String(error)),
          isLoading: false,
        })
      },
    )
    return () => controller.abort()
    // `key` names everything `load` reads; `load` itself is a new closure on every render.
  }, [key])
  return state
}
