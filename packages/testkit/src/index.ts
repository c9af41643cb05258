export {
  randomProjectId,
  randomTraceId,
  randomSpanId,
  defaultTimeUs,
  makeSpan,
  makeLog,
  makeMetricPoint,
  makeEvent,
  makeScore,
  makeProject,
  makeApiKey,
} from './factories.js'
