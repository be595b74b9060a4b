import Diagnostics
import Foundation
import Model
@testable import Site

/// A site described inline, file by file, built into a temporary folder:
///
///     -- almanac.yaml --
///     title: Test
///     -- runbooks/db.md --
///     ---
///     title: DB
///     ---
struct Fixture {
    let root: URL
    var content: String { root.appendingPathComponent("Content").path }
    var output: String { root.appendingPathComponent("Output").path }

    /// The repository's default theme.
    static let theme: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Themes/default").path
    }()

    static let day = Day("2026-11-25")

    static let repository: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    init(_ files: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("almanac-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try write(files)
    }

    /// Adds or replaces files, in the same inline format.
    func write(_ files: String) throws {
        var name: String?
        var lines: [String] = []
        func flush() throws {
            guard let name else { return }
            let url = root.appendingPathComponent("Content").appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        }
        for line in files.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- "), line.hasSuffix(" --"), line.count > 6 {
                try flush()
                name = String(line.dropFirst(3).dropLast(3))
                lines = []
            } else {
                lines.append(String(line))
            }
        }
        try flush()
    }

    func remove(_ name: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent("Content").appendingPathComponent(name))
    }

    @discardableResult
    func build(output: String? = nil, asOf: String = "2026-11-25", baseURL: String? = nil) -> BuildResult {
        Build(BuildOptions(content: content, theme: Fixture.theme, output: output ?? self.output,
                           asOf: Day(asOf), baseURL: baseURL)).run()
    }

    /// The text of an output file, or nil.
    func read(_ path: String, in output: String? = nil) -> String? {
        try? String(contentsOfFile: (output ?? self.output) + "/" + path, encoding: .utf8)
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: output + "/" + path) }

    /// Every output file and its bytes, for comparing whole builds.
    func snapshot(_ output: String? = nil) -> [String: Data] {
        let base = output ?? self.output
        var out: [String: Data] = [:]
        for path in FileSystem.files(under: base) {
            out[path] = FileManager.default.contents(atPath: base + "/" + path)
        }
        return out
    }

    func cleanUp() { try? FileManager.default.removeItem(at: root) }
}

/// How many times `needle` occurs in `text`.
func occurrences(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

extension BuildResult {
    func diagnostics(_ code: Code) -> [Diagnostic] { diagnostics.filter { $0.code == code } }
    var errors: [Diagnostic] { diagnostics.filter(\.isError) }
    /// The diagnostics as a writer would read them, every warning included, for failure messages.
    var report: String { DiagnosticRenderer(warningsPerCode: nil) { _ in nil }.render(diagnostics) }
}

/// A small valid site with one document of every kind, cross-referenced; tests add or break files from here.
let minimalSite = """
-- almanac.yaml --
title: Test Almanac
environments: [staging, production]
cohorts: [everyone, moderators]
-- teams/core.md --
---
title: Core Team
summary: Keeps the lights on.
members:
  - { name: Alice Example, handle: "@alice", role: lead }
  - { name: Bob Example, handle: "@bob" }
channel: "#core"
oncall: core-primary
tags: [infra]
---
The core team.
-- services/api.md --
---
title: API
owner: core
tier: 1
lifecycle: production
depends_on: [db]
dashboards: [{ title: Latency, url: "https://grafana.example/d/api" }]
slo: { availability: 99.9, latency_p99_ms: 300 }
contracts: [{ provider: db, interactions: [read a user], last_verified: 2026-11-01, verified_in: db CI }]
synthetic_checks: [{ journey: sign in, locations: [eu-west], interval: 5m, threshold: 2 failures in a row, pages: true }]
---
The API.
-- services/db.md --
---
title: Database
owner: "@alice"
tier: 1
lifecycle: production
consumers: [api]
synthetic_checks: [{ journey: write a row, locations: [eu-west], interval: 1m, threshold: 3 failures in a row, pages: true }]
---
The database.
-- runbooks/api-down.md --
---
title: API down
owner: core
services: [api]
alerts: [ApiErrorRate]
last_reviewed: 2026-10-01
failure_modes:
  - { name: bad deploy, class: operator-fixable, action: roll back }
tags: [infra, api]
---
## Symptoms

Errors rise. See [the database runbook](runbook:db-slow#diagnose).

## Roll back the deploy

Run the rollback.
-- runbooks/db-slow.md --
---
title: DB slow
owner: core
services: [db]
last_reviewed: 2026-01-01
---
## Diagnose

Look at [the API runbook](api-down.md#roll-back-the-deploy).
-- postmortems/outage.md --
---
title: API outage
owner: core
severity: sev2
status: published
services: [api]
runbooks: [api-down]
timeline:
  started: 2026-10-05T10:00:00Z
  detected: 2026-10-05T10:07:30Z
  mitigated: 2026-10-05T10:45:00Z
  resolved: 2026-10-05T12:00:00Z
impact: { summary: Errors for some users, users_affected: 1200 }
root_causes: [A bad deploy]
action_items:
  - { title: Add canary, owner: "@bob", due: 2026-10-20, status: open }
  - { title: Fix alert, owner: core, due: 2026-12-20, status: done, closed: 2026-10-10 }
---
What happened.
-- flags/new-editor.md --
---
title: New editor
owner: core
type: release
created: 2026-10-01
expires: 2026-12-31
fallback: The old editor.
environments:
  staging: { enabled: true, rollout: 100 }
  production: { enabled: true, rollout: 10, cohorts: [moderators] }
audit:
  - { at: 2026-10-01T09:00:00Z, who: "@alice", environment: staging, action: created, why: New flag }
  - { at: 2026-10-01T09:05:00Z, who: "@alice", environment: staging, action: enabled, why: Try it in staging }
  - { at: 2026-10-01T09:06:00Z, who: "@alice", environment: staging, action: rollout, to: 100, why: Everyone in staging }
  - { at: 2026-10-08T09:00:00Z, who: "@bob", environment: production, action: targeting, to: [moderators], why: Moderators first }
  - { at: 2026-10-08T09:01:00Z, who: "@bob", environment: production, action: enabled, why: Start the ramp }
  - { at: 2026-10-08T09:02:00Z, who: "@bob", environment: production, action: rollout, to: 10, why: Ten percent of moderators }
---
-- experiments/editor-test.md --
---
title: Editor test
owner: core
status: running
hypothesis: The new editor raises posting.
flag: new-editor
surface: composer
start: 2026-10-02
daily_traffic: 5000
variants:
  - { name: control, weight: 50, control: true }
  - { name: treatment, weight: 50 }
primary_metric: { name: posts, kind: proportion, baseline: 0.1, expected_lift: 0.05, direction: increase }
---
-- rollouts/editor-launch.md --
---
title: Editor launch
owner: core
sprint: s1
services: [api]
flags: [new-editor]
steps:
  - { id: check, kind: preflight, title: Check dashboards, duration: 30m }
  - { id: ramp, kind: rollout, title: Ramp to 10%, needs: [check], flag: new-editor, environment: production, percentage: 10, duration: 1d }
  - { id: verify, kind: verify, title: Verify errors, needs: [ramp], duration: 2h, runbook: api-down }
  - { id: undo, kind: rollback, title: Roll back, needs: [ramp], reverts: ramp, duration: 10m }
---
-- sprints/s1.md --
---
title: Sprint 1
start: 2026-10-01
end: 2026-10-14
goals:
  - { title: Launch the editor, rollout: editor-launch, status: done }
  - { title: Fix alerts, status: planned }
---
-- pages/guides/welcome.md --
---
title: Welcome
summary: Start here.
tags: [onboarding]
---
# Welcome

Read the [API runbook](../../runbooks/api-down.md) first.
"""
