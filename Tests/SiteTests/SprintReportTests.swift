import Foundation
import Testing
@testable import Site

/// The sprint report on a sprint's page and in the JSON export, the current-sprint marks, and the charts of the
/// sprints index, on four two-week sprints with every section of the report filled in `s2`.
@Suite("Sprint reports")
struct SprintReportTests {
    /// `minimalSite` has `s1` (1–14 Oct, 1 of 2 goals done), the rollout `editor-launch` (4 steps, none done),
    /// six audit entries of `new-editor` on 1 and 8 Oct, the running experiment `editor-test` (from 2 Oct), the
    /// sev2 `outage` (5 Oct) whose open item “Add canary” is due 20 Oct (in `s2`), and the runbook `api-down`
    /// reviewed 1 Oct. Added: `s2` (15–28 Oct), `s3` (29 Oct – 11 Nov) and `s4` (12–25 Nov, holding as_of 25 Nov).
    static let site = minimalSite + """

        -- sprints/s2.md --
        ---
        title: Sprint 2
        start: 2026-10-15
        end: 2026-10-28
        goals:
          - { title: Ramp the cache, rollout: cache-ramp, status: done }
          - { title: Run the search test, status: done }
          - { title: Rewrite the queue, status: dropped }
        ---
        -- sprints/s3.md --
        ---
        title: Sprint 3
        start: 2026-10-29
        end: 2026-11-11
        goals:
          - { title: One, status: done }
          - { title: Two, status: planned }
          - { title: Three, status: carried-over }
          - { title: Four, status: dropped }
        ---
        -- sprints/s4.md --
        ---
        title: Sprint 4
        start: 2026-11-12
        end: 2026-11-25
        goals:
          - { title: Five, status: done }
          - { title: Six, status: planned }
        ---
        -- rollouts/cache-ramp.md --
        ---
        title: Cache ramp
        owner: core
        services: [api]
        steps:
          - { id: check, kind: preflight, title: Check, status: done }
          - { id: ramp, kind: rollout, title: Ramp, needs: [check], status: done }
          - { id: verify, kind: verify, title: Verify, needs: [ramp], status: in-progress }
          - { id: undo, kind: rollback, title: Undo, needs: [ramp], reverts: ramp }
        ---
        -- flags/dark-mode.md --
        ---
        title: Dark mode
        owner: core
        type: permission
        created: 2026-10-16
        fallback: The light theme.
        environments:
          staging: { enabled: true, rollout: 50 }
          production: { enabled: false, rollout: 0 }
        audit:
          - { at: 2026-10-16T09:00:00Z, who: "@alice", environment: staging, action: created, why: New flag }
          - { at: 2026-10-16T09:05:00Z, who: "@alice", environment: staging, action: enabled, why: Try it }
          - { at: 2026-10-20T10:00:00Z, who: "@bob", environment: staging, action: rollout, to: 50, why: Half of staging }
        ---
        -- experiments/search-test.md --
        ---
        title: Search test
        owner: core
        status: concluded
        hypothesis: Typo tolerance finds more.
        surface: search
        start: 2026-10-16
        end: 2026-10-27
        daily_traffic: 10000
        variants:
          - { name: control, weight: 50, control: true }
          - { name: fuzzy, weight: 50 }
        primary_metric: { name: clicks, kind: proportion, baseline: 0.2, expected_lift: 0.05, direction: increase }
        results:
          as_of: 2026-10-27
          variants:
            control: { units: 50000, metrics: { clicks: { conversions: 10000 } } }
            fuzzy: { units: 50000, metrics: { clicks: { conversions: 11000 } } }
        decision: ship
        ---
        -- postmortems/cache.md --
        ---
        title: Cache down
        owner: core
        severity: sev1
        status: published
        services: [api]
        timeline:
          started: 2026-10-18T10:00:00Z
          detected: 2026-10-18T10:10:00Z
          mitigated: 2026-10-18T10:30:00Z
          resolved: 2026-10-18T11:30:00Z
        impact: { summary: Slow pages }
        root_causes: [Eviction storm]
        action_items:
          - { title: Cap evictions, owner: core, due: 2026-10-25, status: open }
          - { title: Alert on misses, owner: "@alice", due: 2026-10-27, status: done, closed: 2026-10-26 }
        ---
        -- postmortems/slow.md --
        ---
        title: Slow search
        owner: core
        severity: sev3
        status: draft
        services: [db]
        timeline:
          started: 2026-11-02T08:00:00Z
          detected: 2026-11-02T08:03:00Z
          mitigated: 2026-11-02T08:20:00Z
          resolved: 2026-11-02T08:50:00Z
        impact: { summary: Slow results }
        root_causes: [A missing index]
        action_items:
          - { title: Add the index, owner: "@alice", due: 2026-11-05, status: open }
        ---
        -- runbooks/cache.md --
        ---
        title: Cache
        owner: core
        services: [api]
        last_reviewed: 2026-10-20
        review_every_days: 30
        ---
        -- runbooks/queue.md --
        ---
        title: Queue
        owner: core
        services: [api]
        last_reviewed: 2026-07-20
        review_every_days: 90
        ---
        """


    /// The section with id `section-<name>` of a page.
    static func section(_ name: String, in html: String) -> String? {
        guard let start = html.range(of: "id=\"section-\(name)\""),
              let end = html[start.upperBound...].range(of: "</section>") else { return nil }
        return String(html[start.lowerBound..<end.lowerBound])
    }

    /// The SVG whose id prefix is `id`.
    static func svg(_ id: String, in html: String) -> String? {
        guard let hit = html.range(of: "id=\"\(id)-title\""),
              let start = html[..<hit.lowerBound].range(of: "<svg", options: .backwards),
              let end = html[hit.upperBound...].range(of: "</svg>") else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    static func built() throws -> Fixture {
        let fixture = try Fixture(site)
        let result = fixture.build()
        #expect(result.errors.isEmpty, "\(result.report)")
        return fixture
    }

    static func computed(_ fixture: Fixture, _ slug: String) throws -> [String: Any] {
        let text = try #require(fixture.read("api/sprint/\(slug).json"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return try #require(object["computed"] as? [String: Any])
    }

    @Test("the JSON export holds every figure of the report, with the content model's names")
    func export() throws {
        let fixture = try Self.built()
        defer { fixture.cleanUp() }
        let c = try Self.computed(fixture, "s2")
        #expect(c["goals"] as? Int == 3)
        #expect(c["goals_done"] as? Int == 2)
        #expect(c["completion"] as? Double == 66.7)
        #expect(c["incidents"] as? [String] == ["cache"])
        #expect(c["flag_changes"] as? Int == 3)
        #expect(c["experiments_started"] as? [String] == ["search-test"])
        #expect(c["experiments_concluded"] as? [String] == ["search-test"])
        #expect(c["experiments_running"] as? [String] == ["editor-test", "search-test"])
        #expect(c["action_items_due"] as? Int == 3)
        #expect(c["action_items_overdue"] as? Int == 2)
        #expect(c["action_items_escalated"] as? Int == 2)
        let items = try #require(c["action_items"] as? [[String: Any]])
        #expect(items.map { $0["title"] as? String } == ["Add canary", "Cap evictions", "Alert on misses"])
        #expect(items.map { $0["escalated"] as? Bool } == [true, true, false])
        #expect(items.first?["postmortem"] as? String == "outage", "an s1 incident's item, due in s2, escalated in s4")
        let rollouts = try #require(c["rollouts"] as? [[String: Any]])
        #expect(rollouts.count == 1)
        #expect(rollouts.first?["rollout"] as? String == "cache-ramp")
        #expect(rollouts.first?["steps"] as? Int == 4)
        #expect(rollouts.first?["steps_done"] as? Int == 2)
        #expect(rollouts.first?["steps_in_progress"] as? Int == 1)
        #expect(c["runbooks_reviewed"] as? [String] == ["cache"])
        #expect(c["runbooks_stale"] as? [String] == ["queue"], "review due 18 Oct, inside s2, never done")
        #expect(c["current"] as? Bool == false)

        let s1 = try Self.computed(fixture, "s1")
        #expect(s1["flag_changes"] as? Int == 6)
        #expect(s1["runbooks_reviewed"] as? [String] == ["api-down"])
        #expect((s1["rollouts"] as? [[String: Any]])?.first?["steps_done"] as? Int == 0)
        let s3 = try Self.computed(fixture, "s3")
        #expect(s3["completion"] as? Double == 25)
        #expect(s3["action_items_overdue"] as? Int == 1, "due 5 Nov, open")
        #expect(s3["action_items_escalated"] as? Int == 0, "due after the previous sprint (s3) started")
        let s4 = try Self.computed(fixture, "s4")
        #expect(s4["current"] as? Bool == true)
        #expect(s4["runbooks_stale"] as? [String] == ["cache"], "review due 19 Nov")
        #expect(s4["runbooks_reviewed"] as? [String] == [])
        #expect(s4["experiments_running"] as? [String] == ["editor-test"])
    }

    @Test("a cooldown says what it is for: the writer's purpose (prose, links resolved) or what cooldowns are for")
    func cooldown() throws {
        let fixture = try Fixture(minimalSite + """

            -- sprints/cool.md --
            ---
            title: Cooldown 1
            start: 2026-10-15
            end: 2026-10-28
            cycle: Cycle 1
            cooldown: true
            purpose: Fix what [Sprint 1](sprint:s1) left, and *shape* the next cycle.
            goals: []
            ---
            -- sprints/cool2.md --
            ---
            title: Cooldown 2
            start: 2026-10-29
            end: 2026-11-04
            cycle: Cycle 1
            cooldown: true
            goals: []
            ---
            """)
        defer { fixture.cleanUp() }
        let result = fixture.build()
        #expect(result.errors.isEmpty, "\(result.report)")
        let page = try #require(fixture.read("sprints/cool/index.html"))
        #expect(page.contains("Cooldown.</strong> Fix what <a href=\"/sprints/s1/\">Sprint 1</a> left, and <em>shape</em> the next cycle."), "\(page)")
        let plain = try #require(fixture.read("sprints/cool2/index.html"))
        #expect(plain.contains("Cooldown.</strong> The weeks between two cycles (after Cycle 1): for fixing"))
        let s1 = try #require(fixture.read("sprints/s1/index.html"))
        #expect(!s1.contains("Cooldown.</strong>"), "a sprint of a cycle has no cooldown banner")
    }

    @Test("the sprint page shows every section of the report")
    func page() throws {
        let fixture = try Self.built()
        defer { fixture.cleanUp() }
        let page = try #require(fixture.read("sprints/s2/index.html"))

        let goals = try #require(Self.section("goals", in: page))
        #expect(goals.contains("2 of 3 goals done: 66.7\u{00A0}% complete."))

        let rollouts = try #require(Self.section("rollouts", in: page))
        #expect(rollouts.contains(">2 of 3<"), "the rollback whose trigger did not fire is not a step to do")
        #expect(rollouts.contains(">66.7\u{00A0}%<"))
        let steps = try #require(Self.svg("sprint-rollouts-s2", in: rollouts))
        #expect(occurrences("<rect class=\"chart-bar chart-series-0 step-done\"", in: steps) == 1)
        #expect(occurrences("<rect class=\"chart-bar ", in: steps) == 3, "done, in progress and the rollback not needed")
        #expect(occurrences("<rect class=\"chart-bar chart-series-5 step-not-needed\"", in: steps) == 1)

        let flags = try #require(Self.section("flag-changes", in: page))
        #expect(occurrences("<tr", in: flags) == 4, "a heading and three changes")
        #expect(flags.contains("href=\"/flags/dark-mode/\""))
        #expect(flags.contains("rollout → 50\u{00A0}%"))
        #expect(flags.contains("16 Oct 2026 09:00 UTC"))
        #expect(flags.contains("Bob Example (@bob)"))
        #expect(flags.contains(">staging<"))

        let experiments = try #require(Self.section("experiments", in: page))
        #expect(experiments.contains("href=\"/experiments/search-test/\""))
        #expect(experiments.contains("href=\"/experiments/editor-test/\""))
        #expect(occurrences(">started<", in: experiments) == 1)
        #expect(occurrences(">concluded<", in: experiments) == 2, "the status and the mark")
        #expect(occurrences(">running<", in: experiments) == 2, "editor-test's status and mark")
        #expect(experiments.contains("+10\u{00A0}%"), "the primary result of the concluded experiment")
        #expect(experiments.contains(">ship<"))

        let incidents = try #require(Self.section("incidents", in: page))
        #expect(incidents.contains("href=\"/postmortems/cache/\""))
        #expect(incidents.contains(">10 min<") && incidents.contains(">30 min<") && incidents.contains(">1 h 30 min<"))
        #expect(!incidents.contains("/postmortems/outage/"), "outage started in s1")

        let items = try #require(Self.section("action-items-due", in: page))
        #expect(occurrences("<tr", in: items) == 4)
        #expect(occurrences(">escalated<", in: items) == 2)
        #expect(items.contains("Add canary") && items.contains("Cap evictions") && items.contains("Alert on misses"))

        let runbooks = try #require(Self.section("runbooks", in: page))
        #expect(runbooks.contains("href=\"/runbooks/cache/\""))
        #expect(runbooks.contains("href=\"/runbooks/queue/\""))
        #expect(occurrences(">reviewed<", in: runbooks) == 1)
        #expect(occurrences(">gone stale<", in: runbooks) == 1)

        let s3 = try #require(fixture.read("sprints/s3/index.html"))
        let s3Items = try #require(Self.section("action-items-due", in: s3))
        #expect(occurrences(">overdue<", in: s3Items) == 1)
        #expect(occurrences(">escalated<", in: s3Items) == 0)
    }

    @Test("the current sprint is marked on its page and in the index, and no other")
    func current() throws {
        let fixture = try Self.built()
        defer { fixture.cleanUp() }
        let s4 = try #require(fixture.read("sprints/s4/index.html"))
        #expect(s4.contains("class=\"banner banner-info\""))
        #expect(s4.contains("Current sprint."))
        let s2 = try #require(fixture.read("sprints/s2/index.html"))
        #expect(!s2.contains("Current sprint."))
        let index = try #require(fixture.read("sprints/index.html"))
        let row = try #require(index.range(of: "href=\"/sprints/s4/\"").map { String(index[$0.lowerBound...].prefix(200)) })
        #expect(row.contains("badge-current"))
        #expect(occurrences("badge badge-current", in: index) == 1)
    }

    @Test("the sprints index charts completion and incidents by severity per sprint, oldest first, above the table")
    func indexCharts() throws {
        let fixture = try Self.built()
        defer { fixture.cleanUp() }
        let index = try #require(fixture.read("sprints/index.html"))
        let completion = try #require(Self.svg("sprint-completion", in: index))
        #expect(occurrences("<g class=\"chart-category\">", in: completion) == 4)
        #expect(occurrences("<rect class=\"chart-bar ", in: completion) == 4, "every sprint has a goal done")
        let labels = ["Sprint 1", "Sprint 2", "Sprint 3", "Sprint 4"].map { completion.range(of: ">\($0)</text>")?.lowerBound }
        #expect(labels.allSatisfy { $0 != nil })
        #expect(labels.compactMap { $0 } == labels.compactMap { $0 }.sorted(), "in date order")

        let incidents = try #require(Self.svg("sprint-incidents", in: index))
        #expect(occurrences("<g class=\"chart-category\">", in: incidents) == 4)
        #expect(occurrences("<rect class=\"chart-bar ", in: incidents) == 3, "s1 sev2, s2 sev1, s3 sev3, s4 none")
        #expect(occurrences("<rect class=\"chart-bar chart-series-0 sev1\"", in: incidents) == 1)
        #expect(occurrences("<rect class=\"chart-bar chart-series-1 sev2\"", in: incidents) == 1)
        #expect(occurrences("<rect class=\"chart-bar chart-series-2 sev3\"", in: incidents) == 1)
        #expect(occurrences("class=\"chart-swatch ", in: incidents) == 4, "a legend of sev1 to sev4")

        let table = try #require(index.range(of: "<table"))
        #expect(index.range(of: "id=\"sprint-incidents-title\"")!.lowerBound < table.lowerBound, "charts above the table")
    }

    @Test("a team's sprint reports what the team owns, is current in its own series, and belongs to the team")
    func teamSprint() throws {
        let fixture = try Fixture(minimalSite + """

            -- teams/other.md --
            ---
            title: Other
            members: [{ name: Carol Example, handle: "@carol" }]
            ---
            -- postmortems/other-outage.md --
            ---
            title: Other outage
            owner: other
            severity: sev3
            status: published
            services: [db]
            timeline: { started: 2026-10-06T10:00:00Z, detected: 2026-10-06T10:05:00Z, mitigated: 2026-10-06T10:30:00Z, resolved: 2026-10-06T11:00:00Z }
            impact: { summary: Slow writes }
            root_causes: [A full disk]
            action_items:
              - { title: Alert on disk, owner: "@carol", due: 2026-10-09, status: done, closed: 2026-10-08 }
            ---
            -- sprints/core-1.md --
            ---
            title: Core sprint 1
            team: core
            start: 2026-10-03
            end: 2026-10-16
            goals: [{ title: Ship the editor, rollout: editor-launch, status: done }]
            ---
            -- sprints/other-1.md --
            ---
            title: Other sprint 1
            team: other
            start: 2026-10-01
            end: 2026-10-10
            goals: []
            ---
            """)
        defer { fixture.cleanUp() }
        let result = fixture.build(asOf: "2026-10-12")
        #expect(result.errors.isEmpty, "the series overlap one another, not themselves: \(result.report)")
        func computed(_ slug: String) throws -> String { try #require(fixture.read("api/sprint/\(slug).json")) }
        // The site's Sprint 1 counts both incidents; core's only its own (outage, 2026-10-05), other's only its own.
        let site = try computed("s1"), core = try computed("core-1"), other = try computed("other-1")
        #expect(site.contains("\"other-outage\"") && site.contains("\"outage\""))
        #expect(core.contains("\"outage\"") && !core.contains("\"other-outage\""))
        #expect(other.contains("\"other-outage\"") && !other.contains("\"outage\""), "\(other)")
        #expect(other.contains("\"action_items_due\": 1") && core.contains("\"flag_changes\": 3"), "new-editor's three production changes on 2026-10-08 are core's")
        #expect(core.contains("\"rollout\": \"editor-launch\""), "a rollout it names is its own")
        for json in [site, core, other] { #expect(json.contains("\"current\": true"), "each is the current sprint of its series: \(json)") }
        let index = try #require(fixture.read("sprints/index.html"))
        #expect(occurrences("badge badge-current", in: index) == 3)
        #expect(index.contains("<th scope=\"col\">Team</th>") || index.contains(">Team<"))
        #expect(occurrences("Core sprint 1", in: index) == 1, "the charts follow the site's sprints; the team's is only in the table")
        let page = try #require(fixture.read("sprints/core-1/index.html"))
        #expect(page.contains("<dt>Team</dt><dd><a href=\"/teams/core/\">"))
        let team = try #require(fixture.read("teams/core/index.html"))
        #expect(team.contains("Owned sprints") && team.contains("/sprints/core-1/") && !team.contains("/sprints/other-1/"))
    }
}
