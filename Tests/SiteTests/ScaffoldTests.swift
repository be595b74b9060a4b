import Diagnostics
import Foundation
import FrontMatter
import Model
import Testing
@testable import Site

/// `almanac new KIND SLUG`: the scaffold of every kind, filled in as a writer would, builds without errors.
@Suite("Starting a new document")
struct ScaffoldTests {
    static let date = Day("2026-11-25")!

    /// Validates the site without rendering it, as `almanac check` does.
    func check(_ site: Fixture) -> BuildResult {
        Build(BuildOptions(content: site.content, theme: Fixture.theme, output: site.output, asOf: Self.date)).check()
    }

    /// The errors a build reports in one file of the content folder.
    func errors(in relative: String, of result: BuildResult) -> [Diagnostic] {
        result.errors.filter { $0.location?.file.hasSuffix("/" + relative) ?? false }
    }

    /// Replaces every placeholder the way a writer would: the owner and the services by slugs of `minimalSite`,
    /// the person by a declared handle, every `"TODO: …"` text and body paragraph by some text; drops the TODO
    /// comments.
    func fill(_ text: String) -> String {
        var text = text
            .replacingOccurrences(of: Scaffold.ownerPlaceholder, with: "core")
            .replacingOccurrences(of: Scaffold.servicePlaceholder, with: "api")
            .replacingOccurrences(of: Scaffold.runbookPlaceholder, with: "api-down")
            .replacingOccurrences(of: "\"\(Scaffold.personPlaceholder)\"", with: "\"@alice\"")
        text = text.replacingOccurrences(of: "\"TODO:[^\"]*\"", with: "\"Written by the writer, in full sentences.\"", options: .regularExpression)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            if line.drop(while: { $0 == " " }).hasPrefix("# ") { return nil }  // the header comment and the notes
            if line.hasPrefix("TODO: ") { return "Written by the writer." }
            return line.replacingOccurrences(of: "  # TODO.*$", with: "", options: .regularExpression)
        }
        return lines.joined(separator: "\n")
    }

    /// The front matter of a document as parsed YAML, or nil with the problems.
    func frontMatter(_ text: String) -> (Value?, [Diagnostic]) {
        let split = SplitDocument.split(text)
        guard let yaml = split.yaml else { return (nil, []) }
        return YAML.parse(yaml, file: "new.md", firstLine: split.yamlFirstLine)
    }

    @Test("filled in, a new document of every kind builds without errors", arguments: Kind.allCases)
    func filledIsValid(kind: Kind) throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let created = try Scaffold.create(kind: kind, slug: "fresh-\(kind.rawValue)", content: site.content, date: Self.date)
        let relative = "\(kind.folder)/fresh-\(kind.rawValue).md"
        #expect(created.path == site.content + "/" + relative)
        let written = try String(contentsOfFile: created.path, encoding: .utf8)
        #expect(written == created.text)
        let filled = fill(written)
        #expect(!filled.contains("TODO"), "a placeholder the writer's rules did not fill:\n\(filled)")
        try filled.write(toFile: created.path, atomically: true, encoding: .utf8)
        let result = check(site)
        #expect(result.documents == 12, "the new document is part of the site")
        #expect(errors(in: relative, of: result).isEmpty, "\(result.report)\n\(filled)")
        #expect(result.errors.isEmpty, "the new document breaks no other: \(result.report)")
    }

    /// Removes the `# ` of every commented-out field (a line whose text after `# ` is YAML: `key: …`, a list
    /// item or an indented block line), as a writer does for the optional fields they fill in.
    func uncomment(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let indentation = line.prefix { $0 == " " }
            let rest = line.dropFirst(indentation.count)
            guard rest.hasPrefix("# ") else { return String(line) }
            let yaml = rest.dropFirst(2)
            guard yaml.range(of: "^([a-z_]+:( |$)|- | +)", options: .regularExpression) != nil else { return String(line) }
            return String(indentation + yaml)
        }.joined(separator: "\n")
    }

    @Test("its optional fields, commented out, are valid once uncommented and filled in", arguments: Kind.allCases)
    func optionalFieldsAreValid(kind: Kind) throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let created = try Scaffold.create(kind: kind, slug: "fresh-\(kind.rawValue)", content: site.content, date: Self.date)
        let uncommented = uncomment(created.text)
        let restored = uncommented.count - created.text.count
        #expect(kind == .page || restored <= -6, "a \(kind.rawValue) offers optional fields:\n\(created.text)")
        #expect(created.text.contains("# summary: ") && created.text.contains("# tags: "))
        // The placeholders of references, filled with documents of the test site.
        // Left commented, they are no placeholders: no line of them says TODO (W0114 would count it).
        for line in created.text.split(separator: "\n") where uncomment(String(line)) != String(line) {
            #expect(!line.contains("TODO"), "\(line)")
        }
        // The example references, filled with documents of the test site.
        let filled = fill(uncommented)
            .replacingOccurrences(of: "flag-key", with: "new-editor").replacingOccurrences(of: "runbook-slug", with: "api-down")
            .replacingOccurrences(of: "rollout-slug", with: "editor-launch").replacingOccurrences(of: "sprint-slug", with: "s1")
            .replacingOccurrences(of: "service-slug", with: "db").replacingOccurrences(of: "@handle", with: "@alice")
            .replacingOccurrences(of: "team-slug", with: "core")
        #expect(!filled.contains("TODO"), "\(filled)")
        try filled.write(toFile: created.path, atomically: true, encoding: .utf8)
        let result = check(site)
        let relative = "\(kind.folder)/fresh-\(kind.rawValue).md"
        #expect(errors(in: relative, of: result).isEmpty, "\(result.report)\n\(filled)")
        let (value, problems) = frontMatter(filled)
        #expect(problems.isEmpty)
        if kind != .page { #expect(value?["summary"] != nil && value?["tags"] != nil, "summary and tags uncommented") }
    }

    @Test("fresh, it parses, has every required field, and has errors only on lines that say TODO", arguments: Kind.allCases)
    func freshErrorsAtTODOLines(kind: Kind) throws {
        // Without teams the owner is the placeholder `TODO-team`, which is not a valid owner.
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        try site.remove("teams/core.md")
        let created = try Scaffold.create(kind: kind, slug: "fresh", content: site.content, date: Self.date)
        let (parsed, problems) = frontMatter(created.text)
        #expect(problems.isEmpty, "\(problems)")
        let value = try #require(parsed)
        let (schemas, _) = SchemaSet.load(extensions: site.content + "/_schemas", display: "_schemas")
        let required = try #require(schemas.documents[kind]?["required"]?.list).compactMap(\.string)
        #expect(required.contains("title"))
        for name in required { #expect(value[name] != nil, "`\(name)` is missing") }

        let lines = created.text.split(separator: "\n", omittingEmptySubsequences: false)
        let found = errors(in: "\(kind.folder)/fresh.md", of: check(site))
        for error in found {
            let line = try #require(error.location?.line)
            #expect(lines[line - 1].contains("TODO"), "error at a line without TODO: \(error.message) at line \(line): \(lines[line - 1])")
        }
        if ![.team, .sprint, .page].contains(kind) {
            #expect(found.contains { $0.message.contains(Scaffold.ownerPlaceholder) }, "the placeholder owner is reported")
        }
    }

    @Test("the owner is the site's first team, and a flag has every environment of almanac.yaml, off")
    func defaults() throws {
        let site = try Fixture(minimalSite + """

        -- teams/ads.md --
        ---
        title: Ads
        members: [{ name: Carol, handle: "@carol" }]
        ---
        """)
        defer { site.cleanUp() }
        let flag = try Scaffold.create(kind: .flag, slug: "dark-mode", content: site.content, date: Self.date).text
        #expect(flag.contains("\ntitle: dark-mode\n"))
        #expect(flag.contains("\n# TODO: check the owner: a team's slug or a person such as \"@alice\"\nowner: ads\n"), "the note on a line of its own")
        #expect(flag.contains("\ncreated: 2026-11-25\n"))
        #expect(flag.contains("\nexpires: 2027-01-04\n"), "release flags live 40 days by default")
        #expect(flag.contains("\n  staging: { enabled: false, rollout: 0 }\n  production: { enabled: false, rollout: 0 }\n"))
        #expect(flag.contains("## Purpose") && flag.contains("## Rollout plan") && flag.contains("## Removal"))
        let runbook = try Scaffold.create(kind: .runbook, slug: "db-failover", content: site.content, date: Self.date).text
        #expect(runbook.contains("\ntitle: DB failover\n"))
        #expect(runbook.contains("\nlast_reviewed: 2026-11-25\n"))
        let headings = runbook.split(separator: "\n").filter { $0.hasPrefix("## ") }
        #expect(headings == ["## Symptoms", "## Diagnosis", "## Mitigation", "## Verification", "## Escalation"])
        let postmortem = try Scaffold.create(kind: .postmortem, slug: "outage-2", content: site.content, date: Self.date).text
        #expect(postmortem.split(separator: "\n").filter { $0.hasPrefix("## ") } == ["## Summary", "## Timeline", "## Analysis", "## Lessons"])
        #expect(postmortem.contains("\nstatus: draft"))
    }

    @Test("titles come from the slug")
    func titles() {
        #expect(Scaffold.title(for: "db-failover", kind: .runbook) == "DB failover")
        #expect(Scaffold.title(for: "checkout-latency", kind: .runbook) == "Checkout latency")
        #expect(Scaffold.title(for: "platform-sre", kind: .team) == "Platform SRE")
        #expect(Scaffold.title(for: "sprint-25", kind: .sprint) == "Sprint 25")
        #expect(Scaffold.title(for: "new-editor", kind: .flag) == "new-editor")
    }

    @Test("a new sprint starts after the latest one")
    func sprintAfterLatest() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let sprint = try Scaffold.create(kind: .sprint, slug: "s2", content: site.content, date: Day("2026-10-05")!).text
        #expect(sprint.contains("# TODO: the first day (sprints must not overlap)\nstart: 2026-10-15\n"), "s1 ends on 2026-10-14")
        #expect(sprint.contains("# TODO: the last day, included\nend: 2026-10-28\n"))
        #expect(errors(in: "sprints/s2.md", of: check(site)).isEmpty)
    }

    @Test("an existing document is never replaced")
    func refusesToOverwrite() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let path = site.content + "/runbooks/api-down.md"
        let before = try String(contentsOfFile: path, encoding: .utf8)
        let error = try #require(throws: ScaffoldError.self) {
            try Scaffold.create(kind: .runbook, slug: "api-down", content: site.content, date: Self.date)
        }
        #expect(error.reason == .exists)
        #expect(error.exitStatus == 1)
        #expect(error.message.contains("runbooks/api-down.md` already exists"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
        // A page's slug is unique across the sub-folders of pages/.
        let page = try #require(throws: ScaffoldError.self) {
            try Scaffold.create(kind: .page, slug: "welcome", content: site.content, date: Self.date)
        }
        #expect(page.message.contains("pages/guides/welcome.md"))
        #expect(!FileManager.default.fileExists(atPath: site.content + "/pages/welcome.md"))
    }

    @Test("an invalid slug is a usage error that proposes a valid one")
    func invalidSlug() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let error = try #require(throws: ScaffoldError.self) {
            try Scaffold.create(kind: .runbook, slug: "DB_Failover", content: site.content, date: Self.date)
        }
        #expect(error.reason == .usage)
        #expect(error.exitStatus == 2)
        #expect(error.help?.contains("`db-failover`") == true, "\(error)")
        #expect(!FileManager.default.fileExists(atPath: site.content + "/runbooks/DB_Failover.md"))
        for bad in ["", "-x", "a b", "Ä", "x.md"] {
            #expect(throws: ScaffoldError.self) { try Scaffold.checkSlug(bad, kind: .runbook) }
        }
        try Scaffold.checkSlug("db-failover-2", kind: .runbook)
        #expect(Scaffold.suggestedSlug(for: "db-failover.md") == "db-failover")
    }

    @Test("an unknown kind is a usage error with the nearest kind")
    func unknownKind() throws {
        let error = try #require(throws: ScaffoldError.self) { try Scaffold.kind(named: "runbok") }
        #expect(error.reason == .usage)
        #expect(error.message.contains("did you mean `runbook`?"), "\(error)")
        let plural = try #require(throws: ScaffoldError.self) { try Scaffold.kind(named: "postmortems") }
        #expect(plural.message.contains("`postmortem`"))
        let far = try #require(throws: ScaffoldError.self) { try Scaffold.kind(named: "zzzzzz") }
        #expect(!far.message.contains("did you mean"))
        #expect(far.help?.contains("team, service, integration, runbook") == true)
        #expect(try Scaffold.kind(named: "flag") == .flag)
    }

    @Test("a missing content folder or almanac.yaml is a clear configuration error")
    func missingSite() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let noFolder = try #require(throws: ScaffoldError.self) {
            try Scaffold.create(kind: .runbook, slug: "x", content: site.content + "/nope", display: "Nope", date: Self.date)
        }
        #expect(noFolder.reason == .configuration)
        #expect(noFolder.message == "the content folder `Nope` does not exist")
        try site.remove("almanac.yaml")
        let noConfig = try #require(throws: ScaffoldError.self) {
            try Scaffold.create(kind: .runbook, slug: "x", content: site.content, display: "Content", date: Self.date)
        }
        #expect(noConfig.reason == .configuration)
        #expect(noConfig.exitStatus == 2)
        #expect(noConfig.message == "`Content/almanac.yaml` is missing")
        #expect(!FileManager.default.fileExists(atPath: site.content + "/runbooks/x.md"))
    }

    @Test("a site's schema extension adds its required fields to the new document")
    func extensionFields() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let plain = try Scaffold.create(kind: .postmortem, slug: "before", content: site.content, date: Self.date).text
        #expect(!plain.contains("customer_impact"))
        try site.write("""
        -- _schemas/postmortem.schema.json --
        {
          "properties": {
            "customer_impact": { "type": "string", "minLength": 30 },
            "detected_by": { "enum": ["alert", "customer", "staff"] },
            "pages_sent": { "type": "integer", "minimum": 1 },
            "trigger": { "type": "string" },
            "regions": { "$ref": "#/$defs/regions" }
          },
          "required": ["customer_impact", "detected_by", "pages_sent", "trigger", "regions"],
          "$defs": { "regions": { "type": "array", "items": { "type": "string" }, "minItems": 1 } }
        }
        """)
        let created = try Scaffold.create(kind: .postmortem, slug: "with-extension", content: site.content, date: Self.date)
        let lines = created.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for name in ["customer_impact", "detected_by", "pages_sent", "trigger", "regions"] {
            let i = try #require(lines.firstIndex { $0.hasPrefix(name + ":") }, "`\(name)` is missing")
            #expect(lines[i].contains("TODO") || lines[i - 1].hasPrefix("# TODO"), "\(lines[i - 1])\n\(lines[i])")
        }
        #expect(lines.contains("detected_by: alert"))
        #expect(lines.contains("pages_sent: 1"))
        #expect(lines.contains("regions: [\"TODO: regions\"]"))
        #expect(errors(in: "postmortems/with-extension.md", of: check(site)).allSatisfy { $0.location.map { lines[$0.line - 1].contains("TODO") } ?? false })
        try fill(created.text).write(toFile: site.content + "/postmortems/with-extension.md", atomically: true, encoding: .utf8)
        let result = check(site)
        // The site's own postmortem lacks the new fields; the new one has them all.
        #expect(result.errors.contains { $0.message.contains("customer_impact") && $0.location?.file.hasSuffix("/postmortems/outage.md") == true })
        #expect(errors(in: "postmortems/with-extension.md", of: result).isEmpty, "\(result.report)")
    }
}
