/**
 * The shape of an error message without its variable parts, so one failure that repeats with
 * different ids, numbers or quoted values forms one group: UUIDs and long hex ids become
 * `<id>`, quoted values `<str>`, numbers `<n>`, whitespace runs one space. Capped at 200
 * characters. Null stays `''`.
 * @example fingerprintErrorMessage('Timeout after 30.5s (request 9f8e7d6c5b4a39281706f5e4d3c2b1a0)')
 *   // 'Timeout after <n>s (request <id>)'
 */
export function fingerprintErrorMessage(message: string | null): string {
  if (message === null) return ''
  return message
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{16,}\b/gi, '<id>')
    .replace(/\b(?:req|chatcmpl|msg|run|call)_[A-Za-z0-9]+/g, '<id>')
    .replace(/"[^"]*"|'[^']*'/g, '<str>')
    .replace(/\d+(?:\.\d+)?/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200)
}
