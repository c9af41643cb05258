import { randomBytes } from 'node:crypto'

/** What every REST mapper needs besides the body. */
export interface RestMapContext {
  projectId: string
  /** When the server received the request (µs since the epoch): the time of last resort. */
  receivedAtUs: number
  /**
   * `length` random lowercase hex characters, for ids the sender did not give (16 span, 32
   * trace and event ids). A parameter so tests can fix it; default `crypto.randomBytes`.
   */
  randomHex?: (length: number) => string
}

export function defaultRandomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length)
}

/** A version-4 UUID built from 32 random hex characters. */
export function uuidFromHex(hex: string): string {
  const h = hex.padEnd(32, '0')
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}
