import Diagnostics
import Foundation
import Testing
@testable import Site

@Suite("Building whole sites")
struct BuildTests {
    @Test("every kind renders a page, an index and a JSON export")
    func everyKindRenders() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let result = site.build()
        #expect(result.succeeded, "\(result.report)")
        #expect(result.errors.isEmpty)
        let pages = [
            "teams/core": "Core Team", "services/api": "API", "runbooks/api-down": "API down",
            "postmortems/outage": "API outage", "flags/new-editor": "New editor", "experiments/editor-test": "Editor test",
            "rollouts/editor-launch": "Editor launch", "sprints/s1": "Sprint 1", "pages/welcome": "Welcome",
        ]
        for (path, title) in pages {
            let html = try #require(site.read(path + "/index.html"), "missing \(path)")
            #expect(html.contains("<h1>\(title)</h1>"), "\(path) lacks its title")
            #expect(html.contains("href=\"/teams/\""), "\(path) lacks navigation")
        }
        for folder in ["teams", "services", "runbooks", "postmortems", "flags", "experiments", "rollouts", "sprints", "pages"] {
            #expect(site.exists(folder + "/index.html"))
        }
        #expect(site.exists("index.html"))
        #expect(site.exists("tags/infra/index.html"))
        #expect(site.exists("assets/style.css"))
        let index = try #require(site.read("api/index.json"))
        #expect(index.contains("\"id\": \"runbook/api-down\""))
        #expect(site.exists("api/postmortem/outage.json"))
        #expect(result.documents == 11)
    }

    @Test("front matter is shown as structured sections, not as YAML")
    func structuredFrontMatter() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        site.build()
        let postmortem = try #require(site.read("postmortems/outage/index.html"))
        #expect(postmortem.contains("Time to detect"))
        #expect(postmortem.contains("7 min"))
        #expect(postmortem.contains("<span class=\"badge badge-sev2\">sev2</span>"))
        #expect(postmortem.contains("Add canary"))
        #expect(postmortem.contains("badge-overdue") || postmortem.contains("badge-escalated"))
        #expect(!postmortem.contains("root_causes:"))
        let team = try #require(site.read("teams/core/index.html"))
        #expect(team.contains("id=\"member-alice\""))
        #expect(team.contains("href=\"/services/api/\""), "a team page lists what the team owns")
        let service = try #require(site.read("services/db/index.html"))
        #expect(service.contains("Depended on by"))
        #expect(service.contains("href=\"/teams/core/#member-alice\""), "a person owner links to their team entry")
    }

    @Test("the kind index is a table of the fields readers scan")
    func kindIndex() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        site.build()
        let runbooks = try #require(site.read("runbooks/index.html"))
        #expect(runbooks.contains("<th scope=\"col\">Review due</th>"))
        #expect(runbooks.contains("badge-stale"), "db-slow was last reviewed in January")
        let postmortems = try #require(site.read("postmortems/index.html"))
        #expect(postmortems.contains("<th scope=\"col\">Severity</th>"))
    }

    @Test("the computed values are exported under their content-model names")
    func computedExport() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        site.build()
        let postmortem = try #require(site.read("api/postmortem/outage.json"))
        #expect(postmortem.contains("\"ttd\": 7"))
        #expect(postmortem.contains("\"ttm\": 45"))
        #expect(postmortem.contains("\"ttr\": 120"))
        let runbook = try #require(site.read("api/runbook/db-slow.json"))
        #expect(runbook.contains("\"review_due\": \"2026-04-01\""))
        #expect(runbook.contains("\"stale\": true"))
        let rollout = try #require(site.read("api/rollout/editor-launch.json"))
        #expect(rollout.contains("\"critical_path\": [\n      \"check\",\n      \"ramp\",\n      \"verify\"\n    ]"))
        let sprint = try #require(site.read("api/sprint/s1.json"))
        #expect(sprint.contains("\"completion\": 50"))
        #expect(sprint.contains("\"incidents\": [\n      \"outage\"\n    ]"))
        let flag = try #require(site.read("api/flag/new-editor.json"))
        #expect(flag.contains("\"age_days\": 55"))
        #expect(flag.contains("\"status\": \"active\""))
        #expect(flag.contains("\"references\""))
    }

    @Test("the same content and as_of give byte-identical output")
    func determinism() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let second = site.root.appendingPathComponent("Second").path
        #expect(site.build().succeeded)
        #expect(site.build(output: second).succeeded)
        let a = site.snapshot(), b = site.snapshot(second)
        #expect(a.count > 20)
        #expect(a.keys.sorted() == b.keys.sorted())
        for (path, bytes) in a { #expect(b[path] == bytes, "\(path) differs between two builds") }
    }

    @Test("a failed build leaves the previous output exactly as it was")
    func atomicOutput() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let before = site.snapshot()
        try site.write("""
        -- runbooks/api-down.md --
        ---
        title: API down
        owner: nobody-here
        services: [api]
        last_reviewed: 2026-10-01
        ---
        Changed body.
        """)
        let failed = site.build()
        #expect(!failed.succeeded)
        #expect(failed.diagnostics(.unknownReference).count == 1)
        #expect(site.snapshot() == before)
        #expect(!FileManager.default.fileExists(atPath: site.output + ".staging"))
    }

    @Test("a failed first build writes no output at all")
    func noHalfWrittenOutput() throws {
        let site = try Fixture(minimalSite + "\n-- runbooks/bad.md --\n---\ntitle: Bad\n---\n")
        defer { site.cleanUp() }
        #expect(!site.build().succeeded)
        #expect(!FileManager.default.fileExists(atPath: site.output))
    }

    @Test("--base-url prefixes every link")
    func baseURL() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        #expect(site.build(baseURL: "/kb").succeeded)
        let html = try #require(site.read("runbooks/api-down/index.html"))
        #expect(html.contains("href=\"/kb/assets/style.css\""))
        #expect(html.contains("href=\"/kb/runbooks/db-slow/#diagnose\""))
    }

    @Test("the example knowledge base in Content/ builds without errors, with its intended warnings")
    func exampleContent() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("almanac-example-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let result = Build(BuildOptions(content: Fixture.repository.appendingPathComponent("Content").path, theme: Fixture.theme,
                                        output: output)).run()
        #expect(result.succeeded, "\(result.report)")
        #expect(result.errors.isEmpty, "\(result.report)")
        // The example shows the content model's warnings on purpose: stale runbooks, overdue and escalated items,
        // two overlapping experiments, and the legacy mailer's stale contract.
        #expect(Set(result.diagnostics.map(\.code.id)) == ["W0501", "W0502", "W0503", "W0504", "W0605", "W0608"], "\(result.report)")
        let counts: [(String, Int)] = [("teams", 3), ("services", 6), ("runbooks", 6), ("postmortems", 5), ("flags", 8),
                                       ("experiments", 4), ("rollouts", 3), ("sprints", 4), ("pages", 3)]
        for (folder, minimum) in counts {
            let pages = FileSystem.files(under: output + "/" + folder).filter { $0.hasSuffix("/index.html") }
            #expect(pages.count >= minimum, "Content/ has \(pages.count) \(folder), wants at least \(minimum)")
        }
    }
}

@Suite("Document pages")
struct DocumentPageTests {
    @Test("plain facts and linked facts both render")
    func facts() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        site.build()
        let team = try #require(site.read("teams/core/index.html"))
        #expect(team.contains("<dt>Channel</dt><dd>#core</dd>"))
        let runbook = try #require(site.read("runbooks/api-down/index.html"))
        #expect(runbook.contains("<dt>Services</dt><dd><a href=\"/services/api/\">API</a></dd>"))
        #expect(runbook.contains("<dt>Review every</dt><dd>90 days</dd>"))
    }

    @Test("a document nothing refers to still says so under Referenced by")
    func noBacklinks() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        site.build()
        let experiment = try #require(site.read("experiments/editor-test/index.html"))
        #expect(experiment.contains("Referenced by"))
        #expect(experiment.contains("No other document refers to this one yet."))
        let api = try #require(site.read("services/api/index.html"))
        #expect(!api.contains("No other document refers"))
    }

    @Test("a body with two or more headings gets a table of contents")
    func tableOfContents() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        site.build()
        let runbook = try #require(site.read("runbooks/api-down/index.html"))
        #expect(runbook.contains("<nav class=\"toc\""))
        #expect(runbook.contains("<a href=\"#roll-back-the-deploy\">Roll back the deploy</a>"))
        #expect(runbook.contains("<h2 id=\"symptoms\">"))
    }
}

@Suite("Rebuilding into an existing output")
struct RebuildTests {
    @Test("a rebuild removes pages of deleted documents and keeps unchanged files untouched")
    func rebuild() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let stylePath = site.output + "/assets/style.css"
        let before = try FileManager.default.attributesOfItem(atPath: stylePath)[.systemFileNumber] as? Int
        #expect(site.build().succeeded)
        try site.remove("pages/guides/welcome.md")
        #expect(site.build().succeeded)
        #expect(!site.exists("pages/welcome/index.html"))
        #expect(!site.exists("api/page/welcome.json"))
        #expect(site.exists("runbooks/api-down/index.html"))
        let after = try FileManager.default.attributesOfItem(atPath: stylePath)[.systemFileNumber] as? Int
        #expect(before == after, "an unchanged file is not written again")
        let fresh = site.root.appendingPathComponent("Fresh").path
        #expect(site.build(output: fresh).succeeded)
        #expect(site.snapshot() == site.snapshot(fresh), "a rebuild equals a build from scratch")
    }

    @Test("an output folder that holds the content, or lies inside it, is refused")
    func outputOverContent() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        for output in [site.content, site.root.path, site.content + "/../Content/.", site.content + "/site"] {
            let result = site.build(output: output)
            #expect(result.diagnostics(.outputFailed).count == 1, "\(output)")
        }
        #expect(FileManager.default.fileExists(atPath: site.content + "/almanac.yaml"))
    }

    @Test("an output path that is a file is an error, and nothing is touched")
    func outputIsAFile() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        try "keep me".write(toFile: site.output, atomically: true, encoding: .utf8)
        let result = site.build()
        #expect(result.diagnostics(.outputFailed).count == 1)
        #expect(try String(contentsOfFile: site.output, encoding: .utf8) == "keep me")
    }
}
