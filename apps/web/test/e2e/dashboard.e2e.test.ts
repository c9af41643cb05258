import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstLoadBudgetBytes, measureFirstLoad } from '../../scripts/bundle-budget.js'
import { formatCost, formatCount, formatLatency, formatPercent } from '../../src/shared/format.js'
import {
  adminEmail,
  adminPassword,
  secretKey,
  startDashboardServer,
  type DashboardServer,
} from './dashboard-server.js'

const screenshots = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url))
const llmCount = 60
const now = Date.now()

/** The seeded calls: two models, three services, four users, every 10th failing. */
function seedLogs(): Record<string, unknown>[] {
  return Array.from({ length: llmCount }, (_, i) => {
    const isClaude = i % 3 === 0
    return {
      provider: isClaude ? 'anthropic' : 'openai',
      model: isClaude ? 'claude-3-5-sonnet-20241022' : 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are a support bot. Be brief.' },
        { role: 'user', content: `Question number ${i} about my order` },
      ],
      response: `Answer number ${i}.`,
      usage: { prompt_tokens: 100 + i, completion_tokens: 20 + i },
      cost_usd: 0.001 * (i + 1),
      latency_ms: 200 + i * 50,
      ttft_ms: 80 + i,
      timestamp: new Date(now - (i + 1) * 150_000).toISOString(),
      success: i % 10 !== 0,
      ...(i % 10 === 0
        ? { error_type: 'RateLimitError', error_message: 'Rate limit reached' }
        : {}),
      service: ['support-bot', 'search', 'billing'][i % 3],
      user_id: `user-${i % 4}`,
      session_id: `sess-${i % 5}`,
      environment: 'production',
      tags: ['prod'],
    }
  })
}

/** The call the trace view test opens: a tool round trip with every role. */
const toolTrace = {
  trace_id: 'e2e-weather-trace',
  provider: 'openai',
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You answer weather questions.' },
    { role: 'user', content: 'What is the weather in Paris?' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
        },
      ],
    },
    { role: 'tool', tool_call_id: 'call_1', content: '{"temp_c":21,"sky":"sunny"}' },
  ],
  response: 'It is sunny and 21 °C in Paris.',
  usage: {
    prompt_tokens: 1200,
    completion_tokens: 300,
    prompt_tokens_details: { cached_tokens: 200 },
  },
  cost_usd: 0.0123,
  latency_ms: 900,
  ttft_ms: 150,
  timestamp: new Date(now - 30_000).toISOString(),
  service: 'weather-bot',
  user_id: 'user-weather',
}

describe('dashboard in headless Chromium', () => {
  let srv: DashboardServer
  let browser: Browser
  let page: Page

  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${srv.origin}${path}`, {
      headers: { authorization: `Bearer ${secretKey}` },
    })
    expect(res.status, path).toBe(200)
    return ((await res.json()) as { data: T }).data
  }
  const shot = (name: string) =>
    page.screenshot({ path: `${screenshots}${name}.png`, fullPage: true })

  beforeAll(async () => {
    await mkdir(screenshots, { recursive: true })
    srv = await startDashboardServer()
    const res = await fetch(`${srv.origin}/api/v1/ingest/llm/bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ logs: [...seedLogs(), toolTrace] }),
    })
    expect(res.status).toBe(200)
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } })
  })

  afterAll(async () => {
    await browser?.close()
    await srv?.close()
  })

  it('keeps the first-load JavaScript under 400 kB gzipped', async () => {
    const size = await measureFirstLoad(srv.webDir)
    expect(size.files.length).toBeGreaterThan(0)
    expect(size.gzipBytes).toBeLessThan(firstLoadBudgetBytes)
  })

  it('serves the app at / and at deep links, and keeps JSON 404s for unknown API paths', async () => {
    for (const path of ['/', '/traces/abc']) {
      const res = await fetch(`${srv.origin}${path}`)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/text\/html/)
      expect(await res.text()).toContain('<div id="root">')
    }
    const missing = await fetch(`${srv.origin}/api/v1/nope`)
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found')
    const asset = await fetch(`${srv.origin}/assets/missing-file.js`)
    expect(asset.status).toBe(404)
  })

  it('logs in as the first admin and shows overview numbers equal to the API', async () => {
    await page.goto(`${srv.origin}/`)
    await page.getByLabel('E-mail').fill(adminEmail)
    await page.getByLabel('Password').fill('wrong-password-000')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByRole('alert').getByText('Wrong e-mail or password.').waitFor()
    await shot('login')
    await page.getByLabel('Password').fill(adminPassword)
    await page.getByRole('button', { name: 'Log in' }).click()

    const dash = await api<{
      requests: { value: number }
      cost_usd: { value: number }
      latency_ms_p95: { value: number }
      error_rate: { value: number }
    }>('/api/v1/analytics/dashboard?from=now-24h&to=now')
    // The seed, counted independently of the API: 61 calls, 6 failed, costs 0.001…0.060 + 0.0123.
    expect(dash.requests.value).toBe(llmCount + 1)
    expect(dash.cost_usd.value).toBeCloseTo((0.001 * llmCount * (llmCount + 1)) / 2 + 0.0123, 9)
    expect(dash.error_rate.value).toBeCloseTo(6 / 61, 12)

    const stat = (id: string) => page.getByTestId(id).locator('.stat-value')
    await expect.poll(() => stat('stat-requests').textContent()).toBe(formatCount(61))
    expect(await stat('stat-cost').textContent()).toBe(formatCost(dash.cost_usd.value))
    expect(await stat('stat-latency').textContent()).toBe(formatLatency(dash.latency_ms_p95.value))
    expect(await stat('stat-errors').textContent()).toBe(formatPercent(dash.error_rate.value))
    await page.getByRole('table', { name: 'Cost by model' }).getByText('gpt-4o-mini').waitFor()
    await page.getByRole('table', { name: 'Top users by cost' }).getByText('user-3').waitFor()
    await page.locator('.chart canvas').first().waitFor()
    await shot('overview')
  })

  it('reflects the global filters in the URL and in the numbers', async () => {
    await page.getByLabel('Filter field').selectOption('model')
    await page.getByLabel('Filter value').fill('claude-3-5-sonnet-20241022')
    await page.getByRole('button', { name: 'Add filter' }).click()
    await expect
      .poll(() => new URL(page.url()).searchParams.get('model'))
      .toBe('claude-3-5-sonnet-20241022')
    const claude = await api<{ requests: { value: number } }>(
      '/api/v1/analytics/dashboard?from=now-24h&to=now&model=claude-3-5-sonnet-20241022',
    )
    expect(claude.requests.value).toBe(20)
    await expect
      .poll(() => page.getByTestId('stat-requests').locator('.stat-value').textContent())
      .toBe(formatCount(20))
    await page.getByRole('button', { name: 'Remove model claude-3-5-sonnet-20241022' }).click()
    await expect.poll(() => new URL(page.url()).searchParams.has('model')).toBe(false)
  })

  it('switches to the dark theme and remembers it across a reload', async () => {
    await page.getByRole('button', { name: 'Switch to dark theme' }).click()
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark')
    await page.reload()
    await page.getByRole('button', { name: 'Switch to light theme' }).waitFor()
    await page.getByTestId('stat-requests').getByText(formatCount(61)).waitFor()
    await page.locator('.chart canvas').first().waitFor()
    await shot('overview-dark')
    await page.getByRole('button', { name: 'Switch to light theme' }).click()
  })

  it('lists traces and loads more on scroll (infinite scroll over next_cursor)', async () => {
    await page.getByRole('link', { name: 'Traces' }).click()
    const rows = page.getByRole('table', { name: 'Traces' }).locator('tbody tr')
    await expect.poll(() => rows.count()).toBe(50)
    await page.getByTestId('trace-count').getByText('61 traces').waitFor()
    await shot('traces')
    await page.locator('.sentinel').scrollIntoViewIfNeeded()
    await expect.poll(() => rows.count()).toBe(61)
    await page.getByText('End of list').waitFor()
  })

  it('opens a trace and shows its chat messages, tool call, tokens and cost', async () => {
    await page.getByLabel('Search prompts and responses').fill('Paris')
    await page.getByRole('button', { name: 'Search' }).click()
    const rows = page.getByRole('table', { name: 'Traces' }).locator('tbody tr')
    await expect.poll(() => rows.count()).toBe(1)
    await rows.first().getByRole('link').click()
    const detail = page.getByTestId('span-detail')
    await detail.waitFor()
    const bubble = (role: string) => detail.locator(`.bubble[data-role="${role}"]`)
    expect(await bubble('system').first().textContent()).toContain('You answer weather questions.')
    expect(await bubble('user').first().textContent()).toContain('What is the weather in Paris?')
    expect(await detail.getByTestId('tool-call').textContent()).toContain('get_weather')
    expect(await detail.getByTestId('tool-call').textContent()).toContain('"city": "Paris"')
    expect(await detail.getByTestId('tool-result').textContent()).toContain('temp_c')
    expect(await bubble('assistant').last().textContent()).toContain(
      'It is sunny and 21 °C in Paris.',
    )

    const traceId = new URL(page.url()).pathname.split('/').pop()!
    const trace = await api<{ trace: { cost_usd: number; total_tokens: number } }>(
      `/api/v1/traces/${traceId}`,
    )
    expect(trace.trace.cost_usd).toBeCloseTo(0.0123, 12)
    const summary = page.getByTestId('trace-summary')
    expect(await summary.textContent()).toContain(formatCost(trace.trace.cost_usd))
    expect(await summary.textContent()).toContain(formatCount(1500))
    expect(await detail.textContent()).toContain(formatLatency(150))
    await shot('trace')
  })

  it('shows the first-trace instructions in a project without traces, via the project switcher', async () => {
    const token = await page.evaluate(
      () =>
        (JSON.parse(sessionStorage.getItem('observatory.tokens')!) as { access_token: string })
          .access_token,
    )
    const res = await fetch(`${srv.origin}/api/v1/projects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Empty project' }),
    })
    expect(res.status).toBe(201)
    const { id } = ((await res.json()) as { data: { id: string } }).data
    await page.goto(`${srv.origin}/`)
    await page.getByLabel('Project').selectOption(id)
    const empty = page.getByTestId('empty-state')
    await empty.waitFor()
    expect(await empty.textContent()).toContain(`${srv.origin}/v1/traces`)
    expect(await empty.textContent()).toContain('@opentelemetry/exporter-trace-otlp-proto')
    expect(await empty.textContent()).toContain('OTLPSpanExporter')
    await shot('empty-state')
  })

  it('fits a tablet width (820 px) without horizontal scrolling', async () => {
    await page.setViewportSize({ width: 820, height: 1100 })
    await page.goto(`${srv.origin}/`)
    await page.getByLabel('Project').waitFor()
    const projects = await page.getByLabel('Project').locator('option').allTextContents()
    const defaultProject = projects.findIndex((p) => !p.startsWith('Empty project'))
    await page.getByLabel('Project').selectOption({ index: defaultProject })
    await page.getByTestId('stat-requests').getByText(formatCount(61)).waitFor()
    await page.locator('.chart canvas').first().waitFor()
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    )
    expect(overflow).toBeLessThanOrEqual(0)
    await shot('overview-tablet')
  })
})
