import Diagnostics
import Foundation
import Testing
@testable import Site
import Model

@Suite("Edge cases found in review")
struct EdgeCaseTests {
    @Test("a sprint that ends before it starts is an error, not a crash")
    func backwardsSprint() throws {
        let site = try Fixture(minimalSite + "\n-- sprints/s2.md --\n---\ntitle: S2\nstart: 2026-11-10\nend: 2026-11-01\ngoals: []\n---\n")
        defer { site.cleanUp() }
        let result = site.build()
        let error = try #require(result.diagnostics(.outOfRange).first)
        #expect(error.message == "the sprint ends before it starts")
        #expect(error.location?.line == 4)
    }

    @Test("an anchor suggestion is written as an anchor")
    func anchorHelp() throws {
        let site = try Fixture(minimalSite + "\n-- pages/p.md --\n---\ntitle: P\n---\n[x](runbook:api-down#roll-back-the-deplo)\n")
        defer { site.cleanUp() }
        let error = try #require(site.build().diagnostics(.brokenAnchor).first)
        #expect(error.help == "did you mean `#roll-back-the-deploy`?")
    }

    @Test("a misspelt kind in a link is an error, a URL scheme is not")
    func misspeltKind() throws {
        let site = try Fixture(minimalSite + "\n-- pages/p.md --\n---\ntitle: P\n---\n[x](runbooks:api-down) [y](mailto:a@example.com) [z](https://example.com)\n")
        defer { site.cleanUp() }
        let result = site.build()
        let errors = result.diagnostics(.brokenLink)
        #expect(errors.count == 1, "\(result.report)")
        #expect(errors.first?.help?.contains("`runbook`") == true)
    }

    @Test("links to files under assets/ are checked and follow the base URL")
    func assetLinks() throws {
        let site = try Fixture(minimalSite + """

        -- assets/diagram.txt --
        a diagram
        -- pages/p.md --
        ---
        title: P
        ---
        ![d](../assets/diagram.txt) and [missing](../assets/nope.png)
        """)
        defer { site.cleanUp() }
        let failed = site.build()
        #expect(failed.diagnostics(.brokenLink).count == 1)
        try site.write("-- pages/p.md --\n---\ntitle: P\n---\n![d](../assets/diagram.txt)\n")
        #expect(site.build(baseURL: "/kb/").succeeded)
        let page = try #require(site.read("pages/p/index.html"))
        #expect(page.contains("src=\"/kb/assets/diagram.txt\""))
        #expect(site.read("assets/diagram.txt") == "a diagram\n")
    }

    @Test("with raw HTML allowed, Markdown links still never carry javascript:")
    func scriptLinksWithRawHTML() throws {
        let site = try Fixture(minimalSite.replacingOccurrences(of: "cohorts: [everyone, moderators]", with: "cohorts: [everyone, moderators]\nmarkdown: { raw_html: true }")
                               + "\n-- pages/p.md --\n---\ntitle: P\n---\n[x](javascript:alert(1))\n")
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        #expect(site.read("pages/p/index.html")?.contains("javascript:") == false)
    }

    @Test("tags that share a URL share a page")
    func tagCollision() throws {
        let site = try Fixture(minimalSite + "\n-- pages/a.md --\n---\ntitle: A\ntags: [On Call]\n---\n-- pages/b.md --\n---\ntitle: B\ntags: [on-call]\n---\n")
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let page = try #require(site.read("tags/on-call/index.html"))
        #expect(page.contains(">A</a>") && page.contains(">B</a>"))
    }

    @Test("a list where a string belongs is described once")
    func listForString() throws {
        let site = try Fixture(minimalSite + "\n-- pages/p.md --\n---\ntitle: [a]\n---\n")
        defer { site.cleanUp() }
        let error = try #require(site.build().diagnostics(.wrongType).first)
        #expect(error.found == "a list of 1")
        #expect(error.help == nil)
    }

    @Test("a huge duration is rejected instead of overflowing")
    func hugeDuration() throws {
        let site = try Fixture(minimalSite.replacingOccurrences(of: "duration: 30m", with: "duration: 99999999999999999999d"))
        defer { site.cleanUp() }
        #expect(site.build().diagnostics(.invalidValue).count == 1)
    }

    @Test("YAML errors in almanac.yaml are operator-fixable")
    func configYAML() throws {
        let site = try Fixture(minimalSite.replacingOccurrences(of: "environments: [staging, production]", with: "environments: [staging, production"))
        defer { site.cleanUp() }
        let error = try #require(site.build().diagnostics(.configInvalid).first)
        #expect(error.class == .operatorFixable)
    }
}

@Suite("Symbolic links in the content folder")
struct SymlinkTests {
    @Test("a link that leads outside Content/ or to nothing is reported and not read")
    func links() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let outside = site.root.appendingPathComponent("secret.md").path
        try "---\ntitle: Secret\n---\n".write(toFile: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: site.content + "/pages/secret.md", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: site.content + "/pages/gone.md", withDestinationPath: site.root.path + "/nothing.md")
        try FileManager.default.createSymbolicLink(atPath: site.content + "/pages/alias.md", withDestinationPath: site.content + "/pages/guides/welcome.md")
        let result = site.build()
        let unreadable = result.diagnostics(.unreadableFile)
        #expect(unreadable.count == 2, "\(result.report)")
        #expect(unreadable.contains { $0.message.contains("outside") })
        #expect(unreadable.contains { $0.message.contains("to nothing") })
        #expect(result.documents == 12, "a link inside the content folder is read like a file; the others are not read")
    }
}

@Suite("Schemas: built in, printed, extended by the site")
struct SchemaExtensionTests {
    let postmortemExtension = """

    -- _schemas/postmortem.schema.json --
    {
      "properties": {
        "customer_impact": { "type": "string", "minLength": 10 },
        "severity": { "enum": ["sev1", "sev2", "sev3"] }
      },
      "required": ["customer_impact"]
    }
    """

    @Test("every kind has a built-in schema that compiles, and the example content is valid against them")
    func builtin() throws {
        for kind in Kind.allCases {
            let text = try #require(BuiltinSchemas.text(for: kind), "\(kind)")
            #expect(text.contains("\"additionalProperties\": false"))
        }
        let (set, problems) = SchemaSet.load(extensions: "/nonexistent", display: "_schemas")
        #expect(problems.isEmpty)
        #expect(set.schemas.count == Kind.allCases.count)
    }

    @Test("an extension adds a required field and narrows an existing one")
    func extensionSchema() throws {
        let site = try Fixture(minimalSite + postmortemExtension)
        defer { site.cleanUp() }
        let missing = site.build()
        let error = try #require(missing.diagnostics(.missingField).first)
        #expect(error.message == "missing required field `customer_impact`")
        #expect(error.location?.file.hasSuffix("postmortems/outage.md") == true)
        try site.write(minimalSite.components(separatedBy: "-- postmortems/outage.md --\n")[1].components(separatedBy: "\n-- ")[0]
            .replacingOccurrences(of: "severity: sev2", with: "severity: sev4\ncustomer_impact: Checkout failed for a tenth of buyers")
            .withHeader("postmortems/outage.md"))
        let narrowed = site.build()
        #expect(narrowed.diagnostics(.invalidValue).first?.location?.line == 4, "\(narrowed.report)")
        #expect(narrowed.diagnostics(.unknownField).isEmpty, "the extension's field is known")
    }

    @Test("an extension that is not JSON, or names no kind, is a configuration error")
    func brokenExtension() throws {
        let site = try Fixture(minimalSite + "\n-- _schemas/postmortem.schema.json --\n{ \"properties\": \n-- _schemas/postmortems.schema.json --\n{}\n")
        defer { site.cleanUp() }
        let result = site.build()
        let errors = result.diagnostics(.configInvalid)
        #expect(errors.count == 2, "\(result.report)")
        #expect(errors.contains { $0.help?.contains("`postmortem`") == true })
        #expect(result.exitStatus == 2)
    }
}

extension String {
    /// The text as one file of an inline fixture.
    func withHeader(_ path: String) -> String { "-- \(path) --\n" + self }
}

@Suite("UTF-8 check of source files")
struct UTF8CheckTests {
    @Test("the first ill-formed byte is found exactly where Swift's own decoder stops, with its line and column")
    func againstSwift() {
        // Bytes that make every kind of sequence: ASCII runs (the eight-at-a-time path), newlines, leads of
        // two, three and four bytes, continuations, overlong and surrogate leads, bytes never allowed.
        let pool: [UInt8] = [0x61, 0x61, 0x61, 0x0A, 0x20, 0xC2, 0xC3, 0xDF, 0xC0, 0xC1, 0xE0, 0xE1, 0xED, 0xEF,
                             0xF0, 0xF4, 0xF5, 0xFF, 0x80, 0x9F, 0xA0, 0xBF, 0x8F, 0x90]
        var random = SplitMix64(seed: 12)
        for _ in 0..<20_000 {
            let count = Int(random.next() % 40)
            let bytes = (0..<count).map { _ in pool[Int(random.next() % UInt64(pool.count))] }
            let found = firstInvalidUTF8(bytes)
            let valid = String(validating: bytes, as: UTF8.self) != nil
            #expect((found == nil) == valid, "\(bytes)")
            guard let found else { continue }
            // Everything before it decodes, and the byte there cannot start a well-formed rest.
            let before = Array(bytes[..<found.offset])
            #expect(String(validating: before, as: UTF8.self) != nil, "\(bytes)")
            let text = String(decoding: before, as: UTF8.self)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(found.line == lines.count && found.column == lines.last!.unicodeScalars.count + 1, "\(bytes)")
        }
        #expect(firstInvalidUTF8(Array("plain ASCII, long enough for words\n".utf8)) == nil)
        #expect(firstInvalidUTF8(Array("0123456789abcdef".utf8) + [0xFF]).map(\.offset) == 16)
    }
}
