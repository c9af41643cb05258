import { useApp } from '../../app/app-context.js'
import { useApi } from '../../app/use-api.js'

/**
 * Whether the current project has stored any trace in the last 400 days (the longest range the
 * API reads); null while asking. False means a newcomer: pages show the empty state.
 */
export function useHasAnyTrace(): boolean | null {
  const { api, session } = useApp()
  const result = useApi(`any-trace:${session.projectId ?? ''}`, async (signal) => {
    const { data } = await api.get(
      '/api/v1/traces',
      { from: 'now-399d', per_page: 1, fields: 'trace_id,timestamp' },
      undefined,
      signal,
    )
    return data.length > 0
  })
  return result.data
}
