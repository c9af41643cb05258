import { createRequire } from 'node:module'

/**
 * The protobufjs static codecs generated from opentelemetry-proto, as shipped inside
 * `@opentelemetry/otlp-transformer@0.203.0` (installed under the alias `otlp-transformer-proto`;
 * 0.301 no longer ships them). Its `.d.ts` only says `Root`, so the few members we call are typed
 * here. We encode with them (responses, `encodeOtlpRequest`) and read responses back; requests
 * are decoded by `otlp-wire-decode.ts`, which the tests check against these codecs. Decoded
 * messages carry present fields as own properties and `null` defaults on the prototype; 64-bit
 * integers arrive as `Long`-like `{ low, high, unsigned }` and bytes as `Buffer`.
 */
export interface ProtoCodec<M = ProtoMessage> {
  decode(input: Uint8Array): M
  encode(message: M): { finish(): Uint8Array }
  fromObject(object: Record<string, unknown>): M
}

/** A decoded protobufjs message: present fields are own properties. */
export type ProtoMessage = Record<string, unknown>

/** How protobufjs hands out 64-bit integers when the `long` package is installed. */
export interface ProtoLong {
  low: number
  high: number
  unsigned: boolean
}

interface ProtoRoot {
  opentelemetry: {
    proto: {
      collector: {
        trace: {
          v1: CollectorNamespace<'ExportTraceServiceRequest' | 'ExportTraceServiceResponse'>
        }
        logs: { v1: CollectorNamespace<'ExportLogsServiceRequest' | 'ExportLogsServiceResponse'> }
        metrics: {
          v1: CollectorNamespace<'ExportMetricsServiceRequest' | 'ExportMetricsServiceResponse'>
        }
      }
    }
  }
}

type CollectorNamespace<Names extends string> = Record<Names, ProtoCodec>

const require = createRequire(import.meta.url)
const root = require('otlp-transformer-proto/build/src/generated/root.js') as ProtoRoot
const collector = root.opentelemetry.proto.collector

export const otlpProtoCodecs = {
  traces: {
    request: collector.trace.v1.ExportTraceServiceRequest,
    response: collector.trace.v1.ExportTraceServiceResponse,
  },
  logs: {
    request: collector.logs.v1.ExportLogsServiceRequest,
    response: collector.logs.v1.ExportLogsServiceResponse,
  },
  metrics: {
    request: collector.metrics.v1.ExportMetricsServiceRequest,
    response: collector.metrics.v1.ExportMetricsServiceResponse,
  },
} as const
