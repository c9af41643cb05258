import type {
  OtlpAnyValue,
  OtlpExemplar,
  OtlpExponentialHistogramBuckets,
  OtlpExponentialHistogramDataPoint,
  OtlpHistogramDataPoint,
  OtlpKeyValue,
  OtlpLogRecord,
  OtlpLogsRequest,
  OtlpMetric,
  OtlpMetricsRequest,
  OtlpNumberDataPoint,
  OtlpResource,
  OtlpScope,
  OtlpSpan,
  OtlpSpanEvent,
  OtlpSpanLink,
  OtlpSummaryDataPoint,
  OtlpTracesRequest,
} from './otlp-types.js'
import { WireReader } from './otlp-wire-reader.js'

// OTLP protobuf messages (opentelemetry-proto 1.7, the version of the protobufjs codecs we ship)
// decoded straight into the OTLP/JSON shape in one pass, without intermediate message objects.
//
// Each `switch` is the message's field table: `case` labels are full tags,
// `(field << 3) | wireType`, with the field number and type in the comment, so a known field sent
// with another wire type is skipped like an unknown one. A field is in the output exactly when it
// was on the wire (what protobufjs `toObject({ defaults: false })` gives, and what the
// `*.decoded.json` fixtures hold); a repeated scalar may come packed or not. The tests compare
// this decoder with the protobufjs codecs on every fixture and on generated messages.
//
// Why not protobufjs `decode` plus a conversion pass: on the fixture spans batched 512 per
// request (1.4 KB each), that did ~160k spans/s on one core here, this ~220k (protobufjs
// `decode` alone ~200k; `toObject` plus an id fix-up pass, what the fixture scripts do, ~40k);
// see bench/otlp-decode-bench.ts. The codecs stay for encoding responses and requests.

/** Decodes an `ExportTraceServiceRequest` body. Throws RangeError on malformed input. */
export function readTracesRequest(input: Uint8Array): OtlpTracesRequest {
  const r = new WireReader(input)
  const out: OtlpTracesRequest = {}
  while (r.pos < r.len) {
    const tag = r.uint32()
    if (tag === 0x0a) (out.resourceSpans ??= []).push(readResourceSpans(r, r.delimited()))
    else r.skip(tag)
  }
  return out
}

/** Decodes an `ExportLogsServiceRequest` body. Throws RangeError on malformed input. */
export function readLogsRequest(input: Uint8Array): OtlpLogsRequest {
  const r = new WireReader(input)
  const out: OtlpLogsRequest = {}
  while (r.pos < r.len) {
    const tag = r.uint32()
    if (tag === 0x0a) (out.resourceLogs ??= []).push(readResourceLogs(r, r.delimited()))
    else r.skip(tag)
  }
  return out
}

/** Decodes an `ExportMetricsServiceRequest` body. Throws RangeError on malformed input. */
export function readMetricsRequest(input: Uint8Array): OtlpMetricsRequest {
  const r = new WireReader(input)
  const out: OtlpMetricsRequest = {}
  while (r.pos < r.len) {
    const tag = r.uint32()
    if (tag === 0x0a) (out.resourceMetrics ??= []).push(readResourceMetrics(r, r.delimited()))
    else r.skip(tag)
  }
  return out
}

type ResourceSpans = NonNullable<OtlpTracesRequest['resourceSpans']>[number]
type ScopeSpans = NonNullable<ResourceSpans['scopeSpans']>[number]
type ResourceLogs = NonNullable<OtlpLogsRequest['resourceLogs']>[number]
type ScopeLogs = NonNullable<ResourceLogs['scopeLogs']>[number]
type ResourceMetrics = NonNullable<OtlpMetricsRequest['resourceMetrics']>[number]
type ScopeMetrics = NonNullable<ResourceMetrics['scopeMetrics']>[number]
type EntityRef = NonNullable<OtlpResource['entityRefs']>[number]
type Status = NonNullable<OtlpSpan['status']>
type NumberPoints = NonNullable<OtlpMetric['sum']>
type Histogram = NonNullable<OtlpMetric['histogram']>
type ExpHistogram = NonNullable<OtlpMetric['exponentialHistogram']>
type Summary = NonNullable<OtlpMetric['summary']>
type Quantile = NonNullable<OtlpSummaryDataPoint['quantileValues']>[number]

// ---- traces -------------------------------------------------------------------------------

function readResourceSpans(r: WireReader, end: number): ResourceSpans {
  const o: ResourceSpans = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x0a: o.resource = readResource(r, r.delimited()); break // 1 Resource
      case 0x12: (o.scopeSpans ??= []).push(readScopeSpans(r, r.delimited())); break // 2 repeated ScopeSpans
      case 0x1a: o.schemaUrl = r.string(); break // 3 string
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

function readScopeSpans(r: WireReader, end: number): ScopeSpans {
  const o: ScopeSpans = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x0a: o.scope = readScope(r, r.delimited()); break // 1 InstrumentationScope
      case 0x12: (o.spans ??= []).push(readSpan(r, r.delimited())); break // 2 repeated Span
      case 0x1a: o.schemaUrl = r.string(); break // 3 string
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

function readSpan(r: WireReader, end: number): OtlpSpan {
  const o: OtlpSpan = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x0a: o.traceId = r.hex(); break // 1 bytes
      case 0x12: o.spanId = r.hex(); break // 2 bytes
      case 0x1a: o.traceState = r.string(); break // 3 string
      case 0x22: o.parentSpanId = r.hex(); break // 4 bytes
      case 0x2a: o.name = r.string(); break // 5 string
      case 0x30: o.kind = r.int32(); break // 6 SpanKind
      case 0x39: o.startTimeUnixNano = r.fixed64Text(); break // 7 fixed64
      case 0x41: o.endTimeUnixNano = r.fixed64Text(); break // 8 fixed64
      case 0x4a: (o.attributes ??= []).push(readKeyValue(r, r.delimited(), 0)); break // 9 repeated KeyValue
      case 0x50: o.droppedAttributesCount = r.uint32(); break // 10 uint32
      case 0x5a: (o.events ??= []).push(readSpanEvent(r, r.delimited())); break // 11 repeated Event
      case 0x60: o.droppedEventsCount = r.uint32(); break // 12 uint32
      case 0x6a: (o.links ??= []).push(readSpanLink(r, r.delimited())); break // 13 repeated Link
      case 0x70: o.droppedLinksCount = r.uint32(); break // 14 uint32
      case 0x7a: o.status = readStatus(r, r.delimited()); break // 15 Status
      case 0x85: o.flags = r.fixed32(); break // 16 fixed32 (tag bytes 0x85 0x01)
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

function readStatus(r: WireReader, end: number): Status {
  const o: Status = {}
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === 0x12)
      o.message = r.string() // 2 string
    else if (tag === 0x18)
      o.code = r.int32() // 3 StatusCode
    else r.skip(tag)
  }
  r.end(end)
  return o
}

function readSpanEvent(r: WireReader, end: number): OtlpSpanEvent {
  const o: OtlpSpanEvent = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x09: o.timeUnixNano = r.fixed64Text(); break // 1 fixed64
      case 0x12: o.name = r.string(); break // 2 string
      case 0x1a: (o.attributes ??= []).push(readKeyValue(r, r.delimited(), 0)); break // 3 repeated KeyValue
      case 0x20: o.droppedAttributesCount = r.uint32(); break // 4 uint32
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

function readSpanLink(r: WireReader, end: number): OtlpSpanLink {
  const o: OtlpSpanLink = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x0a: o.traceId = r.hex(); break // 1 bytes
      case 0x12: o.spanId = r.hex(); break // 2 bytes
      case 0x1a: o.traceState = r.string(); break // 3 string
      case 0x22: (o.attributes ??= []).push(readKeyValue(r, r.delimited(), 0)); break // 4 repeated KeyValue
      case 0x28: o.droppedAttributesCount = r.uint32(); break // 5 uint32
      case 0x35: o.flags = r.fixed32(); break // 6 fixed32
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

// ---- logs ---------------------------------------------------------------------------------

function readResourceLogs(r: WireReader, end: number): ResourceLogs {
  const o: ResourceLogs = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x0a: o.resource = readResource(r, r.delimited()); break // 1 Resource
      case 0x12: (o.scopeLogs ??= []).push(readScopeLogs(r, r.delimited())); break // 2 repeated ScopeLogs
      case 0x1a: o.schemaUrl = r.string(); break // 3 string
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

function readScopeLogs(r: WireReader, end: number): ScopeLogs {
  const o: ScopeLogs = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x0a: o.scope = readScope(r, r.delimited()); break // 1 InstrumentationScope
      case 0x12: (o.logRecords ??= []).push(readLogRecord(r, r.delimited())); break // 2 repeated LogRecord
      case 0x1a: o.schemaUrl = r.string(); break // 3 string
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

function readLogRecord(r: WireReader, end: number): OtlpLogRecord {
  const o: OtlpLogRecord = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x09: o.timeUnixNano = r.fixed64Text(); break // 1 fixed64
      case 0x10: o.severityNumber = r.int32(); break // 2 SeverityNumber
      case 0x1a: o.severityText = r.string(); break // 3 string
      case 0x2a: o.body = readAnyValue(r, r.delimited(), 0); break // 5 AnyValue
      case 0x32: (o.attributes ??= []).push(readKeyValue(r, r.delimited(), 0)); break // 6 repeated KeyValue
      case 0x38: o.droppedAttributesCount = r.uint32(); break // 7 uint32
      case 0x45: o.flags = r.fixed32(); break // 8 fixed32
      case 0x4a: o.traceId = r.hex(); break // 9 bytes
      case 0x52: o.spanId = r.hex(); break // 10 bytes
      case 0x59: o.observedTimeUnixNano = r.fixed64Text(); break // 11 fixed64
      case 0x62: o.eventName = r.string(); break // 12 string
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

// ---- metrics ------------------------------------------------------------------------------

function readResourceMetrics(r: WireReader, end: number): ResourceMetrics {
  const o: ResourceMetrics = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x0a: o.resource = readResource(r, r.delimited()); break // 1 Resource
      case 0x12: (o.scopeMetrics ??= []).push(readScopeMetrics(r, r.delimited())); break // 2 repeated ScopeMetrics
      case 0x1a: o.schemaUrl = r.string(); break // 3 string
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

function readScopeMetrics(r: WireReader, end: number): ScopeMetrics {
  const o: ScopeMetrics = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x0a: o.scope = readScope(r, r.delimited()); break // 1 InstrumentationScope
      case 0x12: (o.metrics ??= []).push(readMetric(r, r.delimited())); break // 2 repeated Metric
      case 0x1a: o.schemaUrl = r.string(); break // 3 string
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

function readMetric(r: WireReader, end: number): OtlpMetric {
  const o: OtlpMetric = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x0a: o.name = r.string(); break // 1 string
      case 0x12: o.description = r.string(); break // 2 string
      case 0x1a: o.unit = r.string(); break // 3 string
      case 0x2a: o.gauge = readNumberPoints(r, r.delimited(), false); break // 5 Gauge
      case 0x3a: o.sum = readNumberPoints(r, r.delimited(), true); break // 7 Sum
      case 0x4a: o.histogram = readHistogram(r, r.delimited()); break // 9 Histogram
      case 0x52: o.exponentialHistogram = readExpHistogram(r, r.delimited()); break // 10 ExponentialHistogram
      case 0x5a: o.summary = readSummary(r, r.delimited()); break // 11 Summary
      case 0x62: (o.metadata ??= []).push(readKeyValue(r, r.delimited(), 0)); break // 12 repeated KeyValue
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

/** `Gauge` (field 1 only) or `Sum` (also temporality and monotonicity). */
function readNumberPoints(r: WireReader, end: number, isSum: boolean): NumberPoints {
  const o: NumberPoints = {}
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === 0x0a)
      (o.dataPoints ??= []).push(readNumberPoint(r, r.delimited())) // 1
    else if (tag === 0x10 && isSum)
      o.aggregationTemporality = r.int32() // 2 enum
    else if (tag === 0x18 && isSum)
      o.isMonotonic = r.bool() // 3 bool
    else r.skip(tag)
  }
  r.end(end)
  return o
}

function readNumberPoint(r: WireReader, end: number): OtlpNumberDataPoint {
  const o: OtlpNumberDataPoint = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x11: o.startTimeUnixNano = r.fixed64Text(); break // 2 fixed64
      case 0x19: o.timeUnixNano = r.fixed64Text(); break // 3 fixed64
      case 0x21: o.asDouble = r.doubleJson(); break // 4 double
      case 0x2a: (o.exemplars ??= []).push(readExemplar(r, r.delimited())); break // 5 repeated Exemplar
      case 0x31: o.asInt = r.sfixed64Text(); break // 6 sfixed64
      case 0x3a: (o.attributes ??= []).push(readKeyValue(r, r.delimited(), 0)); break // 7 repeated KeyValue
      case 0x40: o.flags = r.uint32(); break // 8 uint32
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

function readHistogram(r: WireReader, end: number): Histogram {
  const o: Histogram = {}
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === 0x0a)
      (o.dataPoints ??= []).push(readHistogramPoint(r, r.delimited())) // 1
    else if (tag === 0x10)
      o.aggregationTemporality = r.int32() // 2 enum
    else r.skip(tag)
  }
  r.end(end)
  return o
}

function readHistogramPoint(r: WireReader, end: number): OtlpHistogramDataPoint {
  const o: OtlpHistogramDataPoint = {}
  const counts: string[] = []
  const bounds: (number | string)[] = []
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x11: o.startTimeUnixNano = r.fixed64Text(); break // 2 fixed64
      case 0x19: o.timeUnixNano = r.fixed64Text(); break // 3 fixed64
      case 0x21: o.count = r.fixed64Text(); break // 4 fixed64
      case 0x29: o.sum = r.doubleJson(); break // 5 optional double
      case 0x31: counts.push(r.fixed64Text()); break // 6 repeated fixed64, unpacked
      case 0x32: readPacked(r, () => r.fixed64Text(), counts); break // 6 packed
      case 0x39: bounds.push(r.doubleJson()); break // 7 repeated double, unpacked
      case 0x3a: readPacked(r, () => r.doubleJson(), bounds); break // 7 packed
      case 0x42: (o.exemplars ??= []).push(readExemplar(r, r.delimited())); break // 8 repeated Exemplar
      case 0x4a: (o.attributes ??= []).push(readKeyValue(r, r.delimited(), 0)); break // 9 repeated KeyValue
      case 0x50: o.flags = r.uint32(); break // 10 uint32
      case 0x59: o.min = r.doubleJson(); break // 11 optional double
      case 0x61: o.max = r.doubleJson(); break // 12 optional double
      default: r.skip(tag)
    }
  }
  r.end(end)
  if (counts.length > 0) o.bucketCounts = counts
  if (bounds.length > 0) o.explicitBounds = bounds
  return o
}

function readExpHistogram(r: WireReader, end: number): ExpHistogram {
  const o: ExpHistogram = {}
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === 0x0a)
      (o.dataPoints ??= []).push(readExpHistogramPoint(r, r.delimited())) // 1
    else if (tag === 0x10)
      o.aggregationTemporality = r.int32() // 2 enum
    else r.skip(tag)
  }
  r.end(end)
  return o
}

function readExpHistogramPoint(r: WireReader, end: number): OtlpExponentialHistogramDataPoint {
  const o: OtlpExponentialHistogramDataPoint = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x0a: (o.attributes ??= []).push(readKeyValue(r, r.delimited(), 0)); break // 1 repeated KeyValue
      case 0x11: o.startTimeUnixNano = r.fixed64Text(); break // 2 fixed64
      case 0x19: o.timeUnixNano = r.fixed64Text(); break // 3 fixed64
      case 0x21: o.count = r.fixed64Text(); break // 4 fixed64
      case 0x29: o.sum = r.doubleJson(); break // 5 optional double
      case 0x30: o.scale = r.sint32(); break // 6 sint32
      case 0x39: o.zeroCount = r.fixed64Text(); break // 7 fixed64
      case 0x42: o.positive = readBuckets(r, r.delimited()); break // 8 Buckets
      case 0x4a: o.negative = readBuckets(r, r.delimited()); break // 9 Buckets
      case 0x50: o.flags = r.uint32(); break // 10 uint32
      case 0x5a: (o.exemplars ??= []).push(readExemplar(r, r.delimited())); break // 11 repeated Exemplar
      case 0x61: o.min = r.doubleJson(); break // 12 optional double
      case 0x69: o.max = r.doubleJson(); break // 13 optional double
      case 0x71: o.zeroThreshold = r.doubleJson(); break // 14 double
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

function readBuckets(r: WireReader, end: number): OtlpExponentialHistogramBuckets {
  const o: OtlpExponentialHistogramBuckets = {}
  const counts: string[] = []
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x08: o.offset = r.sint32(); break // 1 sint32
      case 0x10: counts.push(r.uint64VarintText()); break // 2 repeated uint64, unpacked
      case 0x12: readPacked(r, () => r.uint64VarintText(), counts); break // 2 packed
      default: r.skip(tag)
    }
  }
  r.end(end)
  if (counts.length > 0) o.bucketCounts = counts
  return o
}

function readSummary(r: WireReader, end: number): Summary {
  const o: Summary = {}
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === 0x0a)
      (o.dataPoints ??= []).push(readSummaryPoint(r, r.delimited())) // 1
    else r.skip(tag)
  }
  r.end(end)
  return o
}

function readSummaryPoint(r: WireReader, end: number): OtlpSummaryDataPoint {
  const o: OtlpSummaryDataPoint = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x11: o.startTimeUnixNano = r.fixed64Text(); break // 2 fixed64
      case 0x19: o.timeUnixNano = r.fixed64Text(); break // 3 fixed64
      case 0x21: o.count = r.fixed64Text(); break // 4 fixed64
      case 0x29: o.sum = r.doubleJson(); break // 5 double
      case 0x32: (o.quantileValues ??= []).push(readQuantile(r, r.delimited())); break // 6 repeated ValueAtQuantile
      case 0x3a: (o.attributes ??= []).push(readKeyValue(r, r.delimited(), 0)); break // 7 repeated KeyValue
      case 0x40: o.flags = r.uint32(); break // 8 uint32
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

function readQuantile(r: WireReader, end: number): Quantile {
  const o: Quantile = {}
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === 0x09)
      o.quantile = r.doubleJson() // 1 double
    else if (tag === 0x11)
      o.value = r.doubleJson() // 2 double
    else r.skip(tag)
  }
  r.end(end)
  return o
}

function readExemplar(r: WireReader, end: number): OtlpExemplar {
  const o: OtlpExemplar = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x11: o.timeUnixNano = r.fixed64Text(); break // 2 fixed64
      case 0x19: o.asDouble = r.doubleJson(); break // 3 double
      case 0x22: o.spanId = r.hex(); break // 4 bytes
      case 0x2a: o.traceId = r.hex(); break // 5 bytes
      case 0x31: o.asInt = r.sfixed64Text(); break // 6 sfixed64
      case 0x3a: (o.filteredAttributes ??= []).push(readKeyValue(r, r.delimited(), 0)); break // 7 repeated KeyValue
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

// ---- common -------------------------------------------------------------------------------

function readResource(r: WireReader, end: number): OtlpResource {
  const o: OtlpResource = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x0a: (o.attributes ??= []).push(readKeyValue(r, r.delimited(), 0)); break // 1 repeated KeyValue
      case 0x10: o.droppedAttributesCount = r.uint32(); break // 2 uint32
      case 0x1a: (o.entityRefs ??= []).push(readEntityRef(r, r.delimited())); break // 3 repeated EntityRef
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

function readEntityRef(r: WireReader, end: number): EntityRef {
  const o: EntityRef = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x0a: o.schemaUrl = r.string(); break // 1 string
      case 0x12: o.type = r.string(); break // 2 string
      case 0x1a: (o.idKeys ??= []).push(r.string()); break // 3 repeated string
      case 0x22: (o.descriptionKeys ??= []).push(r.string()); break // 4 repeated string
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

function readScope(r: WireReader, end: number): OtlpScope {
  const o: OtlpScope = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x0a: o.name = r.string(); break // 1 string
      case 0x12: o.version = r.string(); break // 2 string
      case 0x1a: (o.attributes ??= []).push(readKeyValue(r, r.delimited(), 0)); break // 3 repeated KeyValue
      case 0x20: o.droppedAttributesCount = r.uint32(); break // 4 uint32
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

/** Deeper nesting is hostile, not telemetry; it would otherwise end in a stack overflow. */
const maxValueDepth = 64

function readKeyValue(r: WireReader, end: number, depth: number): OtlpKeyValue {
  // `key` is required in the shape; '' is protobuf's value for a missing string.
  const o: OtlpKeyValue = { key: '' }
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === 0x0a)
      o.key = r.string() // 1 string
    else if (tag === 0x12)
      o.value = readAnyValue(r, r.delimited(), depth) // 2 AnyValue
    else r.skip(tag)
  }
  r.end(end)
  return o
}

function readAnyValue(r: WireReader, end: number, depth: number): OtlpAnyValue {
  if (depth > maxValueDepth) {
    throw new RangeError(`attribute values nest deeper than ${maxValueDepth} levels`)
  }
  // A oneof: senders write one member; if several arrive the last wins, as protobuf says.
  let o: OtlpAnyValue = {}
  while (r.pos < end) {
    const tag = r.uint32()
    // prettier-ignore
    switch (tag) {
      case 0x0a: o = { stringValue: r.string() }; break // 1 string
      case 0x10: o = { boolValue: r.bool() }; break // 2 bool
      case 0x18: o = { intValue: r.int64VarintText() }; break // 3 int64
      case 0x21: o = { doubleValue: r.doubleJson() }; break // 4 double
      case 0x2a: o = { arrayValue: readArrayValue(r, r.delimited(), depth + 1) }; break // 5 ArrayValue
      case 0x32: o = { kvlistValue: readKvList(r, r.delimited(), depth + 1) }; break // 6 KeyValueList
      case 0x3a: o = { bytesValue: r.base64() }; break // 7 bytes
      default: r.skip(tag)
    }
  }
  r.end(end)
  return o
}

function readArrayValue(r: WireReader, end: number, depth: number): { values?: OtlpAnyValue[] } {
  const o: { values?: OtlpAnyValue[] } = {}
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === 0x0a) (o.values ??= []).push(readAnyValue(r, r.delimited(), depth))
    else r.skip(tag)
  }
  r.end(end)
  return o
}

function readKvList(r: WireReader, end: number, depth: number): { values?: OtlpKeyValue[] } {
  const o: { values?: OtlpKeyValue[] } = {}
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === 0x0a) (o.values ??= []).push(readKeyValue(r, r.delimited(), depth))
    else r.skip(tag)
  }
  r.end(end)
  return o
}

/** A packed repeated scalar: one length-delimited run of values. */
function readPacked<T>(r: WireReader, read: () => T, out: T[]): void {
  const end = r.delimited()
  while (r.pos < end) out.push(read())
  r.end(end)
}
