/**
 * Whether a parsed JSON value nests arrays and objects deeper than `maxDepth` (a bare
 * scalar is depth 0, `{}` and `[]` depth 1, `{"a":[1]}` depth 2). Iterative, so a hostile
 * body cannot overflow the stack here; it stops at the first path that is too deep.
 *
 * @example isJsonDeeperThan({ a: { b: [1] } }, 2) // true: depth 3
 */
export function isJsonDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }]
  while (stack.length > 0) {
    const { value: node, depth } = stack.pop()!
    if (node === null || typeof node !== 'object') continue
    const level = depth + 1
    if (level > maxDepth) return true
    const children = Array.isArray(node) ? node : Object.values(node)
    for (const child of children) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: level })
    }
  }
  return false
}
