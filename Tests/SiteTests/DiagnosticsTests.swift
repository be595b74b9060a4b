import Diagnostics
import Testing
@testable import Site

@Suite("Located errors for bad content")
struct DiagnosticsTests {
    func build(_ file: String, at path: String) throws -> BuildResult {
        let site = try Fixture(minimalSite + "\n-- \(path) --\n" + file)
        defer { site.cleanUp() }
        return site.build()
    }

    @Test("a missing required field points at the mapping that lacks it")
    func missingField() throws {
        let result = try build("---\ntitle: Half\nowner: core\nservices: [api]\n---\n", at: "runbooks/half.md")
        let missing = try #require(result.diagnostics(.missingField).first)
        #expect(missing.message.contains("last_reviewed"))
        #expect(missing.location?.line == 2, "the YAML starts on line 2, after the opening ---")
        #expect(missing.location?.column == 1)
    }

    @Test("a mistyped field says what was expected and what was found")
    func wrongType() throws {
        let result = try build("---\ntitle: T\nowner: core\ntier: high\nlifecycle: production\n---\n", at: "services/typed.md")
        let wrong = try #require(result.diagnostics(.wrongType).first)
        #expect(wrong.location?.line == 4)
        #expect(wrong.location?.column == 7)
        #expect(wrong.expected == "a whole number")
        #expect(wrong.found == "a string `high`")
    }

    @Test("an invalid enum value and an unknown key get did-you-mean help")
    func suggestions() throws {
        let result = try build("---\ntitle: T\nowner: core\ntier: 2\nlifecycle: prodution\ndepend_on: [api]\n---\n", at: "services/typo.md")
        let value = try #require(result.diagnostics(.invalidValue).first)
        #expect(value.help == "did you mean `production`?")
        let key = try #require(result.diagnostics(.unknownField).first)
        #expect(key.location?.line == 6)
        #expect(key.help == "did you mean `depends_on`?")
    }

    @Test("a single value where a list belongs shows how to write the list")
    func scalarForList() throws {
        let result = try build("---\ntitle: T\ntags: no\n---\n", at: "pages/tags.md")
        let error = try #require(result.diagnostics(.wrongType).first)
        #expect(error.found == "a string `no`")
        #expect(error.help == "write a list, as in [no], or one item per line starting with `- `")
    }

    @Test("every problem of every file is reported in one run")
    func allAtOnce() throws {
        let site = try Fixture(minimalSite + """

        -- runbooks/one.md --
        ---
        title: One
        owner: core
        services: [api]
        last_reviewed: 2026-13-01
        ---
        -- flags/two.md --
        ---
        title: Two
        owner: core
        type: release
        created: 2026-01-01
        fallback: none
        environments:
          staging: { enabled: true, rollout: 150 }
        audit:
          - { at: 2026-01-01, who: "@alice", environment: staging, action: created, why: x }
        ---
        """)
        defer { site.cleanUp() }
        let result = site.build()
        #expect(result.diagnostics(.invalidDate).count == 2, "\(result.report)")
        #expect(result.diagnostics(.outOfRange).count == 1)
        #expect(result.diagnostics(.missingField).count == 2, "expires, and production in environments")
    }

    @Test("a YAML syntax error points at the line, with a hint for unquoted handles")
    func yamlSyntax() throws {
        let result = try build("---\ntitle: T\nowner: @alice\ntier: 1\nlifecycle: production\n---\n", at: "services/at.md")
        let error = try #require(result.diagnostics(.yamlSyntax).first)
        #expect(error.location?.line == 3)
        #expect(error.help?.contains("\"@alice\"") == true)
    }

    @Test("a duplicate key points at the second occurrence and notes the first")
    func duplicateKey() throws {
        let result = try build("---\ntitle: T\nowner: core\ntier: 1\nlifecycle: production\ntier: 2\n---\n", at: "services/dup.md")
        let error = try #require(result.diagnostics(.duplicateKey).first)
        #expect(error.location?.line == 6)
        #expect(error.notes.first?.location?.line == 4)
    }

    @Test("a file without front matter, a bad slug and a stray file are reported")
    func files() throws {
        let site = try Fixture(minimalSite + "\n-- runbooks/no-front.md --\nJust text.\n-- runbooks/Bad_Name.md --\n---\ntitle: x\n---\n-- notes.md --\nstray\n")
        defer { site.cleanUp() }
        let result = site.build()
        #expect(result.diagnostics(.missingFrontMatter).count == 1)
        let slug = try #require(result.diagnostics(.invalidSlug).first)
        #expect(slug.help == "rename the file to `bad_name.md`" || slug.help == "rename the file to `bad-name.md`" || slug.help != nil)
        #expect(result.diagnostics(.misplacedFile).first?.severity == .warning)
    }

    @Test("the rendered diagnostic quotes the line with a caret under the span")
    func rendering() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        try site.write("-- services/db.md --\n---\ntitle: Database\nowner: core\ntier: 1\nlifecycle: prod\n---\n")
        let result = site.build()
        let renderer = DiagnosticRenderer { result.sources[$0] }
        let text = renderer.render(result.diagnostics)
        #expect(text.contains("error[E0203]: `lifecycle` must be one of `experimental`, `production`, `deprecated`"))
        #expect(text.contains("services/db.md:5:12"))
        #expect(text.contains("5 | lifecycle: prod\n  |            ^^^^"))
        #expect(text.contains("help: did you mean `production`?"))
    }

    @Test("a missing almanac.yaml and a missing theme are operator-fixable")
    func configuration() throws {
        let site = try Fixture("-- runbooks/x.md --\n---\ntitle: X\n---\n")
        defer { site.cleanUp() }
        let result = site.build()
        #expect(result.diagnostics(.configMissing).first?.class == .operatorFixable)
        let noTheme = Build(BuildOptions(content: site.content, theme: site.root.path + "/nope", output: site.output)).run()
        #expect(noTheme.diagnostics(.themeMissing).count == 1)
    }

    @Test("a NUL byte in front matter is located, and the diagnostics after it are printed whole")
    func nulByte() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        try site.write("-- pages/nul.md --\n---\ntitle: A\u{0}B\n---\n-- pages/zz.md --\n---\ntitle: Z\nbogus: 1\n---\n")
        let result = site.build()
        let yaml = try #require(result.diagnostics(.yamlSyntax).first)
        #expect(yaml.location?.line == 2 && yaml.location?.column == 9)
        #expect(yaml.found == "the character U+0000")
        let text = DiagnosticRenderer { result.sources[$0] }.render(result.diagnostics)
        #expect(!text.contains("\u{0}"))
        #expect(text.contains("2 | title: A\u{2400}B"))
        #expect(text.contains("error[E0204]: unknown field `bogus`"), "the diagnostic after the NUL is printed")
    }

    @Test("escape sequences from content never reach the terminal")
    func controlCharacters() {
        let diagnostic = Diagnostic(.invalidValue, "bad \u{1B}[2J value", at: SourceLocation(file: "f.md", line: 1, column: 3),
                                    found: "`\u{1B}]0;title\u{7}`")
        let text = DiagnosticRenderer { _ in "a:\u{1B}[31mred\r\n" }.render([diagnostic])
        #expect(!text.contains("\u{1B}") && !text.contains("\u{7}"))
        #expect(text.contains("bad \u{241B}[2J value"))
        #expect(text.contains("1 | a:\u{241B}[31mred\n"))
    }

    @Test("a very long source line is quoted as a window around the column, the caret under it")
    func longLine() {
        let line = String(repeating: "x", count: 10_000) + "BAD" + String(repeating: "y", count: 10_000)
        let diagnostic = Diagnostic(.invalidValue, "bad", at: SourceLocation(file: "f.md", line: 1, column: 10_001, length: 3))
        let text = DiagnosticRenderer { _ in line }.render([diagnostic])
        let quoted = try? #require(text.split(separator: "\n").first { $0.hasPrefix("1 | ") })
        let caret = try? #require(text.split(separator: "\n").first { $0.contains("^") })
        #expect((quoted?.count ?? .max) < 200)
        let offset = quoted.flatMap { q in q.range(of: "BAD").map { q.distance(from: q.startIndex, to: $0.lowerBound) } }
        #expect(caret.flatMap { c in c.firstIndex(of: "^").map { c.distance(from: c.startIndex, to: $0) } } == offset)
    }

    @Test("ten thousand diagnostics in one file are rendered without splitting it each time")
    func manyDiagnostics() {
        let text = (1...10_000).map { "line \($0)" }.joined(separator: "\n")
        let counter = Counter()
        let renderer = DiagnosticRenderer { _ in counter.increment(); return text }
        let diagnostics = (1...10_000).map { Diagnostic(.invalidValue, "bad", at: SourceLocation(file: "f.md", line: $0, column: 1)) }
        let out = renderer.render(diagnostics)
        #expect(out.contains("9999 | line 9999"))
        #expect(counter.value == 1, "the file's text is asked for once")
    }

    @Test("a file name's control characters are shown as pictures in the location")
    func controlCharactersInFileName() {
        let diagnostic = Diagnostic(.invalidValue, "bad", at: SourceLocation(file: "a\u{1B}[2Jb.md", line: 1, column: 1),
                                    notes: [.init("first here", at: SourceLocation(file: "c\u{1B}d.md", line: 2, column: 1))])
        let text = DiagnosticRenderer { _ in "x\n" }.render([diagnostic])
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("--> a\u{241B}[2Jb.md:1:1"))
        #expect(text.contains("note: first here (c\u{241B}d.md:2:1)"))
    }
}

/// How many warnings and errors the text format prints, and how it sums up the rest.
@Suite("Printing many diagnostics")
struct PrintingTests {
    /// `count` stale-runbook warnings, one a file, given in an order other than the display order.
    func staleRunbooks(_ count: Int, severity: Diagnostic.Severity? = nil) -> [Diagnostic] {
        (1...count).reversed().map { i in
            Diagnostic(.staleRunbook, "this runbook was due for review", at: SourceLocation(file: "runbooks/r\(i < 10 ? "0" : "")\(i).md", line: 5, column: 1),
                       severity: severity)
        }
    }

    @Test("45 warnings of one code: the first 20 in display order are printed, the other 25 counted in one line")
    func summarised() {
        let text = DiagnosticRenderer { _ in nil }.render(staleRunbooks(45))
        #expect(occurrences("warning[W0501]", in: text) == 20)
        #expect(text.contains("--> runbooks/r01.md:5:1") && text.contains("--> runbooks/r20.md:5:1"))
        #expect(!text.contains("runbooks/r21.md"))
        let summary = "… and 25 more W0501 warnings (a runbook is past its review date); see them all with --all-warnings or --format json\n"
        #expect(occurrences("more W0501", in: text) == 1)
        #expect(text.hasSuffix("\n\n" + summary), "one line after the last warning printed, a blank line between")
    }

    @Test("each code is counted on its own; a code of 20 warnings or fewer is printed whole")
    func perCode() {
        let overdue = (1...21).map { Diagnostic(.overdueAction, "overdue", at: SourceLocation(file: "postmortems/p.md", line: $0, column: 3)) }
        let script = (1...20).map { Diagnostic(.scriptLink, "script", at: SourceLocation(file: "pages/s.md", line: $0, column: 3)) }
        let text = DiagnosticRenderer { _ in nil }.render(staleRunbooks(30) + overdue + script)
        #expect(occurrences("warning[W0501]", in: text) == 20)
        #expect(occurrences("warning[W0502]", in: text) == 20)
        #expect(occurrences("warning[W0307]", in: text) == 20)
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("… and") }
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("… and 10 more W0501 warnings (a runbook") == true)
        #expect(lines.last?.hasPrefix("… and 1 more W0502 warning (an open action") == true)
    }

    @Test("errors are never summed up, however many of one code, warnings made errors by --strict too")
    func errorsInFull() {
        let errors = (1...45).map { Diagnostic(.invalidValue, "bad", at: SourceLocation(file: "services/s\($0).md", line: 4, column: 7)) }
        let text = DiagnosticRenderer { _ in nil }.render(errors + staleRunbooks(45, severity: .error))
        #expect(occurrences("error[E0203]", in: text) == 45)
        #expect(occurrences("error[W0501]", in: text) == 45)
        #expect(!text.contains("… and"))
    }

    @Test("a tab in a quoted line is shown as `→`, and the caret stands under it")
    func visibleTab() {
        let diagnostic = Diagnostic(.yamlSyntax, "a tab", at: SourceLocation(file: "t.md", line: 2, column: 3))
        let text = DiagnosticRenderer { _ in "---\n  \thandle: x\n" }.render(diagnostic)
        #expect(text.contains("2 |   →handle: x\n"), "\(text)")
        #expect(text.contains("  |   ^\n"), "\(text)")
    }

    @Test("a file that could not be read is printed before what its error causes elsewhere")
    func causesFirst() {
        let effect = Diagnostic(.unknownPerson, "unknown", at: SourceLocation(file: "runbooks/a.md", line: 3, column: 8))
        let cause = Diagnostic(.yamlSyntax, "a tab", at: SourceLocation(file: "teams/pay.md", line: 5, column: 1))
        #expect([effect, cause].sortedForDisplay().map(\.code) == [.yamlSyntax, .unknownPerson])
    }

    @Test("--all-warnings (no limit per code) prints every warning and no summary")
    func allWarnings() {
        let text = DiagnosticRenderer(warningsPerCode: nil) { _ in nil }.render(staleRunbooks(45))
        #expect(occurrences("warning[W0501]", in: text) == 45)
        #expect(text.contains("--> runbooks/r45.md:5:1"))
        #expect(!text.contains("… and"))
    }

    @Test("the text format sums up; JSON, GitHub and SARIF list every diagnostic")
    func formats() throws {
        let diagnostics = staleRunbooks(45)
        let renderer = DiagnosticRenderer { _ in nil }
        #expect(occurrences("warning[W0501]", in: DiagnosticFormat.text.render(diagnostics, renderer: renderer)) == 20)
        #expect(occurrences("\"code\": \"W0501\"", in: DiagnosticFormat.json.render(diagnostics, renderer: renderer)) == 45)
        #expect(occurrences("::warning ", in: DiagnosticFormat.github.render(diagnostics, renderer: renderer)) == 45)
        #expect(occurrences("\"ruleId\": \"W0501\"", in: DiagnosticFormat.sarif.render(diagnostics, renderer: renderer)) == 45)
        #expect(!DiagnosticFormat.json.render(diagnostics, renderer: renderer).contains("more W0501"))
    }

    @Test("20,000 diagnostics on the long lines of one file: the file is read once, each quoted at its own column")
    func twentyThousand() throws {
        // Two lines of 10,000 words each: an error under every word of the first, a warning under every word of the second.
        let words = (0..<10_000).map { String(repeating: "0", count: 5 - String($0).count) + String($0) }
        let text = "link " + words.map { "e\($0)" }.joined(separator: " ") + "\nlink " + words.map { "w\($0)" }.joined(separator: " ") + "\n"
        let counter = Counter()
        let renderer = DiagnosticRenderer { _ in counter.increment(); return text }
        let diagnostics = (0..<10_000).flatMap { i in [
            Diagnostic(.brokenLink, "e\(words[i])", at: SourceLocation(file: "pages/big.md", line: 1, column: 6 + 7 * i, length: 6)),
            Diagnostic(.scriptLink, "w\(words[i])", at: SourceLocation(file: "pages/big.md", line: 2, column: 6 + 7 * i, length: 6)),
        ] }
        let out = DiagnosticFormat.text.render(diagnostics.reversed(), renderer: renderer)
        #expect(counter.value == 1, "the file's text is asked for once")
        #expect(occurrences("error[E0303]", in: out) == 10_000)
        #expect(occurrences("warning[W0307]", in: out) == 20)
        #expect(occurrences("\n1 | ", in: out) == 10_000 && occurrences("\n2 | ", in: out) == 20)
        #expect(out.hasSuffix("\n… and 9,980 more W0307 warnings (a body link or image would run script); see them all with --all-warnings or --format json\n\n"))
        // Every error's quote has its own word right above the caret.
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        var checked = 0
        for (i, line) in lines.enumerated() where line.hasPrefix("error[E0303]: ") {
            let word = line.dropFirst("error[E0303]: ".count)
            let quote = Array(lines[i + 3].unicodeScalars), caret = Array(lines[i + 4].unicodeScalars)
            guard let at = caret.firstIndex(of: "^"), at + 6 <= quote.count else { break }
            #expect(String(String.UnicodeScalarView(quote[at..<(at + 6)])) == word && caret[at...].count == 6)
            checked += 1
        }
        #expect(checked == 10_000)
    }

    @Test("a file the source cannot give is asked for once, its diagnostics printed without a quote")
    func missingFile() {
        let counter = Counter()
        let renderer = DiagnosticRenderer { _ in counter.increment(); return nil }
        let out = renderer.render((1...100).map { Diagnostic(.invalidValue, "bad", at: SourceLocation(file: "gone.md", line: $0, column: 1)) })
        #expect(counter.value == 1)
        #expect(occurrences("--> gone.md:", in: out) == 100)
        #expect(!out.contains(" | "))
    }
}

final class Counter: @unchecked Sendable {
    private(set) var value = 0
    func increment() { value += 1 }
}

@Suite("Naming places")
struct NamingTests {
    @Test("a rollout step is named by its id, a list's items by their position, the same way in every message")
    func paths() throws {
        let site = try Fixture(minimalSite + """

        -- rollouts/named.md --
        ---
        title: Named steps
        owner: core
        services: [api]
        steps:
          - { id: check, kind: preflight, title: Check, duration: 30m }
          - { id: prod-50, kind: rollout, title: Half, needs: [chek], duration: 1d }
          - { id: verify, kind: verify, title: Verify, needs: [prod-50], duration: 2h }
          - { id: undo, kind: rollback, title: Undo, needs: [prod-50], reverts: prod-50, duration: 10m }
        ---
        -- flags/audited.md --
        ---
        title: Audited
        owner: core
        type: release
        created: 2026-10-01
        expires: 2026-12-31
        fallback: Off.
        environments:
          staging: { enabled: false, rollout: 0 }
          production: { enabled: false, rollout: 0 }
        audit:
          - { at: 2026-10-02T10:00:00Z, who: "@bob", environment: staging, action: created, why: New }
          - { at: 2026-10-01T10:00:00Z, who: "@bob", environment: staging, action: enabled, why: Try }
        ---
        -- rollouts/timed.md --
        ---
        title: Timed steps
        owner: core
        services: [api]
        steps:
          - { id: check, kind: preflight, title: Check, duration: soon }
        ---
        """)
        defer { site.cleanUp() }
        let messages = site.build(asOf: "2026-11-25").diagnostics.map(\.message)
        #expect(messages.contains { $0.hasPrefix("`steps[prod-50].needs` names a step `chek`") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("`steps[check].duration` must") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("`audit[1].at` is earlier than `audit[0].at`") }, "\(messages)")
        #expect(!messages.contains { $0.contains(" of item ") || $0.contains("item 2 of") }, "\(messages)")
    }
}

@Suite("Front-matter prose")
struct ProseTests {
    @Test("prose fields are rendered as inline Markdown: code, emphasis, links to documents; raw HTML shows as text")
    func rendered() throws {
        let site = try Fixture(minimalSite + """

        -- postmortems/prose.md --
        ---
        title: Prose
        owner: core
        severity: sev3
        status: draft
        services: [api]
        timeline:
          started: 2026-11-03T09:12:00Z
          detected: 2026-11-03T09:20:00Z
          mitigated: 2026-11-03T09:40:00Z
          resolved: 2026-11-03T10:00:00Z
        impact: { summary: "Slow *feed* pages" }
        trigger: "A deploy of `feed-v2`, see [the runbook](runbook:api-down) and <b>this</b>."
        root_causes: [A query without an index]
        action_items:
          - { title: Add an index, owner: core, due: 2026-12-20, status: open }
        ---
        What happened.
        """)
        defer { site.cleanUp() }
        #expect(site.build(asOf: "2026-11-25").succeeded)
        let page = try #require(site.read("postmortems/prose/index.html"))
        #expect(page.contains("A deploy of <code>feed-v2</code>, see <a href=\"/runbooks/api-down/\">the runbook</a> and &lt;b&gt;this&lt;/b&gt;."), "\(page)")
        #expect(page.contains("Slow <em>feed</em> pages"))
        #expect(!page.contains("`feed-v2`"), "no literal backquotes")
        // The runbook knows it is linked from the postmortem's trigger.
        let runbook = try #require(site.read("runbooks/api-down/index.html"))
        #expect(runbook.contains("href=\"/postmortems/prose/\""))
    }
}
