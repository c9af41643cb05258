import { describe, expect, it } from 'vitest'
import { ContentGuard } from './content-guard.js'

const hidden = new ContentGuard(false)
const shown = new ContentGuard(true)

describe('ContentGuard', () => {
  it('drops attributes that carry message text and keeps the rest, token counts included', () => {
    const attributes = {
      'gen_ai.input.messages': '[…]',
      'gen_ai.prompt.0.content': 'p',
      'gen_ai.completion.0.content': 'c',
      'llm.input_messages.0.message.content': 'p',
      'input.value': 'p',
      'output.value': 'c',
      'ai.prompt.messages': 'p',
      'ai.response.text': 'c',
      'langfuse.observation.input': 'p',
      'traceloop.entity.output': 'c',
      'gen_ai.tool.call.arguments': '{}',
      'mlflow.spanInputs': 'p',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 12,
      'llm.token_count.prompt_tokens': 12,
      'http.response.status_code': 200,
      'app.tier': 'gold',
    }
    const span = hidden.span({ input_messages: [], attributes, events: [] })
    expect(span['attributes']).toEqual({
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 12,
      'llm.token_count.prompt_tokens': 12,
      'http.response.status_code': 200,
      'app.tier': 'gold',
    })
    expect(span['content_hidden']).toBe(true)
    expect(shown.span({ attributes })['attributes']).toBe(attributes)
  })

  it('hides text columns, content attribute columns and GenAI log bodies in rows only', () => {
    expect(hidden.row({ span_id: 'a', input_text: 'p', 'attributes.input.value': 'p' })).toEqual({
      span_id: 'a',
      input_text: null,
      'attributes.input.value': null,
      content_hidden: true,
    })
    const plain = { span_id: 'a', model: 'gpt-4o' }
    expect(hidden.row(plain)).toBe(plain)
    expect(hidden.row({ body: 'b', event_name: 'gen_ai.choice' })['body']).toBeNull()
    expect(hidden.row({ body: 'b', event_name: 'app.start' })['body']).toBe('b')
  })

  it('refuses q, search and content filters or group-bys, and passes others', () => {
    const refused = [
      { q: 'x' },
      { filters: { operator: 'search', value: 'x' } },
      {
        filters: JSON.stringify({
          operator: 'OR',
          conditions: [{ field: 'body', operator: 'contains', value: 'x' }],
        }),
      },
      { filters: { field: 'attributes.gen_ai.prompt', operator: 'exists' } },
      { groupBy: 'model,input_text' },
    ]
    for (const input of refused) expect(() => hidden.checkFilters(input)).toThrow(/prompt/)
    for (const input of refused) expect(() => shown.checkFilters(input)).not.toThrow()
    expect(() =>
      hidden.checkFilters({
        q: ' ',
        filters: { field: 'model', operator: 'eq', value: 'input_text' },
        groupBy: 'model,attributes.app.tier',
      }),
    ).not.toThrow()
    expect(() => hidden.checkFilters({ filters: '{not json' })).not.toThrow()
  })
})
