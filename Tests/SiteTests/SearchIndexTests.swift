import Diagnostics
import Foundation
import Model
import Testing
@testable import Site

@Suite("The search index and the search box")
struct SearchIndexTests {
    /// The index of a built site, decoded: the manifest, every term's postings and every fragment.
    struct Decoded {
        struct Posting: Equatable { var doc: Int; var score: Int; var section: Int }
        var meta: [String: Any]
        var keys: [String]
        /// Term → postings, from every shard.
        var terms: [String: [Posting]] = [:]
        /// Term → the key of the shard it was found in.
        var shardOf: [String: String] = [:]
        var shardBytes: [Int] = []
        var fragments: [[String: Any]] = []
        /// Every file under `search/`, as text.
        var raw: [String: String] = [:]

        func number(_ title: String) -> Int? { fragments.firstIndex { $0["t"] as? String == title } }
        func fragment(_ title: String) -> [String: Any]? { number(title).map { fragments[$0] } }
        /// The postings of the folded word `term` for the document titled `title`.
        func posting(_ term: String, _ title: String) -> Posting? {
            guard let n = number(title) else { return nil }
            return terms[term]?.first { $0.doc == n }
        }
        func titles(_ term: String) -> [String] {
            (terms[term] ?? []).sorted { $0.score > $1.score || ($0.score == $1.score && $0.doc < $1.doc) }
                .map { fragments[$0.doc]["t"] as? String ?? "" }
        }
    }

    func decode(_ site: Fixture, output: String? = nil) throws -> Decoded {
        func object(_ path: String) throws -> ([String: Any], String) {
            let raw = try #require(site.read(path, in: output), "\(path)")
            return (try #require(try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any], "\(path)"), raw)
        }
        let (meta, metaRaw) = try object(SearchIndex.metaPath)
        #expect(meta["version"] as? Int == 2)
        let keys = try #require(meta["shards"] as? [String])
        var index = Decoded(meta: meta, keys: keys)
        index.raw[SearchIndex.metaPath] = metaRaw
        for (n, key) in keys.enumerated() {
            let (shard, raw) = try object(SearchIndex.shardPath(n))
            index.raw[SearchIndex.shardPath(n)] = raw
            index.shardBytes.append(raw.utf8.count)
            for (term, value) in shard {
                let list = try #require(value as? [Int])
                #expect(list.count % 3 == 0)
                var doc = 0, postings: [Decoded.Posting] = []
                for i in stride(from: 0, to: list.count, by: 3) {
                    doc += list[i]
                    postings.append(.init(doc: doc, score: list[i + 1], section: list[i + 2]))
                }
                #expect(index.terms[term] == nil, "\(term) is in one shard only")
                index.terms[term] = postings
                index.shardOf[term] = key
            }
        }
        for n in 0..<(meta["docs"] as? Int ?? 0) {
            let (fragment, raw) = try object(SearchIndex.fragmentPath(n))
            index.raw[SearchIndex.fragmentPath(n)] = raw
            index.fragments.append(fragment)
        }
        #expect(FileSystem.files(under: (output ?? site.output) + "/search").count == index.raw.count, "no other file under search/")
        return index
    }

    @Test("every document has its fragment: title, URL, kind, summary, front matter, headings with their ids, section texts")
    func fragments() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let index = try decode(site)
        let kinds = try #require(index.meta["kinds"] as? [[String]])
        #expect(kinds.map { $0[0] } == Kind.allCases.map(\.rawValue))
        #expect(kinds.map { $0[1] } == Kind.allCases.map(\.singular))
        // The same documents, in the same order, as the JSON export's index.
        let apiText = try #require(site.read("api/index.json"))
        let api = try #require(try JSONSerialization.jsonObject(with: Data(apiText.utf8)) as? [String: Any])
        let exported = try #require(api["documents"] as? [[String: Any]])
        #expect(index.fragments.count == exported.count && exported.count == 11)
        for (doc, export) in zip(index.fragments, exported) {
            #expect(doc["t"] as? String == export["title"] as? String)
            #expect("/" + (doc["u"] as? String ?? "") == export["url"] as? String)
            #expect(kinds[doc["k"] as? Int ?? -1][0] == export["kind"] as? String)
        }
        let runbook = try #require(index.fragment("API down"))
        #expect(runbook["u"] as? String == "runbooks/api-down/")
        #expect(runbook["h"] as? [[String]] == [["Symptoms", "symptoms"], ["Roll back the deploy", "roll-back-the-deploy"]])
        #expect(runbook["x"] as? [String] == ["", "Errors rise. See the database runbook.", "Run the rollback."])
        #expect(runbook["m"] as? String == "core · api · ApiErrorRate · bad deploy · operator-fixable · roll back · infra · api")
        let page = try #require(index.fragment("Welcome"))
        #expect(page["s"] as? String == "Start here.")
        #expect(page["x"] as? [String] == ["", "Read the API runbook first."])
        // Each heading's id is the id of the heading on the page.
        let html = try #require(site.read("runbooks/api-down/index.html"))
        #expect(html.contains(#"<h2 id="symptoms">"#) && html.contains(#"<h2 id="roll-back-the-deploy">"#))
    }

    @Test("every word is findable: title, declared alerts, headings, front matter, and the whole body, in its section")
    func everyField() throws {
        let tail = (1...400).map { "Filler\($0) words of a long section." }.joined(separator: " ") + " Then zygomorphic at the end."
        let site = try Fixture(minimalSite + """

        -- runbooks/long.md --
        ---
        title: Long runbook
        owner: "@bob"
        services: [api]
        alerts: [CheckoutErrorBudgetBurn]
        last_reviewed: 2026-10-01
        failure_modes:
          - { name: Stale quorum, class: fatal, action: Rebuild the replica }
        ---
        Intro text.

        ## First steps

        Nothing here.

        ## The deep part

        \(tail)
        """)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let index = try decode(site)
        let long = try #require(index.number("Long runbook"))
        func section(_ term: String) -> Int? { index.posting(term, "Long runbook")?.section }
        #expect(section("zygomorphic") == 2, "a word past the first thousands of characters, in its section")
        #expect(section("filler400") == 2)
        #expect(section("intro") == 0)
        #expect(section("first") == 1)
        #expect(section("deep") == 2, "a heading's word, in the section it starts")
        #expect(section("checkouterrorbudgetburn") == 0, "a declared alert, folded")
        for term in ["long", "bob", "api", "stale", "quorum", "fatal", "rebuild", "replica"] {
            #expect(index.posting(term, "Long runbook") != nil, "\(term)")
        }
        #expect(index.posting("2026", "Long runbook") == nil, "dates are left out")
        // The other kinds' front matter: a postmortem's action items and owners, a flag's audit reasons.
        for (term, title) in [("canary", "API outage"), ("bob", "API outage"), ("moderators", "New editor"),
                              ("ramp", "New editor"), ("lights", "Core Team"), ("alice", "Core Team")] {
            #expect(index.posting(term, title) != nil, "\(term) in \(title)")
        }
        let fragment = index.fragments[long]
        #expect((fragment["x"] as? [String])?.last?.hasSuffix("Then zygomorphic at the end.") == true)
    }

    @Test("a runbook comes first for an alert it declares, before a postmortem that names it more often; titles outrank bodies")
    func ranking() throws {
        let site = try Fixture(minimalSite + """

        -- postmortems/webhooks.md --
        ---
        title: Webhooks failed
        owner: core
        severity: sev2
        status: published
        services: [api]
        timeline:
          started: 2026-10-05T10:00:00Z
          detected: 2026-10-05T10:07:30Z
          mitigated: 2026-10-05T10:45:00Z
          resolved: 2026-10-05T12:00:00Z
        impact: { summary: Late webhooks }
        root_causes: [A bad deploy]
        action_items:
          - { title: Tune the alert, owner: core, due: 2026-12-20, status: open }
        ---
        WebhookDeliverySuccessRateLow fired. WebhookDeliverySuccessRateLow fired again.
        We muted WebhookDeliverySuccessRateLow. WebhookDeliverySuccessRateLow cleared.
        -- runbooks/webhooks.md --
        ---
        title: Webhook delivery
        owner: core
        services: [api]
        alerts: [WebhookDeliverySuccessRateLow, WebhookQueueDepth]
        last_reviewed: 2026-10-01
        ---
        A long page about retries, \(String(repeating: "with many words about other things, ", count: 60))and backoff.
        """)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let index = try decode(site)
        #expect(index.titles("webhookdeliverysuccessratelow") == ["Webhook delivery", "Webhooks failed"])
        #expect(index.titles("api").first == "API", "the title before the tags, owners and bodies")
        #expect(index.titles("diagnose").first == "DB slow", "a heading")
    }

    @Test("shards: each term in the shard of the longest key it starts with, large shards split by one more character")
    func sharding() throws {
        let many = (1...3000).map { "ab\($0)x" }.joined(separator: " ")
        let site = try Fixture(minimalSite + "\n-- pages/many.md --\n---\ntitle: Many\n---\n" + many + " ab a\n")
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let index = try decode(site)
        #expect(index.keys == index.keys.sorted() && Set(index.keys).count == index.keys.count)
        let keys = Set(index.keys)
        for (term, key) in index.shardOf {
            let longest = (1...term.unicodeScalars.count).reversed().map { SearchIndex.key(term, length: $0) }.first(where: keys.contains)
            #expect(longest == key, "\(term) in \(key)")
            #expect(term.hasPrefix(key) && key.unicodeScalars.count <= max(2, term.unicodeScalars.count))
        }
        #expect(index.shardOf["ab1234x"] == "ab1" && index.shardOf["ab"] == "ab" && index.shardOf["a"] == "a")
        #expect(index.shardOf["api"] == "ap", "small shards keep two characters")
        for (n, bytes) in index.shardBytes.enumerated() where bytes > SearchIndex.shardLimit {
            let key = index.keys[n]
            #expect(!index.shardOf.contains { $0.value == key && $0.key.unicodeScalars.count > key.unicodeScalars.count },
                    "\(key) (\(bytes) B) could have been split")
        }
        #expect(index.terms.count > 3000 && index.keys.count > 12)
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
        let evil = try #require(index.fragment("Quotes \"<&> and </script>"))
        #expect(evil["s"] as? String == "Tab\there & a \\ backslash")
        #expect(evil["h"] as? [[String]] == [["A heading & more", "a-heading--more"]])
        #expect(evil["x"] as? [String] == ["", "Café alert(1) <tag> & \"quoted\" text."])
        #expect(index.posting("cafe", "Quotes \"<&> and </script>")?.section == 1)
        for (path, raw) in index.raw {
            #expect(!raw.contains("<") && !raw.contains(">") && !raw.contains("&"), "\(path)")
        }
        #expect(index.raw.values.contains { $0.contains(#"Quotes \"\u003c\u0026\u003e and \u003c/script\u003e"#) })
    }

    @Test("the index is deterministic: two builds and two base URLs give the same bytes; the hash follows the content")
    func determinism() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let other = site.root.appendingPathComponent("Other").path
        let kb = site.root.appendingPathComponent("KB").path
        #expect(site.build().succeeded)
        #expect(site.build(output: other).succeeded)
        #expect(site.build(output: kb, baseURL: "/kb/").succeeded)
        let first = try decode(site).raw
        #expect(try decode(site, output: other).raw == first)
        #expect(try decode(site, output: kb).raw == first, "URLs are relative to the base URL")
        #expect(try #require(site.read("index.html", in: kb)).contains(#"<div class="site-search" role="search" data-base="/kb/" hidden>"#))
        try site.write("-- pages/guides/welcome.md --\n---\ntitle: Welcome\nsummary: Start here.\n---\nRead the API runbook twice.\n")
        #expect(site.build().succeeded)
        let edited = try decode(site)
        #expect(edited.meta["hash"] as? String != (try JSONSerialization.jsonObject(with: Data(first[SearchIndex.metaPath]!.utf8)) as? [String: Any])?["hash"] as? String)
        #expect(edited.posting("twice", "Welcome") != nil)
    }

    @Test("folding and words are the same in Swift and in search.js",
          .enabled(if: node != nil, "needs Node.js (node) to run the theme's search.js"))
    func folding() throws {
        let samples = ["Élan CAFÉ crème-brûlée", "İstanbul ΟΔΟΣ Straße", "naïve_résumé p99.latency @dana",
                       "WebhookDeliverySuccessRateLow", "Ångström ﬁne ǅ x²", "emoji 🚀rocket 日本語テキスト",
                       String(repeating: "long", count: 15) + " " + String(repeating: "é", count: 45), "ÆØÅ œuvre Ǆ ΣΊΣΥΦΟΣ"]
        let script = """
        const s = require(process.argv[1]);
        const samples = JSON.parse(process.argv[2]);
        console.log(JSON.stringify(samples.map(t => [s.fold(t), s.words(t)])));
        """
        let data = try runNode(script, Fixture.theme + "/assets/search.js",
                               String(decoding: try JSONSerialization.data(withJSONObject: samples), as: UTF8.self))
        let out = try #require(try JSONSerialization.jsonObject(with: data) as? [[Any]])
        #expect(out.count == samples.count)
        for (sample, js) in zip(samples, out) {
            #expect(js[0] as? String == SearchIndex.fold(sample), "fold(\(sample))")
            #expect(js[1] as? [String] == SearchIndex.words(sample), "words(\(sample))")
        }
        #expect(SearchIndex.words("Élan CAFÉ crème-brûlée") == ["elan", "cafe", "creme", "brulee"])
        #expect(SearchIndex.words(String(repeating: "long", count: 15)) == [String(repeating: "long", count: 10)])
    }

    @Test("search.js finds, ranks, links to the section that matched and highlights, from the files a query needs",
          .enabled(if: node != nil, "needs Node.js (node) to run the theme's search.js"))
    func searchScript() throws {
        let site = try Fixture(minimalSite + """

        -- pages/cafe.md --
        ---
        title: Crème brûlée
        ---
        Served at the ÉLAN café, with the core dessert database.

        ## Recipe

        Burn the sugar with a blowtorch.
        """)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let script = """
        const s = require(process.argv[1] + "/assets/search.js"), fs = require("fs");
        const fetched = [];
        const index = new s.Index(p => { fetched.push(p); return Promise.resolve(JSON.parse(fs.readFileSync(process.argv[1] + "/" + p.replace(/[?].*/, ""), "utf8"))); });
        (async () => {
          const out = {};
          for (const q of ["api", "diagnose", "errors rise", "lights KEEPS", "elan CAFE", "creme brulee", "core database", "blowt", "blowt ", "zzz"]) {
            const found = await index.find(q, 20);
            out[q] = found.results.map(h => h.doc.t + " " + s.link(h));
          }
          const hit = await index.find("ÉLAN", 5);
          const cut = s.snippet(hit.results[0], hit);
          out.snippet = [cut.ranges.map(r => cut.text.slice(r[0], r[1])).join("|")];
          const sugar = await index.find("sugar", 5);
          const c2 = s.snippet(sugar.results[0], sugar);
          out.sugar = [c2.text, c2.ranges.map(r => c2.text.slice(r[0], r[1])).join("|")];
          fetched.length = 0;
          await index.find("runbook", 20);
          const fresh = [];
          await new s.Index(p => { fresh.push(p); return Promise.resolve(JSON.parse(fs.readFileSync(process.argv[1] + "/" + p.replace(/[?].*/, ""), "utf8"))); }).find("blowtorch", 20);
          out.fresh = fresh;
          out.fetched = fetched;
          console.log(JSON.stringify(out));
        })();
        """
        let data = try runNode(script, site.output)
        let out = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String]])
        #expect(out["api"]?.first == "API services/api/", "the title first")
        #expect(out["diagnose"]?.first == "DB slow runbooks/db-slow/#diagnose", "a heading: its section")
        #expect(out["errors rise"] == ["API down runbooks/api-down/#symptoms"], "body words, both required, in their section")
        #expect(out["lights KEEPS"] == ["Core Team teams/core/"], "the summary, any order, any case")
        #expect(out["elan CAFE"] == ["Crème brûlée pages/cafe/"], "accents and case ignored")
        #expect(out["creme brulee"] == ["Crème brûlée pages/cafe/"])
        #expect(out["blowt"] == ["Crème brûlée pages/cafe/#recipe"], "the word being typed matches the terms it starts")
        #expect(out["blowt "] == [], "a finished word matches only itself")
        #expect(out["core database"]?.contains("Crème brûlée pages/cafe/") == true)
        #expect(out["zzz"] == [])
        #expect(out["snippet"] == ["ÉLAN"], "the highlight covers the original, accented text")
        #expect(out["sugar"] == ["Burn the sugar with a blowtorch.", "sugar"], "the snippet comes from the section that matched")
        let fetched = try #require(out["fetched"])
        #expect(fetched.allSatisfy { $0.hasPrefix("search/index/") || $0.hasPrefix("search/doc/") }, "the manifest is loaded once: \(fetched)")
        #expect(fetched.allSatisfy { $0.contains("?v=") })
        let fresh = try #require(out["fresh"])
        #expect(fresh.first == "search/meta.json" && fresh.filter { $0.hasPrefix("search/index/") }.count == 1, "one shard for one word: \(fresh)")
        #expect(fresh.filter { $0.hasPrefix("search/doc/") }.count == 1, "the fragment of the one result: \(fresh)")
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
        #expect(script.contains("search/meta.json") && script.contains("search/index/") && script.contains("search/doc/"))
        #expect(!script.contains("innerHTML"), "results are built with createElement and textContent")
        #expect(try #require(site.read("assets/style.css")).contains(".site-search"))
        #expect(!site.exists("search-index.json"))
    }

    static let node: String? = ["/usr/bin/node", "/usr/local/bin/node", "/opt/homebrew/bin/node"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs `script` under Node with `arguments`, expecting it to succeed; its standard output.
    func runNode(_ script: String, _ arguments: String...) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.node))
        process.arguments = ["-e", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return data
    }
}
