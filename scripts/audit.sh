#!/usr/bin/env bash
# `npm run audit`: fails when a production dependency (the root and every workspace, i.e. the
# whole lockfile without dev dependencies) has a known critical vulnerability.
#
# Exit codes: 0 no known critical vulnerability; 1 critical vulnerabilities found (listed);
# 2 the audit could not run (the registry's advisory endpoint was unreachable or answered an
# error). A check that did not run is a failure, never a pass: scripts/test.sh lets code 2
# through only when OBSERVATORY_AUDIT_UNREACHABLE=warn says so, and says so loudly.
set -uo pipefail
cd "$(dirname "$0")/.."

report="$(npm audit --omit=dev --workspaces --include-workspace-root --json 2>/dev/null)"
printf '%s' "$report" | node -e '
let text = ""
process.stdin.on("data", (c) => (text += c))
process.stdin.on("end", () => {
  let report = null
  try {
    report = JSON.parse(text)
  } catch {}
  const counts = report?.metadata?.vulnerabilities
  if (!report || report.auditReportVersion === undefined || counts === undefined) {
    const reason = report?.message ?? report?.error?.summary ?? "no report (npm printed nothing parseable)"
    console.error("")
    console.error("!!! npm audit DID NOT RUN: " + reason)
    console.error("!!! The dependency check is not done; this is a failure, not a pass.")
    console.error("")
    process.exit(2)
  }
  const deps = report.metadata.dependencies?.prod ?? report.metadata.dependencies?.total ?? "?"
  const summary = ["critical", "high", "moderate", "low"].map((l) => `${counts[l] ?? 0} ${l}`).join(", ")
  console.log(`npm audit: ${deps} production dependencies; known vulnerabilities: ${summary}`)
  const critical = Object.values(report.vulnerabilities ?? {}).filter((v) => v.severity === "critical")
  if (critical.length === 0) process.exit(0)
  console.error("Critical vulnerabilities (fix with npm audit fix, or update the package):")
  for (const v of critical) {
    const via = (v.via ?? []).map((x) => (typeof x === "string" ? x : `${x.title} (${x.url})`))
    console.error(`  ${v.name} ${v.range}: ${via.join("; ")}`)
  }
  process.exit(1)
})
'
