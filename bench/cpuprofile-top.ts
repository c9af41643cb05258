// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time,
// and self time per area (our packages, a dependency, Node internals, GC, idle).
//
//   node --import tsx bench/cpuprofile-top.ts <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

export interface ProfileEntry {
  name: string
  selfMs: number
  share: number
}

export interface ProfileSummary {
  totalMs: number
  functions: ProfileEntry[]
  areas: ProfileEntry[]
}

/** Where a frame's code lives: a package of ours, a dependency, Node itself, or V8's pseudo-frames. */
function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)'
  if (url.startsWith('node:')) return 'node internals'
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
  if (dep) return dep[1]!
  const ours = /\/(packages|apps)\/([^/]+)\//.exec(url)
  if (ours) return `${ours[1]}/${ours[2]}`
  return url.replace(/^file:\/\//, '')
}

/** Self time per function and per area of one profile, largest first. */
export function summarizeCpuProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const selfUs = new Map<number, number>()
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
  }
  const functions = new Map<string, number>()
  const areas = new Map<string, number>()
  let totalUs = 0
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame
    const file = url.replace(/^.*\/(node_modules|packages|apps)\//, '$1/').replace(/^file:\/\//, '')
    const key = `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim()
    functions.set(key, (functions.get(key) ?? 0) + us)
    const area = areaOf(url, functionName)
    areas.set(area, (areas.get(area) ?? 0) + us)
    totalUs += us
  }
  const rank = (m: Map<string, number>, n: number): ProfileEntry[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, selfMs: us / 1000, share: us / totalUs }))
  return { totalMs: totalUs / 1000, functions: rank(functions, top), areas: rank(areas, 15) }
}

/** The summary as printable lines. */
export function formatProfileSummary(summary: ProfileSummary): string {
  const line = (e: ProfileEntry) =>
    `${e.selfMs.toFixed(0).padStart(9)} ms ${(e.share * 100).toFixed(1).padStart(5)} %  ${e.name}`
  return [
    `total sampled: ${summary.totalMs.toFixed(0)} ms`,
    'self time by area:',
    ...summary.areas.map(line),
    'top functions by self time:',
    ...summary.functions.map(line),
  ].join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, top] = process.argv.slice(2)
  if (!file) throw new Error('usage: cpuprofile-top.ts <file.cpuprofile> [top]')
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  process.stdout.write(formatProfileSummary(summarizeCpuProfile(profile, Number(top ?? 25))) + '\n')
}
