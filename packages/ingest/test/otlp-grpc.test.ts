import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as grpc from '@grpc/grpc-js'
import {
  decodeOtlpLogs,
  decodeOtlpTraces,
  otlpGrpcServiceDefinitions,
  type OtlpGrpcExportResponse,
  type OtlpLogsRequest,
  type OtlpRejections,
  type OtlpTracesRequest,
} from '@llm-observatory/ingest'
import { readOtlpFixture } from './otlp-fixtures.js'

type ExportFn<Req> = (
  request: Req,
  callback: (err: grpc.ServiceError | null, response?: OtlpGrpcExportResponse) => void,
) => void

describe('otlpGrpcServiceDefinitions on a real grpc-js server', () => {
  const received: { traces: OtlpTracesRequest[]; logs: OtlpLogsRequest[] } = {
    traces: [],
    logs: [],
  }
  let answer: OtlpRejections | null = null
  const server = new grpc.Server()
  let address = ''

  beforeAll(async () => {
    server.addService(otlpGrpcServiceDefinitions.traces, {
      Export: (
        call: grpc.ServerUnaryCall<OtlpTracesRequest, OtlpGrpcExportResponse>,
        callback: grpc.sendUnaryData<OtlpGrpcExportResponse>,
      ) => {
        received.traces.push(call.request)
        callback(null, { rejected: answer })
      },
    })
    server.addService(otlpGrpcServiceDefinitions.logs, {
      Export: (
        call: grpc.ServerUnaryCall<OtlpLogsRequest, OtlpGrpcExportResponse>,
        callback: grpc.sendUnaryData<OtlpGrpcExportResponse>,
      ) => {
        received.logs.push(call.request)
        callback(null, { rejected: null })
      },
    })
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      )
    })
    address = `127.0.0.1:${port}`
  })

  afterAll(() => {
    server.forceShutdown()
  })

  function client<Req>(definition: grpc.ServiceDefinition): {
    Export: (request: Req) => Promise<OtlpGrpcExportResponse>
    close: () => void
  } {
    const Client = grpc.makeGenericClientConstructor(definition, 'OtlpExport')
    const c = new Client(address, grpc.credentials.createInsecure())
    const exportFn = (c['Export'] as ExportFn<Req>).bind(c)
    return {
      Export: (request) =>
        new Promise((resolve, reject) => {
          exportFn(request, (err, response) => (err ? reject(err) : resolve(response!)))
        }),
      close: () => c.close(),
    }
  }

  it('decodes a TraceService/Export request from a fixture body into the OTLP/JSON shape', async () => {
    const request = decodeOtlpTraces(
      readOtlpFixture('otel-contrib-proto/chat/001-traces.bin'),
      'protobuf',
    )
    const traces = client<OtlpTracesRequest>(otlpGrpcServiceDefinitions.traces)
    try {
      answer = null
      const response = await traces.Export(request)
      expect(response).toEqual({ rejected: null })
    } finally {
      traces.close()
    }
    const got = received.traces.at(-1)!
    const spans = got.resourceSpans!.flatMap((rs) => rs.scopeSpans!.flatMap((ss) => ss.spans!))
    expect(spans).toHaveLength(1)
    const model = spans[0]!.attributes!.find((a) => a.key === 'gen_ai.request.model')
    expect(model?.value).toEqual({ stringValue: 'gpt-4o-mini' })
    expect(spans[0]!.spanId).toMatch(/^[0-9a-f]{16}$/)
    expect(got).toEqual(request)
  })

  it('returns partialSuccess rejections to the client', async () => {
    const traces = client<OtlpTracesRequest>(otlpGrpcServiceDefinitions.traces)
    try {
      answer = { rejected: 3, errorMessage: '3 spans lack a valid trace id' }
      const response = await traces.Export({ resourceSpans: [] })
      expect(response).toEqual({ rejected: answer })
    } finally {
      traces.close()
    }
  })

  it('serves LogsService/Export with the chat content events', async () => {
    const request = decodeOtlpLogs(
      readOtlpFixture('otel-contrib-proto/chat/002-logs.bin'),
      'protobuf',
    )
    const logs = client<OtlpLogsRequest>(otlpGrpcServiceDefinitions.logs)
    try {
      await logs.Export(request)
    } finally {
      logs.close()
    }
    const records = received.logs.at(-1)!.resourceLogs![0]!.scopeLogs![0]!.logRecords!
    expect(records).toHaveLength(3)
  })

  it('answers a request the codecs cannot decode with an error status, not a crash', async () => {
    // A client whose serializer sends garbage bytes on the traces path.
    const broken: grpc.ServiceDefinition = {
      Export: {
        ...otlpGrpcServiceDefinitions.traces.Export,
        requestSerialize: () => Buffer.from([0x0a, 0x50, 0x01]),
      },
    }
    const traces = client<OtlpTracesRequest>(broken)
    try {
      const err = await traces.Export({}).then(
        () => null,
        (e: grpc.ServiceError) => e,
      )
      expect(err?.code).toBe(grpc.status.INTERNAL)
    } finally {
      traces.close()
    }
  })
})
