import type { ModelPrice } from '@pydantic/genai-prices'

/**
 * Token usage in our contract, already checked: finite, non-negative, cache reads plus cache
 * writes within input, reasoning within output.
 */
export interface CheckedUsage {
  input: number
  cacheRead: number
  cacheWrite: number
  output: number
  reasoning: number
}

/** USD per part; `total` is their sum. */
export interface CostParts {
  /** Input tokens billed at the input price (uncached, plus cached ones when the model has no
   * cache price), plus any per-request fee. */
  input: number
  cacheRead: number
  cacheWrite: number
  /** Output tokens including reasoning (at the reasoning price when the model has one). */
  output: number
  total: number
}

interface Tiered {
  base: number
  tiers: { start: number; price: number }[]
}
type UnitPrice = number | Tiered

/** The prices of one genai-prices `ModelPrice` that matter for the usage we send it. */
export interface CostPlan {
  input: UnitPrice | undefined
  cacheRead: UnitPrice | undefined
  cacheWrite: UnitPrice | undefined
  output: UnitPrice | undefined
  reasoning: UnitPrice | undefined
  requests: number | undefined
  isTiered: boolean
}

/**
 * Reads the prices of a genai-prices `ModelPrice` that apply to our five usage numbers.
 *
 * genai-prices bills the leaves of its unit tree: `input_tokens − cache_read − cache_write` at
 * `input_mtok` (a cache unit is subtracted only when the model prices it), `output_tokens −
 * output_reasoning` at `output_mtok`, each priced unit at its own price, tiers chosen by the
 * whole request's input tokens, and one request at `requests_kcount / 1000`. Every other unit
 * (audio, images, searches …) gets no usage from us and so costs 0. Returns null where the engine
 * would reject the price set (a malformed value, a cache or reasoning price without its parent
 * price), so the caller falls back to the engine itself.
 */
export function compileCostPlan(prices: ModelPrice): CostPlan | null {
  const plan: CostPlan = {
    input: undefined,
    cacheRead: undefined,
    cacheWrite: undefined,
    output: undefined,
    reasoning: undefined,
    requests: undefined,
    isTiered: false,
  }
  for (const [key, value] of Object.entries(prices)) {
    if (value === undefined) continue
    const price = readUnitPrice(value)
    if (price === null) return null
    if (typeof price === 'object') plan.isTiered = true
    if (key === 'input_mtok') plan.input = price
    else if (key === 'cache_read_mtok') plan.cacheRead = price
    else if (key === 'cache_write_mtok') plan.cacheWrite = price
    else if (key === 'output_mtok') plan.output = price
    else if (key === 'output_reasoning_mtok') plan.reasoning = price
    else if (key === 'requests_kcount') {
      if (typeof price !== 'number') return null
      plan.requests = price
    }
  }
  const hasOrphan =
    (plan.input === undefined && (plan.cacheRead !== undefined || plan.cacheWrite !== undefined)) ||
    (plan.output === undefined && plan.reasoning !== undefined)
  return hasOrphan ? null : plan
}

/** Prices checked usage with a compiled plan; the same arithmetic as genai-prices' engine. */
export function computeCostParts(plan: CostPlan, usage: CheckedUsage): CostParts {
  const tierInput = plan.isTiered ? usage.input : 0
  const inputLeaf =
    usage.input -
    (plan.cacheRead === undefined ? 0 : usage.cacheRead) -
    (plan.cacheWrite === undefined ? 0 : usage.cacheWrite)
  const outputLeaf = usage.output - (plan.reasoning === undefined ? 0 : usage.reasoning)
  const input =
    priceTokens(plan.input, inputLeaf, tierInput) +
    (plan.requests === undefined ? 0 : plan.requests / 1000)
  const cacheRead = priceTokens(plan.cacheRead, usage.cacheRead, tierInput)
  const cacheWrite = priceTokens(plan.cacheWrite, usage.cacheWrite, tierInput)
  const output =
    priceTokens(plan.output, outputLeaf, tierInput) +
    priceTokens(plan.reasoning, usage.reasoning, tierInput)
  return { input, cacheRead, cacheWrite, output, total: input + cacheRead + cacheWrite + output }
}

// Same operation order as genai-prices (`price * tokens / 1e6`), so results match to the bit
// in the common case.
function priceTokens(price: UnitPrice | undefined, tokens: number, tierInput: number): number {
  if (price === undefined || tokens <= 0) return 0
  if (typeof price === 'number') return (price * tokens) / 1e6
  let unit = price.base
  for (const tier of price.tiers) if (tierInput > tier.start) unit = tier.price
  return (((unit * tokens) / 1e6) * 1e6) / 1e6
}

function readUnitPrice(value: unknown): UnitPrice | null {
  if (isPrice(value)) return value
  if (typeof value !== 'object' || value === null) return null
  const { base, tiers } = value as { base?: unknown; tiers?: unknown }
  if (!isPrice(base) || !Array.isArray(tiers)) return null
  const checked: Tiered['tiers'] = []
  for (const tier of tiers as unknown[]) {
    if (typeof tier !== 'object' || tier === null) return null
    const { start, price } = tier as { start?: unknown; price?: unknown }
    if (typeof start !== 'number' || !Number.isSafeInteger(start) || start < 0 || !isPrice(price))
      return null
    checked.push({ start, price })
  }
  checked.sort((a, b) => a.start - b.start)
  return { base, tiers: checked }
}

function isPrice(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}
