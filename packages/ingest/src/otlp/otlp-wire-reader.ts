// A protobuf wire-format reader for the OTLP decoders: varints, fixed-width numbers, strings and
// ids read straight out of the request buffer into the OTLP/JSON shape (hex ids, decimal int64),
// with no intermediate message objects. Every read checks its bounds and throws `RangeError` on
// truncated or malformed input; the caller turns that into ERR_INGEST_UNDECODABLE.

const hexByte: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

interface NodeBuffer extends Buffer {
  // Buffer#toString minus argument normalization; what protobufjs' BufferReader calls too.
  utf8Slice(start: number, end: number): string
}

export class WireReader {
  readonly buf: NodeBuffer
  pos = 0
  readonly len: number
  /** The halves of the last 64-bit value read by `varint64` / `fixed64`. */
  lo = 0
  hi = 0

  constructor(input: Uint8Array) {
    this.buf = (
      Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength)
    ) as NodeBuffer
    this.len = this.buf.length
  }

  /** A varint truncated to its low 32 bits (unsigned), as uint32/int32/enum fields are read. */
  uint32(): number {
    const buf = this.buf
    let pos = this.pos
    let b = buf[pos++] as number
    let value = b & 0x7f
    if (b >= 0x80) {
      b = buf[pos++] as number
      value |= (b & 0x7f) << 7
      if (b >= 0x80) {
        b = buf[pos++] as number
        value |= (b & 0x7f) << 14
        if (b >= 0x80) {
          b = buf[pos++] as number
          value |= (b & 0x7f) << 21
          if (b >= 0x80) {
            b = buf[pos++] as number
            value |= (b & 0x0f) << 28
            // Negative int32s are sign-extended to 10 bytes; the upper bytes carry nothing.
            for (let i = 0; b >= 0x80; i++) {
              if (i === 5) throw new RangeError(`varint longer than 10 bytes at offset ${pos}`)
              b = buf[pos++] as number
            }
          }
        }
      }
    }
    // Past the end `buf[pos]` is undefined, which reads as a final 0 byte: check once here.
    if (pos > this.len) throw new RangeError(`index out of range: ${pos} > ${this.len}`)
    this.pos = pos
    return value >>> 0
  }

  int32(): number {
    return this.uint32() | 0
  }

  sint32(): number {
    const n = this.uint32()
    return (n >>> 1) ^ -(n & 1)
  }

  bool(): boolean {
    return this.uint32() !== 0
  }

  /** A 64-bit varint into `lo`/`hi`. */
  varint64(): void {
    const buf = this.buf
    let pos = this.pos
    let lo = 0
    let hi = 0
    let b = 0
    let i = 0
    for (; i < 4; i++) {
      b = buf[pos++] as number
      lo |= (b & 0x7f) << (i * 7)
      if (b < 0x80) break
    }
    if (i === 4) {
      b = buf[pos++] as number
      lo |= (b & 0x7f) << 28
      hi = (b & 0x7f) >> 4
      for (i = 0; b >= 0x80; i++) {
        if (i === 5) throw new RangeError(`varint longer than 10 bytes at offset ${pos}`)
        b = buf[pos++] as number
        hi |= (b & 0x7f) << (i * 7 + 3)
      }
    }
    if (pos > this.len) throw new RangeError(`index out of range: ${pos} > ${this.len}`)
    this.pos = pos
    this.lo = lo >>> 0
    this.hi = hi >>> 0
  }

  fixed32(): number {
    const pos = this.need(4)
    const buf = this.buf
    return (
      ((buf[pos] as number) | ((buf[pos + 1] as number) << 8) | ((buf[pos + 2] as number) << 16)) +
      (buf[pos + 3] as number) * 0x1000000
    )
  }

  /** A fixed64 into `lo`/`hi`. */
  fixed64(): void {
    const pos = this.need(8)
    const buf = this.buf
    this.lo =
      ((buf[pos] as number) | ((buf[pos + 1] as number) << 8) | ((buf[pos + 2] as number) << 16)) +
      (buf[pos + 3] as number) * 0x1000000
    this.hi =
      ((buf[pos + 4] as number) |
        ((buf[pos + 5] as number) << 8) |
        ((buf[pos + 6] as number) << 16)) +
      (buf[pos + 7] as number) * 0x1000000
  }

  double(): number {
    return this.buf.readDoubleLE(this.need(8))
  }

  /** A double as the OTLP/JSON mapping writes it: non-finite values as "NaN", "Infinity"… */
  doubleJson(): number | string {
    const n = this.buf.readDoubleLE(this.need(8))
    return Number.isFinite(n) ? n : String(n)
  }

  /** A fixed64 (timestamps, counts) as decimal text. */
  fixed64Text(): string {
    this.fixed64()
    return uint64Text(this.lo, this.hi)
  }

  /** An sfixed64 (`asInt`) as decimal text. */
  sfixed64Text(): string {
    this.fixed64()
    return int64Text(this.lo, this.hi)
  }

  /** An int64 varint (`intValue`) as decimal text. */
  int64VarintText(): string {
    this.varint64()
    return int64Text(this.lo, this.hi)
  }

  /** A uint64 varint (exponential histogram bucket counts) as decimal text. */
  uint64VarintText(): string {
    this.varint64()
    return uint64Text(this.lo, this.hi)
  }

  /** The end offset of a length-delimited field whose length comes next. */
  delimited(): number {
    const length = this.uint32()
    const end = this.pos + length
    if (end > this.len)
      throw new RangeError(`index out of range: ${this.pos} + ${length} > ${this.len}`)
    return end
  }

  string(): string {
    const end = this.delimited()
    const start = this.pos
    this.pos = end
    return this.buf.utf8Slice(start, end)
  }

  /** A bytes field as lowercase hex (trace and span ids). */
  hex(): string {
    const end = this.delimited()
    const buf = this.buf
    let s = ''
    for (let i = this.pos; i < end; i++) s += hexByte[buf[i] as number] as string
    this.pos = end
    return s
  }

  /** A bytes field as base64 (`bytesValue`, as the OTLP/JSON mapping writes bytes). */
  base64(): string {
    const end = this.delimited()
    const s = this.buf.toString('base64', this.pos, end)
    this.pos = end
    return s
  }

  /** Skips a field of the given tag's wire type (unknown fields, or known ones with a wrong type). */
  skip(tag: number): void {
    switch (tag & 7) {
      case 0:
        this.varint64()
        return
      case 1:
        this.need(8)
        return
      case 2:
        this.pos = this.delimited()
        return
      case 3: {
        // A group: skip fields until the matching end-group tag.
        for (;;) {
          const inner = this.uint32()
          if ((inner & 7) === 4) {
            if (inner >>> 3 !== tag >>> 3) throw new RangeError('mismatched end-group tag')
            return
          }
          this.skip(inner)
        }
      }
      case 5:
        this.need(4)
        return
      default:
        throw new RangeError(`invalid wire type ${tag & 7} at offset ${this.pos}`)
    }
  }

  /** Ends a nested message: its fields must have used exactly its declared length. */
  end(end: number): void {
    if (this.pos !== end) throw new RangeError(`field overruns its message at offset ${this.pos}`)
  }

  /** Reserves `n` bytes and returns where they start. */
  need(n: number): number {
    const pos = this.pos
    if (pos + n > this.len) throw new RangeError(`index out of range: ${pos} + ${n} > ${this.len}`)
    this.pos = pos + n
    return pos
  }
}

/** Decimal text of the unsigned 64-bit value `hi * 2^32 + lo`. */
export function uint64Text(lo: number, hi: number): string {
  // Below 2^53 a double is exact; above, BigInt measured as fast as a hand-written split.
  if (hi <= 0x1fffff) return String(hi * 4294967296 + lo)
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString()
}

/** Decimal text of the signed (two's complement) 64-bit value in `hi`/`lo`. */
export function int64Text(lo: number, hi: number): string {
  if (hi < 0x80000000) return uint64Text(lo, hi)
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString()
}
