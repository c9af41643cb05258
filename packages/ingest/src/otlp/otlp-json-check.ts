import { ObservatoryError } from '@llm-observatory/core'
import type { OtlpLogsRequest, OtlpMetricsRequest, OtlpTracesRequest } from './otlp-types.js'

// Checks a parsed OTLP/JSON body against the shape the normalizers read, fixing in place the
// quirks real senders produce, so that nothing downstream meets a string where it iterates an
// array. Rules (OTLP/JSON mapping of the protobuf messages):
// - a field that is null counts as absent and is removed (proto3 JSON mapping);
// - unknown fields are ignored and kept;
// - ids: hex (any case, lowered) or base64 of 16/8 bytes (converted to hex); anything else is
//   kept as sent, and the normalizer rejects that span or drops that log's link;
// - int64: JSON number or decimal string, kept as sent; int32/uint32: number or decimal string,
//   stored as a number; enums: number or the enum value's name (`SPAN_KIND_CLIENT`);
// - a wrong type anywhere rejects the whole body (what the protobuf JSON parsers do), with a
//   message naming the field and never its value.

type Obj = Record<string, unknown>

/** Deeper AnyValue nesting than this is an attack or a bug, not telemetry. */
const maxValueDepth = 64

const spanKinds: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
}
const statusCodes: Record<string, number> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
}
const temporalities: Record<string, number> = {
  AGGREGATION_TEMPORALITY_UNSPECIFIED: 0,
  AGGREGATION_TEMPORALITY_DELTA: 1,
  AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
}
const severityNumbers: Record<string, number> = { SEVERITY_NUMBER_UNSPECIFIED: 0 }
for (const [i, name] of ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].entries()) {
  severityNumbers[`SEVERITY_NUMBER_${name}`] = i * 4 + 1
  for (let n = 2; n <= 4; n++) severityNumbers[`SEVERITY_NUMBER_${name}${n}`] = i * 4 + n
}

/** Checks and fixes a parsed `ExportTraceServiceRequest` in OTLP/JSON (see file comment). */
export function checkTracesJson(value: unknown): OtlpTracesRequest {
  const root = rootObject(value, 'ExportTraceServiceRequest')
  for (const rs of arrayField(root, 'resourceSpans', 'request')) {
    const r = objectItem(rs, 'resourceSpans[]')
    resourceField(r)
    stringField(r, 'schemaUrl', 'resourceSpans[]')
    for (const ss of arrayField(r, 'scopeSpans', 'resourceSpans[]')) {
      const s = objectItem(ss, 'scopeSpans[]')
      scopeField(s)
      stringField(s, 'schemaUrl', 'scopeSpans[]')
      for (const span of arrayField(s, 'spans', 'scopeSpans[]')) checkSpan(objectItem(span, 'span'))
    }
  }
  return root
}

/** Checks and fixes a parsed `ExportLogsServiceRequest` in OTLP/JSON (see file comment). */
export function checkLogsJson(value: unknown): OtlpLogsRequest {
  const root = rootObject(value, 'ExportLogsServiceRequest')
  for (const rl of arrayField(root, 'resourceLogs', 'request')) {
    const r = objectItem(rl, 'resourceLogs[]')
    resourceField(r)
    stringField(r, 'schemaUrl', 'resourceLogs[]')
    for (const sl of arrayField(r, 'scopeLogs', 'resourceLogs[]')) {
      const s = objectItem(sl, 'scopeLogs[]')
      scopeField(s)
      stringField(s, 'schemaUrl', 'scopeLogs[]')
      for (const rec of arrayField(s, 'logRecords', 'scopeLogs[]')) {
        checkLogRecord(objectItem(rec, 'logRecord'))
      }
    }
  }
  return root
}

/** Checks and fixes a parsed `ExportMetricsServiceRequest` in OTLP/JSON (see file comment). */
export function checkMetricsJson(value: unknown): OtlpMetricsRequest {
  const root = rootObject(value, 'ExportMetricsServiceRequest')
  for (const rm of arrayField(root, 'resourceMetrics', 'request')) {
    const r = objectItem(rm, 'resourceMetrics[]')
    resourceField(r)
    stringField(r, 'schemaUrl', 'resourceMetrics[]')
    for (const sm of arrayField(r, 'scopeMetrics', 'resourceMetrics[]')) {
      const s = objectItem(sm, 'scopeMetrics[]')
      scopeField(s)
      stringField(s, 'schemaUrl', 'scopeMetrics[]')
      for (const m of arrayField(s, 'metrics', 'scopeMetrics[]'))
        checkMetric(objectItem(m, 'metric'))
    }
  }
  return root
}

function checkSpan(s: Obj): void {
  idField(s, 'traceId', 16, 'span')
  idField(s, 'spanId', 8, 'span')
  idField(s, 'parentSpanId', 8, 'span')
  stringField(s, 'traceState', 'span')
  uint32Field(s, 'flags', 'span')
  stringField(s, 'name', 'span')
  enumField(s, 'kind', spanKinds, 'span', 'SpanKind')
  int64Field(s, 'startTimeUnixNano', 'span')
  int64Field(s, 'endTimeUnixNano', 'span')
  attributesField(s, 'attributes', 'span')
  uint32Field(s, 'droppedAttributesCount', 'span')
  uint32Field(s, 'droppedEventsCount', 'span')
  uint32Field(s, 'droppedLinksCount', 'span')
  for (const ev of arrayField(s, 'events', 'span')) {
    const e = objectItem(ev, 'span.events[]')
    int64Field(e, 'timeUnixNano', 'span.events[]')
    stringField(e, 'name', 'span.events[]')
    attributesField(e, 'attributes', 'span.events[]')
    uint32Field(e, 'droppedAttributesCount', 'span.events[]')
  }
  for (const lk of arrayField(s, 'links', 'span')) {
    const l = objectItem(lk, 'span.links[]')
    idField(l, 'traceId', 16, 'span.links[]')
    idField(l, 'spanId', 8, 'span.links[]')
    stringField(l, 'traceState', 'span.links[]')
    attributesField(l, 'attributes', 'span.links[]')
    uint32Field(l, 'droppedAttributesCount', 'span.links[]')
    uint32Field(l, 'flags', 'span.links[]')
  }
  const status = objectField(s, 'status', 'span')
  if (status) {
    enumField(status, 'code', statusCodes, 'span.status', 'StatusCode')
    stringField(status, 'message', 'span.status')
  }
}

function checkLogRecord(r: Obj): void {
  int64Field(r, 'timeUnixNano', 'logRecord')
  int64Field(r, 'observedTimeUnixNano', 'logRecord')
  enumField(r, 'severityNumber', severityNumbers, 'logRecord', 'SeverityNumber')
  stringField(r, 'severityText', 'logRecord')
  if (r['body'] === null) delete r['body']
  else if (r['body'] !== undefined) checkAnyValue(r['body'], 0)
  attributesField(r, 'attributes', 'logRecord')
  uint32Field(r, 'droppedAttributesCount', 'logRecord')
  uint32Field(r, 'flags', 'logRecord')
  idField(r, 'traceId', 16, 'logRecord')
  idField(r, 'spanId', 8, 'logRecord')
  stringField(r, 'eventName', 'logRecord')
}

function checkMetric(m: Obj): void {
  stringField(m, 'name', 'metric')
  stringField(m, 'description', 'metric')
  stringField(m, 'unit', 'metric')
  attributesField(m, 'metadata', 'metric')
  const gauge = objectField(m, 'gauge', 'metric')
  if (gauge) for (const p of arrayField(gauge, 'dataPoints', 'gauge')) checkNumberPoint(p)
  const sum = objectField(m, 'sum', 'metric')
  if (sum) {
    for (const p of arrayField(sum, 'dataPoints', 'sum')) checkNumberPoint(p)
    enumField(sum, 'aggregationTemporality', temporalities, 'sum', 'AggregationTemporality')
    boolField(sum, 'isMonotonic', 'sum')
  }
  const histogram = objectField(m, 'histogram', 'metric')
  if (histogram) {
    for (const dp of arrayField(histogram, 'dataPoints', 'histogram')) {
      const p = pointCommon(dp, 'histogram.dataPoints[]')
      int64Field(p, 'count', 'histogram.dataPoints[]')
      doubleField(p, 'sum', 'histogram.dataPoints[]')
      doubleField(p, 'min', 'histogram.dataPoints[]')
      doubleField(p, 'max', 'histogram.dataPoints[]')
      for (const c of arrayField(p, 'bucketCounts', 'histogram.dataPoints[]')) {
        if (!isInt64(c)) fail('histogram.dataPoints[].bucketCounts[] must be integers')
      }
      for (const b of arrayField(p, 'explicitBounds', 'histogram.dataPoints[]')) {
        if (!isDouble(b)) fail('histogram.dataPoints[].explicitBounds[] must be numbers')
      }
    }
    enumField(
      histogram,
      'aggregationTemporality',
      temporalities,
      'histogram',
      'AggregationTemporality',
    )
  }
  const exp = objectField(m, 'exponentialHistogram', 'metric')
  if (exp) {
    const where = 'exponentialHistogram.dataPoints[]'
    for (const dp of arrayField(exp, 'dataPoints', 'exponentialHistogram')) {
      const p = pointCommon(dp, where)
      int64Field(p, 'count', where)
      doubleField(p, 'sum', where)
      doubleField(p, 'min', where)
      doubleField(p, 'max', where)
      doubleField(p, 'zeroThreshold', where)
      int32Field(p, 'scale', where)
      int64Field(p, 'zeroCount', where)
      for (const side of ['positive', 'negative']) {
        const b = objectField(p, side, where)
        if (!b) continue
        int32Field(b, 'offset', `${where}.${side}`)
        for (const c of arrayField(b, 'bucketCounts', `${where}.${side}`)) {
          if (!isInt64(c)) fail(`${where}.${side}.bucketCounts[] must be integers`)
        }
      }
    }
    enumField(
      exp,
      'aggregationTemporality',
      temporalities,
      'exponentialHistogram',
      'AggregationTemporality',
    )
  }
  const summary = objectField(m, 'summary', 'metric')
  if (summary) {
    for (const dp of arrayField(summary, 'dataPoints', 'summary')) {
      const p = pointCommon(dp, 'summary.dataPoints[]')
      int64Field(p, 'count', 'summary.dataPoints[]')
      doubleField(p, 'sum', 'summary.dataPoints[]')
      for (const qv of arrayField(p, 'quantileValues', 'summary.dataPoints[]')) {
        const q = objectItem(qv, 'summary.dataPoints[].quantileValues[]')
        doubleField(q, 'quantile', 'summary.dataPoints[].quantileValues[]')
        doubleField(q, 'value', 'summary.dataPoints[].quantileValues[]')
      }
    }
  }
}

function checkNumberPoint(dp: unknown): void {
  const p = pointCommon(dp, 'dataPoints[]')
  doubleField(p, 'asDouble', 'dataPoints[]')
  int64Field(p, 'asInt', 'dataPoints[]')
}

/** Fields every data point kind shares. */
function pointCommon(dp: unknown, where: string): Obj {
  const p = objectItem(dp, where)
  attributesField(p, 'attributes', where)
  int64Field(p, 'startTimeUnixNano', where)
  int64Field(p, 'timeUnixNano', where)
  uint32Field(p, 'flags', where)
  for (const ex of arrayField(p, 'exemplars', where)) {
    const e = objectItem(ex, `${where}.exemplars[]`)
    attributesField(e, 'filteredAttributes', `${where}.exemplars[]`)
    int64Field(e, 'timeUnixNano', `${where}.exemplars[]`)
    doubleField(e, 'asDouble', `${where}.exemplars[]`)
    int64Field(e, 'asInt', `${where}.exemplars[]`)
    idField(e, 'spanId', 8, `${where}.exemplars[]`)
    idField(e, 'traceId', 16, `${where}.exemplars[]`)
  }
  return p
}

function resourceField(parent: Obj): void {
  const r = objectField(parent, 'resource', 'resource')
  if (!r) return
  attributesField(r, 'attributes', 'resource')
  uint32Field(r, 'droppedAttributesCount', 'resource')
  for (const ref of arrayField(r, 'entityRefs', 'resource')) {
    const e = objectItem(ref, 'resource.entityRefs[]')
    stringField(e, 'schemaUrl', 'resource.entityRefs[]')
    stringField(e, 'type', 'resource.entityRefs[]')
    for (const k of ['idKeys', 'descriptionKeys']) {
      for (const s of arrayField(e, k, 'resource.entityRefs[]')) {
        if (typeof s !== 'string') fail(`resource.entityRefs[].${k}[] must be strings`)
      }
    }
  }
}

function scopeField(parent: Obj): void {
  const s = objectField(parent, 'scope', 'scope')
  if (!s) return
  stringField(s, 'name', 'scope')
  stringField(s, 'version', 'scope')
  attributesField(s, 'attributes', 'scope')
  uint32Field(s, 'droppedAttributesCount', 'scope')
}

function attributesField(o: Obj, key: string, where: string): void {
  for (const kv of arrayField(o, key, where)) checkKeyValue(kv, 0)
}

function checkKeyValue(kv: unknown, depth: number): void {
  const o = objectItem(kv, 'attribute')
  const key = o['key']
  if (key === undefined || key === null) o['key'] = ''
  else if (typeof key !== 'string') fail('attribute.key must be a string')
  if (o['value'] === null) delete o['value']
  else if (o['value'] !== undefined) checkAnyValue(o['value'], depth)
}

function checkAnyValue(v: unknown, depth: number): void {
  if (depth > maxValueDepth) fail(`attribute values nest deeper than ${maxValueDepth} levels`)
  const o = objectItem(v, 'AnyValue')
  // Senders set one member; check each present one without assuming which.
  stringField(o, 'stringValue', 'AnyValue')
  boolField(o, 'boolValue', 'AnyValue')
  int64Field(o, 'intValue', 'AnyValue')
  doubleField(o, 'doubleValue', 'AnyValue')
  stringField(o, 'bytesValue', 'AnyValue')
  const arr = objectField(o, 'arrayValue', 'AnyValue')
  if (arr)
    for (const item of arrayField(arr, 'values', 'AnyValue.arrayValue'))
      checkAnyValue(item, depth + 1)
  const kvl = objectField(o, 'kvlistValue', 'AnyValue')
  if (kvl)
    for (const kv of arrayField(kvl, 'values', 'AnyValue.kvlistValue')) checkKeyValue(kv, depth + 1)
}

function rootObject(value: unknown, type: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`The body must be a JSON object (an OTLP ${type}).`)
  }
  return value as Obj
}

const noItems: readonly unknown[] = []

function arrayField(o: Obj, key: string, where: string): readonly unknown[] {
  const v = o[key]
  if (v === undefined) return noItems
  if (v === null) {
    delete o[key]
    return noItems
  }
  if (!Array.isArray(v)) fail(`${where}.${key} must be an array`)
  return v
}

function objectItem(v: unknown, where: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${where} must be an object`)
  return v as Obj
}

function objectField(o: Obj, key: string, where: string): Obj | undefined {
  const v = o[key]
  if (v === undefined) return undefined
  if (v === null) {
    delete o[key]
    return undefined
  }
  return objectItem(v, `${where}.${key}`)
}

function stringField(o: Obj, key: string, where: string): void {
  const v = o[key]
  if (typeof v === 'string' || v === undefined) return
  if (v === null) delete o[key]
  else fail(`${where}.${key} must be a string`)
}

function boolField(o: Obj, key: string, where: string): void {
  const v = o[key]
  if (typeof v === 'boolean' || v === undefined) return
  if (v === null) delete o[key]
  else fail(`${where}.${key} must be a boolean`)
}

const int64Text = /^-?\d{1,20}$/

function isInt64(v: unknown): boolean {
  return typeof v === 'string' ? int64Text.test(v) : Number.isInteger(v)
}

function int64Field(o: Obj, key: string, where: string): void {
  const v = o[key]
  if (v === undefined || isInt64(v)) return
  if (v === null) delete o[key]
  else fail(`${where}.${key} must be an integer (number or decimal string)`)
}

function int32Field(o: Obj, key: string, where: string): void {
  const v = o[key]
  if (v === undefined || Number.isInteger(v)) return
  if (v === null) delete o[key]
  else if (typeof v === 'string' && /^-?\d{1,10}$/.test(v)) o[key] = Number(v)
  else fail(`${where}.${key} must be an integer`)
}

function uint32Field(o: Obj, key: string, where: string): void {
  int32Field(o, key, where)
  const v = o[key]
  if (typeof v === 'number' && (v < 0 || v > 0xffffffff)) {
    fail(`${where}.${key} must be an integer from 0 to 4294967295`)
  }
}

const doubleText = /^(NaN|-?Infinity|-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)$/

function isDouble(v: unknown): boolean {
  return typeof v === 'number' || (typeof v === 'string' && doubleText.test(v))
}

function doubleField(o: Obj, key: string, where: string): void {
  const v = o[key]
  if (v === undefined || isDouble(v)) return
  if (v === null) delete o[key]
  else fail(`${where}.${key} must be a number`)
}

function enumField(
  o: Obj,
  key: string,
  names: Record<string, number>,
  where: string,
  enumName: string,
): void {
  const v = o[key]
  if (v === undefined || Number.isInteger(v)) return
  if (v === null) delete o[key]
  else if (typeof v === 'string' && Object.hasOwn(names, v)) o[key] = names[v]
  else if (typeof v === 'string' && /^\d{1,10}$/.test(v)) o[key] = Number(v)
  else fail(`${where}.${key} must be an integer or a ${enumName} name`)
}

const hexId = /^[0-9a-fA-F]+$/
const base64Id = /^[A-Za-z0-9+/_-]+={0,2}$/

/**
 * OTLP/JSON ids are hex, but some senders emit the protobuf JSON default (base64 of the bytes):
 * a base64 string that decodes to exactly `bytes` bytes becomes hex. Other strings stay as sent.
 */
function idField(o: Obj, key: string, bytes: number, where: string): void {
  const v = o[key]
  if (v === undefined) return
  if (v === null) {
    delete o[key]
    return
  }
  if (typeof v !== 'string') fail(`${where}.${key} must be a hex string`)
  if (v.length === bytes * 2 && hexId.test(v)) {
    o[key] = v.toLowerCase()
    return
  }
  if (v.length >= Math.floor((bytes * 4) / 3) && v.length <= 4 * Math.ceil(bytes / 3)) {
    if (base64Id.test(v)) {
      const decoded = Buffer.from(v, 'base64')
      if (decoded.length === bytes) o[key] = decoded.toString('hex')
    }
  }
}

function fail(message: string): never {
  throw new ObservatoryError('ERR_INGEST_UNDECODABLE', { message })
}
