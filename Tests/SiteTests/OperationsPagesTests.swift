import Foundation
import Testing
@testable import Site

/// The operations report on runbook, team and service pages, and the runbooks index by staleness.
@Suite("Operations pages")
struct OperationsPagesTests {
    /// `minimalSite` (as of 2026-11-25) has `api-down` (due 2026-12-30, 35 days off) and `db-slow` (due 2026-04-01,
    /// 238 days overdue); `zz-late` is due 2026-10-30, 26 days overdue, and has failure modes in scrambled class order.
    /// `late-fix` is a postmortem with an item of `@alice` (core) 15 days overdue, not yet escalated, and one of
    /// `@carol` (another team). `db-migration` touches `api` only through a step.
    static let site = minimalSite + """

        -- runbooks/zz-late.md --
        ---
        title: ZZ late
        owner: core
        services: [api]
        last_reviewed: 2026-08-01
        last_drill: 2026-11-13
        failure_modes:
          - { name: Disk gone, class: fatal, action: restore from backup }
          - { name: Timeout blip, class: retryable, action: wait }
          - { name: Bad password, class: user-fixable, action: reset it }
          - { name: Pool exhausted, class: operator-fixable, action: raise the pool }
          - { name: Conflict retry, class: retryable, action: retry }
        ---
        -- teams/other.md --
        ---
        title: Other Team
        members:
          - { name: Carol Example, handle: "@carol" }
        ---
        -- postmortems/late-fix.md --
        ---
        title: Late fix
        owner: other
        severity: sev3
        status: published
        services: [db]
        timeline:
          started: 2026-11-01T08:00:00Z
          detected: 2026-11-01T08:10:00Z
          mitigated: 2026-11-01T09:00:00Z
          resolved: 2026-11-01T09:30:00Z
        impact: { summary: Slow queries }
        root_causes: [A missing index]
        action_items:
          - { title: Add the missing index, owner: "@alice", due: 2026-11-10, status: open }
          - { title: Carol task, owner: "@carol", due: 2026-11-10, status: open }
        ---
        -- rollouts/db-migration.md --
        ---
        title: DB migration
        owner: core
        services: [db]
        steps:
          - { id: prepare, kind: preflight, title: Prepare, services: [api] }
        ---
        """

    /// The HTML of the section with this id, up to its end; nil when the page has no such section.
    static func section(_ html: String, _ id: String) -> String? {
        guard let start = html.range(of: "id=\"\(id)\"") else { return nil }
        let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex)?.lowerBound ?? html.endIndex
        return String(html[start.lowerBound..<end])
    }

    static func build() throws -> Fixture {
        let fixture = try Fixture(site)
        let result = fixture.build()
        #expect(result.errors.isEmpty, "\(result.report)")
        return fixture
    }

    @Test("the runbooks index puts stale runbooks first, most overdue first, and says how overdue or how far off")
    func runbookIndexByStaleness() throws {
        let site = try Self.build()
        defer { site.cleanUp() }
        let index = try #require(site.read("runbooks/index.html"))
        let order = ["db-slow", "zz-late", "api-down"].map { index.range(of: "href=\"/runbooks/\($0)/\"")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted(), "db-slow (238 days overdue), zz-late (26), then api-down (due)")
        #expect(index.contains("<span class=\"date\">2026-04-01</span>, <span class=\"badge badge-stale\">238 days overdue</span>"))
        #expect(index.contains("<span class=\"date\">2026-10-30</span>, <span class=\"badge badge-stale\">26 days overdue</span>"))
        #expect(index.contains("<span class=\"date\">2026-12-30</span>, due in 35 days"))
    }

    @Test("a stale runbook shows a banner; a current one does not; the last drill says how long ago")
    func staleBanner() throws {
        let site = try Self.build()
        defer { site.cleanUp() }
        let stale = try #require(site.read("runbooks/db-slow/index.html"))
        #expect(stale.contains("class=\"banner banner-warning\""))
        #expect(stale.contains("Review overdue."))
        #expect(stale.contains("238 days overdue"))
        let current = try #require(site.read("runbooks/api-down/index.html"))
        #expect(!current.contains("class=\"banner"))
        #expect(current.contains("due in 35 days"))
        let drilled = try #require(site.read("runbooks/zz-late/index.html"))
        #expect(drilled.contains("<dt>Last drill</dt><dd><span class=\"date\">2026-11-13</span> (12 days ago)</dd>"))
    }

    @Test("failure modes are one table after the body, by class in the content model's order, file order within a class")
    func failureModesByClass() throws {
        let site = try Self.build()
        defer { site.cleanUp() }
        let page = try #require(site.read("runbooks/zz-late/index.html"))
        let section = try #require(Self.section(page, "section-failure-modes"))
        #expect(occurrences("<table", in: section) == 1, "one table, not one per class")
        let names = ["Timeout blip", "Conflict retry", "Bad password", "Pool exhausted", "Disk gone"]
        let positions = try names.map { try #require(section.range(of: $0)?.lowerBound) }
        #expect(positions == positions.sorted(), "retryable (file order), user-fixable, operator-fixable, fatal")
        #expect(section.contains("operator-fixable: an operator must act; follow the action."), "the note says what each class present means")
        let plain = try #require(site.read("runbooks/db-slow/index.html"))
        #expect(!plain.contains("Failure modes"), "a runbook without failure modes shows no such section")
    }

    @Test("a service page shows its on-call, repository, alerts, dashboards' signals, objectives, synthetic checks and contracts")
    func serviceObservability() throws {
        let fixture = try Fixture(minimalSite + """

            -- services/observed.md --
            ---
            title: observed
            owner: core
            tier: 1
            lifecycle: production
            depends_on: [api]
            repo: https://git.example.com/core/observed
            oncall: core
            dashboards:
              - { title: Overview, url: "https://dash.example.com/d/o", shows: [latency, errors] }
            slos:
              - { name: Availability, objective: 99.95, window: 28d, indicator: "answers without a 5xx <b>" }
            alerts:
              - { name: ObservedErrorRateHigh, type: symptom, notify: page, runbook: api-down }
              - { name: ObservedQueueDeep, type: cause, notify: ticket }
            synthetic_checks:
              - { journey: sign in, locations: [eu-west, us-east], interval: 30s, threshold: 2 failures in a row, pages: false }
            contracts:
              - { provider: api, interactions: [get a user, list posts], last_verified: 2026-11-20, verified_in: api CI }
            ---
            """)
        defer { fixture.cleanUp() }
        let result = fixture.build()
        #expect(result.errors.isEmpty, "\(result.report)")
        let page = try #require(fixture.read("services/observed/index.html"))
        #expect(page.contains("<dt>On-call</dt><dd><a href=\"/teams/core/\">"))
        #expect(page.contains("<dt>Repository</dt><dd><a href=\"https://git.example.com/core/observed\">core/observed</a></dd>"))
        let alerts = try #require(Self.section(page, "section-alerts"))
        #expect(alerts.contains("ObservedErrorRateHigh") && alerts.contains("badge-symptom") && alerts.contains("badge-page")
                && alerts.contains("<a href=\"/runbooks/api-down/\">"))
        #expect(alerts.contains("ObservedQueueDeep") && alerts.contains(">none<"), "an alert without a runbook says so")
        let dashboards = try #require(Self.section(page, "section-dashboards"))
        #expect(dashboards.contains("shows latency, errors"))
        let objectives = try #require(Self.section(page, "section-service-level-objectives"))
        #expect(objectives.contains("99.95 %") && objectives.contains("28d") && objectives.contains("answers without a 5xx &lt;b&gt;"))
        let checks = try #require(Self.section(page, "section-synthetic-checks"))
        #expect(checks.contains("eu-west, us-east") && checks.contains("30s") && checks.contains("does not page"))
        let contracts = try #require(Self.section(page, "section-contracts"))
        #expect(contracts.contains("<a href=\"/services/api/\">") && contracts.contains("get a user, list posts") && contracts.contains("2026-11-20"))
        try PageOrderTests.expectOrder(["id=\"section-alerts\"", "id=\"section-dashboards\"",
                                        "id=\"section-service-level-objectives\"", "id=\"section-synthetic-checks\"", "id=\"section-contracts\""], in: page)
        let json = try #require(fixture.read("api/service/observed.json"))
        for key in ["\"slos\"", "\"alerts\"", "\"synthetic_checks\"", "\"contracts\"", "\"repo\"", "\"oncall\""] {
            #expect(json.contains(key), "exported: \(key)")
        }
    }

    @Test("gaps of the reliability catalog are shown on the service, its team's page and the home dashboard, and exported")
    func gapsShown() throws {
        let fixture = try Fixture(minimalSite + """

            -- services/gappy.md --
            ---
            title: gappy
            owner: core
            tier: 2
            lifecycle: production
            depends_on: [db]
            alerts:
              - { name: GappyDown, type: symptom, notify: page }
            ---
            """)
        defer { fixture.cleanUp() }
        let result = fixture.build()
        #expect(result.errors.isEmpty, "\(result.report)")
        #expect(Set(result.diagnostics.map(\.code.id)).isSuperset(of: ["W0601", "W0604"]))
        let page = try #require(fixture.read("services/gappy/index.html"))
        let banner = try #require(page.components(separatedBy: "Reliability gaps.</strong>").dropFirst().first?.components(separatedBy: "</div>").first)
        #expect(banner.contains("the alert GappyDown pages and has no runbook (W0601)"), "\(banner)")
        #expect(banner.contains("gappy depends on db without a contract (W0604)"))
        let team = try #require(fixture.read("teams/core/index.html"))
        let section = try #require(Self.section(team, "section-reliability-gaps"))
        #expect(section.contains("<a href=\"/services/gappy/\">") && section.contains("(W0601)"))
        let home = try #require(fixture.read("index.html"))
        #expect(home.contains("Reliability gaps"))
        let dashboard = try #require(home.components(separatedBy: "id=\"dashboard-gaps\"").dropFirst().first?.components(separatedBy: "</section>").first)
        #expect(dashboard.contains("/services/gappy/") && dashboard.contains("(W0604)"))
        let json = try #require(fixture.read("api/service/gappy.json"))
        #expect(json.contains("\"code\": \"W0601\"") || json.contains("\"code\":\"W0601\""), "\(json)")
        let api = try #require(fixture.read("services/api/index.html"))
        #expect(!api.contains("Reliability gaps."), "a service without gaps has no banner")
        // The services index: dependencies marked by their contracts, and the catalog across services.
        let index = try #require(fixture.read("services/index.html"))
        #expect(index.contains("edge-forward edge-contract-missing") && index.contains("edge-forward edge-contract-ok"))
        #expect(index.contains(">no contract</text>") && index.contains(">contract verified</text>"), "the legend names what is drawn")
        let coverage = try #require(Self.section(index, "section-alert-coverage"))
        #expect(coverage.contains("GappyDown") && coverage.contains(">none<"), "a paging alert without a runbook says none")
        #expect(coverage.contains("ApiErrorRate") && coverage.contains("<a href=\"/runbooks/api-down/\">"), "a runbook's alert no service declares is listed with its runbook")
        let checks = try #require(Self.section(index, "section-synthetic-coverage"))
        #expect(checks.contains("sign in") && checks.contains("write a row"))
    }

    @Test("a sprint lists the contracts verified and the synthetic checks added in it, and exports them")
    func sprintCatalog() throws {
        let fixture = try Fixture(minimalSite + """

            -- services/verified.md --
            ---
            title: verified
            owner: core
            tier: 2
            lifecycle: production
            depends_on: [db]
            contracts: [{ provider: db, interactions: [read a row], last_verified: 2026-10-05, verified_in: db CI }]
            synthetic_checks:
              - { journey: read a row, locations: [eu-west], interval: 30s, threshold: 3 failures, pages: true, added: 2026-10-10 }
              - { journey: write a row, locations: [eu-west], interval: 30s, threshold: 3 failures, pages: true, added: 2026-10-20 }
            ---
            """)
        defer { fixture.cleanUp() }
        let result = fixture.build()
        #expect(result.errors.isEmpty, "\(result.report)")
        let page = try #require(fixture.read("sprints/s1/index.html"))
        let section = try #require(Self.section(page, "section-contracts-and-checks"))
        #expect(section.contains("contract verified") && section.contains("<a href=\"/services/db/\">") && section.contains("2026-10-05"))
        #expect(section.contains("synthetic check added") && section.contains("read a row") && section.contains("2026-10-10"))
        #expect(!section.contains("write a row"), "added after the sprint (2026-10-01 – 2026-10-14)")
        let json = try #require(fixture.read("api/sprint/s1.json"))
        #expect(json.contains("\"contracts_verified\"") && json.contains("\"checks_added\""))
        #expect(json.contains("\"journey\": \"read a row\"") || json.contains("\"journey\":\"read a row\""), "\(json)")
    }

    @Test("a team page lists the open action items of its members with their badges, and its incidents")
    func teamActionItems() throws {
        let site = try Self.build()
        defer { site.cleanUp() }
        let page = try #require(site.read("teams/core/index.html"))
        let items = try #require(Self.section(page, "section-open-action-items"))
        #expect(items.contains("Add the missing index"))
        #expect(items.contains("<a href=\"/postmortems/late-fix/\">Late fix</a>"))
        #expect(items.contains("2026-11-10"))
        #expect(items.contains("<span class=\"badge badge-overdue\">overdue</span>, 15 days late"))
        #expect(items.contains("Add canary") && items.contains("badge-escalated"), "@bob's item is escalated (one sprint, > 28 days)")
        #expect(!items.contains("Carol task"), "an item of another team's member")
        #expect(!items.contains("Fix alert"), "a done item")
        let incidents = try #require(Self.section(page, "section-incidents"))
        #expect(incidents.contains("href=\"/postmortems/outage/\""), "owned by the team")
        #expect(incidents.contains("href=\"/postmortems/late-fix/\""), "touches db, owned by @alice")
        #expect(incidents.contains("<span class=\"badge badge-sev2\">sev2</span>"))
        #expect(incidents.contains("2 h"), "outage's time to resolve")
        let other = try #require(site.read("teams/other/index.html"))
        #expect(other.contains("Carol task") && !other.contains("Add the missing index"))
    }

    @Test("a service page lists its incidents and the rollouts that touch it, by plan or by step")
    func serviceIncidentsAndRollouts() throws {
        let site = try Self.build()
        defer { site.cleanUp() }
        let api = try #require(site.read("services/api/index.html"))
        let incidents = try #require(Self.section(api, "section-incidents"))
        #expect(incidents.contains("href=\"/postmortems/outage/\""))
        #expect(!incidents.contains("late-fix"), "late-fix lists only db")
        #expect(incidents.contains("2 h"))
        let rollouts = try #require(Self.section(api, "section-rollouts"))
        #expect(rollouts.contains("href=\"/rollouts/editor-launch/\""), "the plan lists api")
        #expect(rollouts.contains("href=\"/rollouts/db-migration/\""), "a step lists api")
        #expect(rollouts.contains("via step prepare"))
        let db = try #require(site.read("services/db/index.html"))
        let dbIncidents = try #require(Self.section(db, "section-incidents"))
        #expect(dbIncidents.contains("href=\"/postmortems/late-fix/\""))
        #expect(!(Self.section(db, "section-rollouts") ?? "").contains("editor-launch"))
    }

    @Test("the export carries the drill age and each team's and service's related documents")
    func export() throws {
        let site = try Self.build()
        defer { site.cleanUp() }
        let runbook = try #require(site.read("api/runbook/zz-late.json"))
        #expect(runbook.contains("\"days_since_drill\": 12"))
        #expect(runbook.contains("\"stale\": true"))
        let service = try #require(site.read("api/service/api.json"))
        #expect(service.contains("\"rollouts\": [\n      \"db-migration\",\n      \"editor-launch\"\n    ]"))
        #expect(service.contains("\"incidents\": [\n      \"outage\"\n    ]"))
        let team = try #require(site.read("api/team/core.json"))
        #expect(team.contains("\"postmortem\": \"late-fix\""))
        #expect(team.contains("\"service/api\""))
    }

    @Test("an integration's page shows its retry schedule, queue and safeguards; its service, team and the export carry it")
    func integrationPage() throws {
        let fixture = try Fixture(minimalSite + """

            -- integrations/hooks.md --
            ---
            title: Partner hooks
            direction: inbound
            type: webhook
            service: api
            owner: core
            counterpart: "A partner <script>"
            events: [order.created]
            queue: { name: hooks, workers: 2, rate_limit: 50/s, peak: { rate: 1000/s, lasting: 10m }, recovery_time: 30m }
            retry: { initial_delay: 1s, multiplier: 2, max_delay: 10s, max_attempts: 6, give_up_after: 30s, jitter: decorrelated }
            signature: { algorithm: hmac-sha256, header: Partner-Signature, secret_rotation: 90d }
            redacted: [email]
            dead_letter: { queue: hooks-dlq, replay_runbook: api-down }
            connector: custom
            connector_reason: No connector exists.
            ---
            """)
        defer { fixture.cleanUp() }
        let result = fixture.build()
        #expect(result.errors.isEmpty, "\(result.report)")
        #expect(Set(result.diagnostics.filter { $0.location?.file.hasSuffix("hooks.md") == true }.map(\.code.id)) == ["W0610", "W0613"])
        let page = try #require(fixture.read("integrations/hooks/index.html"))
        #expect(page.contains("A partner &lt;script&gt;") && !page.contains("<script>\n"), "content is escaped")
        let retry = try #require(Self.section(page, "section-retry-schedule"))
        #expect(retry.contains("<svg") && retry.contains("gives up after 30s"), "the chart with give_up_after as a line")
        // Decorrelated: earliest 0, 1, 2, 3, 4, 5 s; latest 0, 2, 6, 14, 24, 34 s (the 6th may be given up).
        #expect(retry.contains("1 s – 10 s") && retry.contains("24 s") && retry.contains("34 s") && retry.contains("may be given up"))
        #expect(retry.contains("dead-letter queue"))
        let queue = try #require(Self.section(page, "section-queue-and-workers"))
        #expect(queue.contains("100 events/s") && queue.contains("540,000 events") && queue.contains("1 h 30 min") && queue.contains("longer than the recovery time"))
        let safeguards = try #require(Self.section(page, "section-safeguards"))
        #expect(safeguards.contains("hmac-sha256 in Partner-Signature") && safeguards.contains("/runbooks/api-down/"))
        #expect(page.contains("Reliability gaps.") && page.contains("(W0610)") && page.contains("(W0613)"))
        try PageOrderTests.expectOrder(["id=\"section-retry-schedule\"", "id=\"section-queue-and-workers\"", "id=\"section-safeguards\""], in: page)
        let service = try #require(fixture.read("services/api/index.html"))
        #expect(try #require(Self.section(service, "section-integrations")).contains("/integrations/hooks/"))
        let team = try #require(fixture.read("teams/core/index.html"))
        #expect(try #require(Self.section(team, "section-reliability-gaps")).contains("/integrations/hooks/"))
        let index = try #require(fixture.read("integrations/index.html"))
        #expect(index.contains("/integrations/hooks/") && index.contains("decorrelated"))
        let json = try #require(fixture.read("api/integration/hooks.json"))
        for key in ["\"retry_schedule\"", "\"latest_seconds\": 34", "\"dead_letter_latest_seconds\": 30", "\"backlog_after_peak\": 540000",
                    "\"drains_within_recovery\": false", "\"code\": \"W0613\""] {
            #expect(json.contains(key), "exported: \(key)")
        }
    }
}
