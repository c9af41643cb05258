/**
 * The waterfall rows of a trace: spans in tree order (each parent before its children,
 * siblings by start time), with their depth and their position on the trace's time axis.
 * A span whose parent is not in the trace (still arriving, or sampled away) is shown as a
 * root rather than dropped.
 */

export interface SpanTiming {
  span_id: string
  parent_span_id: string | null
  start_time: string
  end_time: string
}

export interface WaterfallRow<S extends SpanTiming> {
  span: S
  depth: number
  /** Start offset from the trace start, 0..1 of the trace duration. */
  offset: number
  /** Width, 0..1 of the trace duration; at least 0.005 so an instant span stays visible. */
  width: number
}

/**
 * @example buildWaterfall(detail.spans) // [{ span: root, depth: 0, offset: 0, width: 1 }, …]
 */
export function buildWaterfall<S extends SpanTiming>(spans: readonly S[]): WaterfallRow<S>[] {
  if (spans.length === 0) return []
  const starts = spans.map((s) => Date.parse(s.start_time))
  const ends = spans.map((s) => Date.parse(s.end_time))
  const t0 = Math.min(...starts)
  const total = Math.max(1, Math.max(...ends) - t0)
  const ids = new Set(spans.map((s) => s.span_id))
  const children = new Map<string | null, S[]>()
  for (const s of spans) {
    const parent = s.parent_span_id !== null && ids.has(s.parent_span_id) ? s.parent_span_id : null
    const list = children.get(parent) ?? []
    list.push(s)
    children.set(parent, list)
  }
  for (const list of children.values())
    list.sort((a, b) => Date.parse(a.start_time) - Date.parse(b.start_time))
  const rows: WaterfallRow<S>[] = []
  const seen = new Set<string>()
  const visit = (s: S, depth: number) => {
    // A cycle in parent ids (bad instrumentation) must not loop forever.
    if (seen.has(s.span_id)) return
    seen.add(s.span_id)
    const start = Date.parse(s.start_time)
    const end = Math.max(start, Date.parse(s.end_time))
    rows.push({
      span: s,
      depth,
      offset: (start - t0) / total,
      width: Math.max(0.005, (end - start) / total),
    })
    for (const child of children.get(s.span_id) ?? []) visit(child, depth + 1)
  }
  for (const root of children.get(null) ?? []) visit(root, 0)
  // Spans only reachable through a cycle have no root: list them at the top level.
  for (const s of spans) if (!seen.has(s.span_id)) visit(s, 0)
  return rows
}
