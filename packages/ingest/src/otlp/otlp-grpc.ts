import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js'
import { decodeOtlpLogs, decodeOtlpMetrics, decodeOtlpTraces } from './otlp-decode.js'
import { encodeOtlpRequest } from './otlp-encode.js'
import { decodeOtlpExportResponse, encodeOtlpExportResponse } from './otlp-response.js'
import type {
  OtlpLogsRequest,
  OtlpMetricsRequest,
  OtlpRejections,
  OtlpSignal,
  OtlpTracesRequest,
} from './otlp-types.js'

/** What an Export handler answers: the rejections for `partialSuccess`, or null for none. */
export interface OtlpGrpcExportResponse {
  rejected: OtlpRejections | null
}

type ExportMethod<Req> = MethodDefinition<Req, OtlpGrpcExportResponse>

function exportMethod<Req>(
  signal: OtlpSignal,
  path: string,
  decode: (body: Uint8Array) => Req,
  encode: (request: Req) => Buffer,
): ExportMethod<Req> {
  return {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: encode,
    requestDeserialize: decode,
    responseSerialize: (response) =>
      encodeOtlpExportResponse(signal, 'protobuf', response?.rejected ?? null) as Buffer,
    responseDeserialize: (body) => ({ rejected: decodeOtlpExportResponse(signal, body) }),
    originalName: 'export',
  }
}

/**
 * `@grpc/grpc-js` service definitions of the three OTLP collector services, built on the
 * protobufjs static codecs (no `.proto` files): `Export` of
 * `opentelemetry.proto.collector.{trace,logs,metrics}.v1.{Trace,Logs,Metrics}Service`.
 * Requests are deserialized straight into the OTLP/JSON shape of `otlp-types.ts` (the same
 * converter as `decodeOtlpTraces(…, 'protobuf')`); the handler answers
 * `{ rejected: OtlpRejections | null }`, serialized as the signal's `Export*ServiceResponse`.
 * The client side (`makeGenericClientConstructor`) takes requests in the same shape.
 *
 * A body that fails to decode makes grpc-js answer INTERNAL ("Error deserializing request")
 * before any handler runs; that is grpc-js behaviour for every throwing deserializer.
 *
 * @example server.addService(otlpGrpcServiceDefinitions.traces, { Export: handler })
 */
export const otlpGrpcServiceDefinitions = {
  traces: {
    Export: exportMethod<OtlpTracesRequest>(
      'traces',
      '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      (body) => decodeOtlpTraces(body, 'protobuf'),
      (request) => encodeOtlpRequest('traces', request),
    ),
  },
  logs: {
    Export: exportMethod<OtlpLogsRequest>(
      'logs',
      '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
      (body) => decodeOtlpLogs(body, 'protobuf'),
      (request) => encodeOtlpRequest('logs', request),
    ),
  },
  metrics: {
    Export: exportMethod<OtlpMetricsRequest>(
      'metrics',
      '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
      (body) => decodeOtlpMetrics(body, 'protobuf'),
      (request) => encodeOtlpRequest('metrics', request),
    ),
  },
} as const satisfies Record<OtlpSignal, ServiceDefinition>
