import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import {
  calcPrice,
  findProvider,
  type MatchLogic,
  type ModelInfo,
  type ModelPrice,
  type PriceCalculation,
} from '@pydantic/genai-prices'
import { ObservatoryError } from '@llm-observatory/core'
import { compileModelMatch, type ModelNameTest } from './compile-model-match.js'
import type { CheckedUsage } from './cost-plan.js'
import { inferProvider } from './infer-provider.js'
import {
  isAcceptedByEngine,
  makePricedModel,
  priceModel,
  type PricedModel,
  type PriceResult,
} from './price-model.js'

export type { PriceResult } from './price-model.js'

/**
 * A user model definition (pricing.md "User model definitions"), in genai-prices' shape.
 * @example { id: 'acme-ft', provider: 'openai', match: { regex: '^ft:gpt-4o-2024-08-06:acme:.*$' },
 *   startDate: '2026-01-01', prices: { input_mtok: 3.75, cache_read_mtok: 1.875, output_mtok: 15 } }
 */
export interface CustomModelPrice {
  /** Stable id; the price source of costs it computes is `custom:<id>`. */
  id: string
  /** Applies only to spans of this provider (compared after alias resolution). */
  provider?: string | null
  /** Case-insensitive; a regex is not anchored for you. */
  match: MatchLogic
  /** ISO date or date-time (a date is UTC midnight): applies to spans starting at or after it. */
  startDate?: string | null
  /** Breaks ties between definitions with the same start date; higher wins. Default 0. */
  priority?: number
  /** USD per million tokens (`*_mtok`) etc.; a number or `{ base, tiers: [{ start, price }] }`. */
  prices: ModelPrice
}

/** What one span's cost depends on. Token contract: input includes cache reads and writes,
 * output includes reasoning. */
export interface PriceInput {
  provider: string | null
  model: string | null
  inputTokens: number | null
  cachedInputTokens: number | null
  cacheWriteTokens: number | null
  outputTokens: number | null
  reasoningTokens: number | null
  timestampMs: number
}

export interface PriceCatalogOptions {
  /** Project and instance definitions; they win over the bundled catalog. */
  customModels?: CustomModelPrice[]
}

interface CustomRule {
  id: string
  provider: string | null
  test: ModelNameTest
  startMs: number
  priority: number
  priced: PricedModel
}

interface Resolution {
  /** Rules matching this (provider, model), best first. */
  customs: CustomRule[]
  /** undefined until first needed; null when genai-prices does not know the model. */
  builtin: PricedModel | null | undefined
}

// OTel and instrumentation provider names genai-prices does not match (pricing.md).
const providerAliases = new Map([
  ['x_ai', 'x-ai'],
  ['azure.ai.inference', 'azure'],
  ['gcp.gen_ai', 'google'],
])

// Memo entries are cheap, but model names come from clients: start over past this size.
const maxMemoEntries = 10_000
const pricedModels = new WeakMap<ModelInfo, PricedModel>()
let bundledSource: string | undefined

/**
 * Prices LLM calls from token usage: user definitions first, then the catalog bundled in
 * `@pydantic/genai-prices` (pricing.md "Cost resolution order").
 *
 * - Custom definitions: among those whose match (and provider, if set) fits, the newest
 *   `startDate` not after the span start wins, then the highest `priority`, then list order.
 * - Bundled: genai-prices with the span's provider (after an alias map), then with no provider,
 *   then with the provider inferred from the name, then, for `vendor/model`, with the vendor.
 * - Resolution is memoised per (provider, model), misses too. The price in force at the span
 *   start (price history, off-peak hours) is chosen as genai-prices does, and the cost computed
 *   with its arithmetic (`compileCostPlan`): ~0.4 µs instead of ~9 µs for `calcPrice`. Each
 *   price set is first checked against `calcPrice` on two probe usages; a set that disagrees, or
 *   a constraint we do not read, is priced by `calcPrice` itself on every call.
 * - Cost parts: `costInputUsd` is what input tokens cost at the input price, cache reads and
 *   writes are separate parts at their own prices (0 when the model has no such price: its cached
 *   tokens are then billed, and counted, as input), output includes reasoning.
 *
 * The catalog is immutable: build a new one when definitions change. Throws
 * `ERR_CONFIG_INVALID` for an invalid definition (bad match, regex, date, prices).
 *
 * @example
 * const catalog = new PriceCatalog()
 * catalog.price({ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 19, cachedInputTokens: 3,
 *   cacheWriteTokens: null, outputTokens: 9, reasoningTokens: 2, timestampMs: Date.now() })
 * // → { costUsd: 0.000008025, …, priceSource: 'genai-prices@0.1.8' }
 */
export class PriceCatalog {
  readonly #rules: CustomRule[]
  readonly #source: string
  #memo = new Map<string, Resolution>()

  constructor(options: PriceCatalogOptions = {}) {
    this.#source = readBundledSource()
    this.#rules = compileRules(options.customModels ?? [])
  }

  /** The price source recorded for costs from the bundled catalog, e.g. `genai-prices@0.1.8`. */
  get bundledSource(): string {
    return this.#source
  }

  /**
   * The cost of one call, or null when it cannot be priced: no model, no token counts, usage
   * that breaks the token contract (negative, cached > input, reasoning > output), or a model
   * nobody prices. Missing counts are 0 when at least input or output is known. Never throws.
   */
  price(input: PriceInput): PriceResult | null {
    const model = input.model?.trim() ?? ''
    if (model === '') return null
    const usage = checkUsage(input)
    if (usage === null) return null
    const resolution = this.#resolve(input.provider, model)
    const priced =
      pickRule(resolution.customs, input.timestampMs) ??
      this.#builtin(resolution, input.provider, model)
    if (priced === null) return null
    return priceModel(priced, model, usage, input.timestampMs)
  }

  #resolve(provider: string | null, model: string): Resolution {
    const key = `${provider?.trim().toLowerCase() ?? ''}\n${model.toLowerCase()}`
    const known = this.#memo.get(key)
    if (known !== undefined) return known
    if (this.#memo.size >= maxMemoEntries) this.#memo.clear()
    const spanProvider = canonicalProvider(provider ?? inferProvider(model))
    const customs = this.#rules.filter(
      (rule) => (rule.provider === null || rule.provider === spanProvider) && rule.test(model),
    )
    const resolution: Resolution = { customs, builtin: undefined }
    this.#memo.set(key, resolution)
    return resolution
  }

  #builtin(resolution: Resolution, provider: string | null, model: string): PricedModel | null {
    if (resolution.builtin === undefined) resolution.builtin = this.#findBuiltin(provider, model)
    return resolution.builtin
  }

  #findBuiltin(provider: string | null, model: string): PricedModel | null {
    const attempts: [string | undefined, string][] = []
    const given = provider === null ? undefined : aliasProvider(provider)
    if (given !== undefined) attempts.push([given, model])
    attempts.push([undefined, model])
    const inferred = inferProvider(model)
    if (inferred !== null && aliasProvider(inferred) !== given)
      attempts.push([aliasProvider(inferred), model])
    const slash = model.indexOf('/')
    if (slash > 0 && !model.toLowerCase().startsWith('models/')) {
      const rest = model.slice(slash + 1)
      const restProvider = inferProvider(rest)
      if (inferred !== null) attempts.push([aliasProvider(inferred), rest])
      if (restProvider !== null && restProvider !== inferred)
        attempts.push([aliasProvider(restProvider), rest])
      attempts.push([undefined, rest])
    }
    for (const [providerId, name] of attempts) {
      const found = resolveWithEngine(providerId, name)
      if (found !== null) return toPricedModel(found, this.#source)
    }
    return null
  }
}

function resolveWithEngine(providerId: string | undefined, name: string): PriceCalculation | null {
  try {
    // Empty usage: only the match is wanted here; the timestamp does not affect matching.
    return calcPrice(
      {},
      name,
      providerId === undefined
        ? { timestamp: new Date(0) }
        : { providerId, timestamp: new Date(0) },
    )
  } catch {
    return null
  }
}

function toPricedModel(found: PriceCalculation, source: string): PricedModel {
  const known = pricedModels.get(found.model)
  if (known !== undefined) return known
  const priced = makePricedModel(source, found.model.id, found.provider, found.model.prices)
  pricedModels.set(found.model, priced)
  return priced
}

function pickRule(rules: CustomRule[], timestampMs: number): PricedModel | null {
  for (const rule of rules) if (rule.startMs <= timestampMs) return rule.priced
  return null
}

function checkUsage(input: PriceInput): CheckedUsage | null {
  if (input.inputTokens === null && input.outputTokens === null) return null
  const usage: CheckedUsage = {
    input: input.inputTokens ?? 0,
    cacheRead: input.cachedInputTokens ?? 0,
    cacheWrite: input.cacheWriteTokens ?? 0,
    output: input.outputTokens ?? 0,
    reasoning: input.reasoningTokens ?? 0,
  }
  for (const value of Object.values(usage)) if (!Number.isFinite(value) || value < 0) return null
  if (usage.cacheRead + usage.cacheWrite > usage.input || usage.reasoning > usage.output)
    return null
  return usage
}

function aliasProvider(provider: string): string {
  const name = provider.trim().toLowerCase()
  return providerAliases.get(name) ?? name
}

function canonicalProvider(provider: string | null): string | null {
  if (provider === null) return null
  const name = aliasProvider(provider)
  return findProvider({ providerId: name })?.id ?? name
}

function compileRules(definitions: CustomModelPrice[]): CustomRule[] {
  const seen = new Set<string>()
  const rules = definitions.map((definition, index) => {
    const fail = (problem: string): never => {
      throw new ObservatoryError('ERR_CONFIG_INVALID', {
        message: `Custom model price ${JSON.stringify(definition.id)}: ${problem}.`,
        details: { customModelId: definition.id },
      })
    }
    if (typeof definition.id !== 'string' || definition.id === '')
      fail('id must be a non-empty string')
    if (seen.has(definition.id)) fail('id is used twice')
    seen.add(definition.id)
    let test: ModelNameTest
    try {
      test = compileModelMatch(definition.match)
    } catch (error) {
      return fail(`invalid match (${error instanceof Error ? error.message : 'unknown'})`)
    }
    const startMs = definition.startDate == null ? -Infinity : Date.parse(definition.startDate)
    if (Number.isNaN(startMs)) fail('startDate is not an ISO date')
    const priority = definition.priority ?? 0
    if (!Number.isFinite(priority)) fail('priority must be a finite number')
    const prices = definition.prices
    if (typeof prices !== 'object' || prices === null || Object.keys(prices).length === 0)
      fail('prices must be a non-empty object')
    const priced = makePricedModel(
      `custom:${definition.id}`,
      definition.id,
      { id: 'custom', name: 'custom' },
      prices,
    )
    if (!isAcceptedByEngine(priced))
      fail(
        'prices are not valid genai-prices prices (numbers or {base, tiers}, input_mtok with cache prices)',
      )
    const provider = definition.provider == null ? null : canonicalProvider(definition.provider)
    return { id: definition.id, provider, test, startMs, priority, priced, index }
  })
  rules.sort((a, b) => {
    if (a.startMs !== b.startMs) return a.startMs > b.startMs ? -1 : 1
    return b.priority - a.priority || a.index - b.index
  })
  return rules
}

function readBundledSource(): string {
  if (bundledSource !== undefined) return bundledSource
  // The package's exports map hides package.json, so walk up from its entry file.
  let dir = dirname(createRequire(import.meta.url).resolve('@pydantic/genai-prices'))
  let version = 'unknown'
  for (let depth = 0; depth < 4; depth++) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown
        version?: unknown
      }
      if (manifest.name === '@pydantic/genai-prices' && typeof manifest.version === 'string') {
        version = manifest.version
        break
      }
    } catch {
      // no package.json at this level
    }
    dir = dirname(dir)
  }
  bundledSource = `genai-prices@${version}`
  return bundledSource
}
