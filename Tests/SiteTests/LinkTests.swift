import Diagnostics
import Testing
@testable import Site

@Suite("Links, references and backlinks")
struct LinkTests {
    @Test("kind:slug and relative .md links are rewritten to page URLs, anchors kept")
    func rewriting() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let apiDown = try #require(site.read("runbooks/api-down/index.html"))
        #expect(apiDown.contains("<a href=\"/runbooks/db-slow/#diagnose\">the database runbook</a>"))
        let dbSlow = try #require(site.read("runbooks/db-slow/index.html"))
        #expect(dbSlow.contains("<a href=\"/runbooks/api-down/#roll-back-the-deploy\">the API runbook</a>"))
        let welcome = try #require(site.read("pages/welcome/index.html"))
        #expect(welcome.contains("<a href=\"/runbooks/api-down/\">API runbook</a>"), "a link from a page in a sub-folder")
    }

    @Test("front-matter references become links")
    func references() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        site.build()
        let runbook = try #require(site.read("runbooks/api-down/index.html"))
        #expect(runbook.contains("<a href=\"/services/api/\">API</a>"))
        #expect(runbook.contains("<a href=\"/teams/core/\">Core Team</a>"))
        let flag = try #require(site.read("flags/new-editor/index.html"))
        #expect(flag.contains("<a href=\"/teams/core/#member-alice\">Alice Example (@alice)</a>"))
    }

    @Test("every page shows what refers to it, grouped by kind")
    func backlinks() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        site.build()
        let api = try #require(site.read("services/api/index.html"))
        let backlinks = try #require(api.range(of: "Referenced by").map { String(api[$0.lowerBound...]) })
        #expect(backlinks.contains("<h3>Runbooks</h3>"))
        #expect(backlinks.contains("<a href=\"/runbooks/api-down/\">API down</a>"))
        #expect(backlinks.contains("<h3>Postmortems</h3>"))
        #expect(backlinks.contains("<a href=\"/rollouts/editor-launch/\">Editor launch</a>"))
        let runbook = try #require(site.read("runbooks/api-down/index.html"))
        #expect(runbook.contains("<a href=\"/pages/welcome/\">Welcome</a>"), "body links count as backlinks")
    }

    @Test("a broken body link, a missing anchor and a missing file are located errors")
    func brokenLinks() throws {
        let site = try Fixture(minimalSite + """

        -- pages/broken.md --
        ---
        title: Broken
        ---
        Intro.

        See [a](runbook:api-dwn) and [b](runbook:api-down#no-such-heading),
        then [c](../runbooks/missing.md) and [d](#nowhere).
        """)
        defer { site.cleanUp() }
        let result = site.build()
        #expect(!result.succeeded)
        let broken = result.diagnostics(.brokenLink)
        #expect(broken.count == 2, "\(result.report)")
        let first = try #require(broken.first { $0.message.contains("runbook:api-dwn") })
        #expect(first.location?.file.hasSuffix("pages/broken.md") == true)
        #expect(first.location?.line == 6)
        #expect(first.location?.column == 5)
        #expect(first.help?.contains("runbook:api-down") == true)
        let anchors = result.diagnostics(.brokenAnchor)
        #expect(anchors.count == 2)
        #expect(anchors.contains { $0.message.contains("#no-such-heading") && $0.expected?.contains("#roll-back-the-deploy") == true })
        #expect(anchors.contains { $0.message.contains("#nowhere") })
    }

    @Test("an unknown reference names the nearest valid one")
    func unknownReference() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        try site.write("""
        -- runbooks/api-down.md --
        ---
        title: API down
        owner: core
        services: [apii]
        last_reviewed: 2026-10-01
        ---
        """)
        let result = site.build()
        let unknown = try #require(result.diagnostics(.unknownReference).first)
        #expect(unknown.location?.line == 4)
        #expect(unknown.location?.column == 12)
        #expect(unknown.help == "did you mean `api`?")
    }

    @Test("an unknown person is an error that says where persons are declared")
    func unknownPerson() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        try site.write("""
        -- services/db.md --
        ---
        title: Database
        owner: "@alcie"
        tier: 1
        lifecycle: production
        ---
        """)
        let result = site.build()
        let unknown = try #require(result.diagnostics(.unknownPerson).first)
        #expect(unknown.help == "did you mean `\"@alice\"`?", "a handle is suggested with the quotes YAML needs")
    }
}
