import type { Score } from '@llm-observatory/core'
import { microsToIso } from '@llm-observatory/core'
import type { ScoreJson } from '@llm-observatory/contracts'

/**
 * A stored score as the API shows it: `value` is a number (numeric), a boolean (boolean,
 * stored as 0/1) or a string (categorical), so clients need not look at `data_type` to read it.
 * @example scoreToJson(makeScore({ dataType: 'boolean', value: 1 })).value // true
 */
export function scoreToJson(score: Score): ScoreJson {
  const value =
    score.dataType === 'categorical'
      ? score.stringValue
      : score.dataType === 'boolean'
        ? score.value === null
          ? null
          : score.value !== 0
        : score.value
  return {
    id: score.scoreId,
    name: score.name,
    data_type: score.dataType,
    value,
    comment: score.comment,
    source: score.source,
    trace_id: score.traceId,
    span_id: score.spanId,
    session_id: score.sessionId,
    timestamp: microsToIso(score.timeUs),
  }
}
