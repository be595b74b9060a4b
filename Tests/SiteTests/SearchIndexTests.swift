import Diagnostics
import Foundation
import Model
import Testing
@testable import Site

@Suite("The search index and the search box")
struct SearchIndexTests {
    /// The index of a built site, decoded: `docs` as dictionaries keyed by the index's own `fields`.
    struct Decoded {
        var raw: String
        var kinds: [[String]]
        var docs: [[String: Any]]
        func doc(_ title: String) -> [String: Any]? { docs.first { $0["title"] as? String == title } }
    }

    func decode(_ site: Fixture, output: String? = nil) throws -> Decoded {
        let raw = try #require(site.read("search-index.json", in: output))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        let fields = try #require(object["fields"] as? [String])
        #expect(fields == ["title", "url", "kind", "owner", "tags", "summary", "headings", "body"])
        let kinds = try #require(object["kinds"] as? [[String]])
        let rows = try #require(object["docs"] as? [[Any]])
        let docs = rows.map { row in Dictionary(uniqueKeysWithValues: zip(fields, row)) }
        return Decoded(raw: raw, kinds: kinds, docs: docs)
    }

    @Test("every document is in the index with its title, URL, kind, owner, tags, summary, headings and body text")
    func everyDocument() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let index = try decode(site)
        #expect(index.kinds.map { $0[0] } == Kind.allCases.map(\.rawValue))
        #expect(index.kinds.map { $0[1] } == Kind.allCases.map(\.singular))
        // The same documents, in the same order, as the JSON export's index.
        let apiText = try #require(site.read("api/index.json"))
        let api = try #require(try JSONSerialization.jsonObject(with: Data(apiText.utf8)) as? [String: Any])
        let exported = try #require(api["documents"] as? [[String: Any]])
        #expect(index.docs.count == exported.count && exported.count == 11)
        for (doc, export) in zip(index.docs, exported) {
            #expect(doc["title"] as? String == export["title"] as? String)
            #expect("/" + (doc["url"] as? String ?? "") == export["url"] as? String)
            #expect(index.kinds[doc["kind"] as? Int ?? -1][0] == export["kind"] as? String)
        }
        let runbook = try #require(index.doc("API down"))
        #expect(runbook["url"] as? String == "runbooks/api-down/")
        #expect(runbook["owner"] as? String == "core")
        #expect(runbook["tags"] as? [String] == ["infra", "api"])
        #expect(runbook["headings"] as? [String] == ["Symptoms", "Roll back the deploy"])
        #expect(runbook["body"] as? String == "Errors rise. See the database runbook. Run the rollback.")
        let page = try #require(index.doc("Welcome"))
        #expect(page["url"] as? String == "pages/welcome/")
        #expect(page["summary"] as? String == "Start here.")
        #expect(page["body"] as? String == "Read the API runbook first.")
        #expect(index.doc("Database")?["owner"] as? String == "@alice")
        #expect(index.doc("Sprint 1")?["owner"] as? String == "")
    }

    @Test("hostile titles and bodies round-trip through the JSON, and nothing in it can close a <script>")
    func escaping() throws {
        let site = try Fixture(minimalSite + """

        -- pages/evil.md --
        ---
        title: 'Quotes "<&> and </script>'
        summary: "Tab\\there & a \\\\ backslash"
        ---
        ## A <b>heading</b> & more

        Café <script>alert(1)</script> \\<tag\\> & "quoted" text.
        """)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let index = try decode(site)
        let evil = try #require(index.doc("Quotes \"<&> and </script>"))
        #expect(evil["summary"] as? String == "Tab\there & a \\ backslash")
        #expect(evil["headings"] as? [String] == ["A heading & more"])
        #expect(evil["body"] as? String == "Café alert(1) <tag> & \"quoted\" text.")
        #expect(!index.raw.contains("<") && !index.raw.contains(">") && !index.raw.contains("&"))
        #expect(index.raw.contains(#"Quotes \"\u003c\u0026\u003e and \u003c/script\u003e"#))
    }

    @Test("the index is deterministic: two builds and two base URLs give the same bytes")
    func determinism() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let other = site.root.appendingPathComponent("Other").path
        let kb = site.root.appendingPathComponent("KB").path
        #expect(site.build().succeeded)
        #expect(site.build(output: other).succeeded)
        #expect(site.build(output: kb, baseURL: "/kb/").succeeded)
        let first = try #require(site.read("search-index.json"))
        #expect(site.read("search-index.json", in: other) == first)
        #expect(site.read("search-index.json", in: kb) == first, "URLs are relative to the base URL")
        #expect(first.hasSuffix("}\n") && !first.contains("\n{") && first.split(separator: "\n").count == 1)
        #expect(try #require(site.read("index.html", in: kb)).contains(#"<div class="site-search" role="search" data-base="/kb/" hidden>"#))
    }

    @Test("the index stays small: bodies are cut, and the index is a fraction of the HTML")
    func size() throws {
        let long = (1...600).map { "Word\($0) of a long page." }.joined(separator: " ")
        let site = try Fixture(minimalSite + "\n-- pages/long.md --\n---\ntitle: Long\n---\n" + long + "\n")
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let index = try decode(site)
        let body = try #require(index.doc("Long")?["body"] as? String)
        #expect(body.count <= SearchIndex.defaultBodyLimit && body.count > SearchIndex.defaultBodyLimit * 5 / 6)
        #expect(body.hasPrefix("Word1 of a long page. Word2"))
        let html = FileSystem.files(under: site.output).filter { $0.hasSuffix(".html") }
            .reduce(0) { $0 + (site.read($1)?.utf8.count ?? 0) }
        #expect(index.raw.utf8.count < 8_000)
        #expect(Double(index.raw.utf8.count) < 0.15 * Double(html), "index \(index.raw.utf8.count) B, HTML \(html) B")
    }

    @Test("every page has the search box, hidden until the script shows it, and the deferred script")
    func layout() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        for path in ["index.html", "runbooks/api-down/index.html", "tags/index.html", "runbooks/index.html"] {
            let page = try #require(site.read(path))
            #expect(page.contains(#"<script defer src="/assets/search.js"></script>"#), "\(path)")
            #expect(page.contains(#"<div class="site-search" role="search" data-base="/" hidden>"#), "\(path)")
            #expect(page.contains(#"role="combobox""#) && page.contains(#"aria-controls="site-search-results""#))
            #expect(page.contains(#"<ul id="site-search-results" class="site-search-results" role="listbox""#))
            #expect(page.contains(#"role="status" aria-live="polite""#))
        }
        let script = try #require(site.read("assets/search.js"))
        #expect(script.contains("search-index.json"))
        #expect(!script.contains("innerHTML"), "results are built with createElement and textContent")
        #expect(try #require(site.read("assets/style.css")).contains(".site-search"))
    }

    static let node: String? = ["/usr/bin/node", "/usr/local/bin/node", "/opt/homebrew/bin/node"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test("search.js ranks title, then headings, then tags/owner/summary, then body; ANDs words; ignores case and accents",
          .enabled(if: node != nil, "needs Node.js (node) to run the theme's search.js"))
    func ranking() throws {
        let site = try Fixture(minimalSite + """

        -- pages/cafe.md --
        ---
        title: Crème brûlée
        ---
        Served at the ÉLAN café, with the core dessert database.
        """)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let script = """
        const s = require(process.argv[1] + "/assets/search.js");
        const records = s.prepare(JSON.parse(require("fs").readFileSync(process.argv[1] + "/search-index.json", "utf8")));
        const out = {};
        for (const q of ["api", "diagnose", "errors rise", "lights KEEPS", "elan CAFE", "creme brulee", "core database", "zzz"])
          out[q] = s.search(records, q, 20).results.map(h => h.doc.title);
        const hit = s.search(records, "elan", 5);
        out.snippet = [s.snippet(hit.results[0].doc, hit.words)].map(c => c.ranges.map(r => c.text.slice(r[0], r[1])).join("|"));
        console.log(JSON.stringify(out));
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.node))
        process.arguments = ["-e", script, site.output]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let out = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String]])
        // Titles first (the exact title above the ones it starts), then the tag `api`, then bodies.
        #expect(out["api"] == ["API", "API down", "API outage", "DB slow", "Welcome"])
        #expect(out["diagnose"]?.first == "DB slow", "a heading")
        #expect(out["errors rise"] == ["API down"], "body words, both required")
        #expect(out["lights KEEPS"] == ["Core Team"], "the summary, any order, any case")
        #expect(out["elan CAFE"] == ["Crème brûlée"], "accents and case ignored")
        #expect(out["creme brulee"] == ["Crème brûlée"])
        #expect(out["core database"] == ["API down", "Crème brûlée"], "the owner `core` outranks a body match")
        #expect(out["zzz"] == [])
        #expect(out["snippet"] == ["ÉLAN"], "the highlight covers the original, accented text")
    }
}
