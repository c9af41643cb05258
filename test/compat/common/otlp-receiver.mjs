// Tiny OTLP/HTTP receiver (node:http only, no deps). Saves every request body
// it gets, raw, plus a .meta.json with path, content-type, content-encoding
// and the other request headers. Accepts ANY path (so e.g. Langfuse's
// /api/public/otel/v1/traces is captured too); the signal is taken from the
// path's last segment (traces | metrics | logs).
//
// Control endpoints used by the capture scripts:
//   POST /__label  (body: text)  -> files received afterwards go to <out>/<label>/
//   GET  /__stats                -> JSON counts
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

export function startOtlpReceiver({ port = 4318, host = '127.0.0.1', outDir, quiet = false } = {}) {
  let label = 'unlabelled'
  let seq = 0
  const stats = {}
  const received = []
  fs.mkdirSync(outDir, { recursive: true })

  const server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      const urlPath = req.url.split('?')[0]
      if (urlPath === '/__label') {
        label =
          raw
            .toString('utf8')
            .trim()
            .replace(/[^A-Za-z0-9._-]/g, '_') || 'unlabelled'
        res.writeHead(200, { 'content-type': 'text/plain' })
        return res.end(label)
      }
      if (urlPath === '/__stats') {
        res.writeHead(200, { 'content-type': 'application/json' })
        return res.end(JSON.stringify({ label, seq, stats }))
      }
      if (req.method !== 'POST') {
        res.writeHead(405)
        return res.end()
      }

      const signal = (urlPath.match(/\/(traces|metrics|logs)\/?$/) || [, 'unknown'])[1]
      const ctype = (req.headers['content-type'] || '').split(';')[0].trim()
      const enc = (req.headers['content-encoding'] || '').trim()
      const isJson = ctype.includes('json')
      const ext = isJson ? 'json' : 'bin'
      const dir = path.join(outDir, label)
      fs.mkdirSync(dir, { recursive: true })
      const n = String(++seq).padStart(3, '0')
      const base = `${n}-${signal}`
      let body = raw
      if (enc === 'gzip') {
        fs.writeFileSync(path.join(dir, `${base}.${ext}.gz`), raw)
        body = zlib.gunzipSync(raw)
      } else if (enc === 'deflate') {
        fs.writeFileSync(path.join(dir, `${base}.${ext}.deflate`), raw)
        body = zlib.inflateSync(raw)
      } else if (enc === 'br') {
        fs.writeFileSync(path.join(dir, `${base}.${ext}.br`), raw)
        body = zlib.brotliDecompressSync(raw)
      }
      fs.writeFileSync(path.join(dir, `${base}.${ext}`), body)
      const headers = { ...req.headers }
      fs.writeFileSync(
        path.join(dir, `${base}.meta.json`),
        JSON.stringify(
          {
            seq: Number(n),
            label,
            method: req.method,
            path: urlPath,
            signal,
            contentType: req.headers['content-type'] || null,
            contentEncoding: enc || null,
            rawBytes: raw.length,
            decodedBytes: body.length,
            receivedAt: new Date().toISOString(),
            headers,
          },
          null,
          2,
        ),
      )
      stats[`${label}/${signal}`] = (stats[`${label}/${signal}`] || 0) + 1
      received.push({ label, signal, file: path.join(label, `${base}.${ext}`) })
      if (!quiet)
        console.log(
          `[otlp] ${req.method} ${urlPath} ${ctype}${enc ? ' +' + enc : ''} ${raw.length}B -> ${label}/${base}.${ext}`,
        )
      // OTLP/HTTP success: empty Export*ServiceResponse in the request's encoding.
      if (isJson) {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end('{}')
      } else {
        res.writeHead(200, { 'content-type': 'application/x-protobuf' })
        res.end()
      }
    })
  })
  return new Promise((resolve) =>
    server.listen(port, host, () => resolve({ server, received, stats })),
  )
}

// Standalone: node otlp-receiver.mjs <outDir> [port]
if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = process.argv[2] || 'otlp-captures'
  const port = Number(process.argv[3] || 4318)
  startOtlpReceiver({ port, outDir }).then(() =>
    console.log(`OTLP/HTTP receiver on http://127.0.0.1:${port} -> ${outDir}`),
  )
}
