import Diagnostics
import Foundation
import Testing
@testable import Site

@Suite("check, output formats, strict mode and exit status")
struct FormatTests {
    func brokenSite() throws -> Fixture {
        try Fixture(minimalSite + "\n-- services/bad.md --\n---\ntitle: \"Bad, really: bad\"\nowner: core\ntier: 4\nlifecycle: production\n---\n")
    }

    @Test("check validates without rendering or writing")
    func check() throws {
        let site = try brokenSite()
        defer { site.cleanUp() }
        let options = BuildOptions(content: site.content, theme: Fixture.theme, output: site.output, asOf: Fixture.day)
        let result = Build(options).check()
        #expect(result.diagnostics(.invalidValue).count == 1)
        #expect(result.exitStatus == 1)
        #expect(!FileManager.default.fileExists(atPath: site.output))
        try site.remove("services/bad.md")
        let clean = Build(options).check()
        #expect(clean.exitStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: site.output), "check never writes")
    }

    @Test("JSON output is an array of located diagnostics")
    func json() throws {
        let site = try brokenSite()
        defer { site.cleanUp() }
        let result = site.build()
        let text = DiagnosticFormat.json.render(result.diagnostics, renderer: DiagnosticRenderer { _ in nil })
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        let tier = try #require(parsed.first { $0["code"] as? String == "E0203" })
        #expect(tier["line"] as? Int == 4)
        #expect(tier["column"] as? Int == 7)
        #expect(tier["severity"] as? String == "error")
        #expect(tier["class"] as? String == "user-fixable")
        #expect((tier["file"] as? String)?.hasSuffix("services/bad.md") == true)
    }

    @Test("GitHub annotations escape what workflow commands reserve")
    func github() {
        let d = Diagnostic(.invalidValue, "50%, then\nmore", at: SourceLocation(file: "a,b:c.md", line: 3, column: 4, length: 2))
        #expect(d.githubAnnotation == "::error file=a%2Cb%3Ac.md,line=3,col=4,endColumn=6,title=E0203 a field's value is not one of the allowed values::50%25, then%0Amore")
    }

    @Test("SARIF 2.1.0 has a rule per code and a located result per diagnostic")
    func sarif() throws {
        let site = try brokenSite()
        defer { site.cleanUp() }
        let result = site.build()
        let text = DiagnosticFormat.sarif.render(result.diagnostics, renderer: DiagnosticRenderer { _ in nil })
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(root["version"] as? String == "2.1.0")
        let run = try #require((root["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == result.diagnostics.count)
        let region = ((results.first { $0["ruleId"] as? String == "E0203" }?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any]
        #expect(region?["startLine"] as? Int == 4)
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(Set(rules.compactMap { $0["id"] as? String }) == Set(result.diagnostics.map(\.code.id)))
    }

    @Test("--strict turns warnings into errors and fails the build")
    func strict() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        var options = BuildOptions(content: site.content, theme: Fixture.theme, output: site.output, asOf: Fixture.day)
        #expect(Build(options).run().exitStatus == 0)
        options.strict = true
        let strict = Build(options).run()
        #expect(strict.exitStatus == 1)
        #expect(!strict.succeeded)
        #expect(strict.diagnostics.allSatisfy { $0.isError })
    }

    /// The minimal site with 44 more stale runbooks: 45 warnings W0501, and one about an action item.
    func staleSite() throws -> Fixture {
        let stale = (1...44).map { "-- runbooks/stale-\($0).md --\n---\ntitle: Stale \($0)\nowner: core\nservices: [db]\nlast_reviewed: 2026-01-01\n---\nOld.\n" }
        return try Fixture(minimalSite + "\n" + stale.joined())
    }

    /// Runs the built `almanac` to its end: its exit status, standard output and standard error.
    func almanac(_ arguments: [String], in site: Fixture) throws -> (status: Int32, out: String, err: String) {
        let out = site.root.appendingPathComponent("stdout-\(UUID().uuidString)"), err = site.root.appendingPathComponent("stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FaultTests.almanac)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }

    @Test("almanac check and build print 20 warnings of a code and one line for the rest; --all-warnings prints all")
    func warningsOnTheCommandLine() throws {
        guard FaultTests.available() else { return }
        let site = try staleSite()
        defer { site.cleanUp() }
        let check = ["check", "--content", site.content, "--as-of", "2026-11-25"]
        let summed = try almanac(check, in: site)
        #expect(summed.status == 0)
        #expect(occurrences("warning[W0501]", in: summed.err) == 20)
        #expect(summed.err.contains("\n… and 25 more W0501 warnings (a runbook is past its review date); see them all with --all-warnings or --format json\n"))
        #expect(summed.err.hasSuffix(" documents: no errors, 46 warnings\n"), "the count is of every warning")
        let all = try almanac(check + ["--all-warnings"], in: site)
        #expect(occurrences("warning[W0501]", in: all.err) == 45)
        #expect(!all.err.contains("… and"))
        let json = try almanac(check + ["--format", "json"], in: site)
        #expect(occurrences("\"code\": \"W0501\"", in: json.out) == 45)
        let build = try almanac(FaultTests.build(site.content, site.output, ["--timings"]), in: site)
        #expect(build.status == 0)
        #expect(occurrences("warning[W0501]", in: build.err) == 20 && build.err.contains("… and 25 more W0501 warnings"))
        #expect(build.err.contains("\n  print    "), "--timings has a line for printing the diagnostics")
        #expect(build.err.contains("(46 warnings)"))
    }

    @Test("configuration and theme errors exit with 2")
    func operatorErrors() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let noTheme = Build(BuildOptions(content: site.content, theme: site.root.path + "/none", output: site.output)).run()
        #expect(noTheme.exitStatus == 2)
    }
}

@Suite("Explanations")
struct ExplanationTests {
    @Test("every code has a long explanation with an example and a fix")
    func everyCode() {
        for code in Code.all {
            let e = code.explanation
            #expect(e.summary.count > 40, "\(code.id)")
            #expect(!e.example.isEmpty && !e.fix.isEmpty, "\(code.id)")
        }
        #expect(Set(Code.all.map(\.id)).count == Code.all.count, "codes are unique")
    }

    @Test("docs/diagnostics.md is what `almanac explain --markdown` prints")
    func docsInSync() throws {
        let path = Fixture.repository.appendingPathComponent("docs/diagnostics.md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == DiagnosticsDocument.markdown(), "regenerate with: .build/debug/almanac explain --markdown > docs/diagnostics.md")
    }

    @Test("JSON strings escape quotes, backslashes, control characters, <, >, & and the JavaScript line ends, and keep the rest")
    func jsonQuote() {
        var out = ""
        JSON.quote("a\"b\\c\n\r\t\u{01}\u{1F}<x>&é\u{2028}\u{2029}\u{2027}€🙂", into: &out)
        #expect(out == #""a\"b\\c\n\r\t\u0001\u001f\u003cx\u003e\u0026é\u2028\u2029\#u{2027}€🙂""#)
        var empty = ""
        JSON.quote("", into: &empty)
        #expect(empty == "\"\"")
        // A lead byte of U+2028 at the very end, or cut short, is text like any other.
        for text in ["\u{2028}", "x\u{2029}", "€", "a€", "\u{2020}", String(repeating: "é&", count: 50)] {
            var out = ""
            JSON.quote(text, into: &out)
            let expected = "\"" + text.replacingOccurrences(of: "&", with: "\\u0026")
                .replacingOccurrences(of: "\u{2028}", with: "\\u2028").replacingOccurrences(of: "\u{2029}", with: "\\u2029") + "\""
            #expect(out == expected, "\(text)")
        }
    }

    @Test("JSON is written with two-space indentation and a final newline, or compact on one line, keys in order")
    func jsonLayout() {
        let value = JSON.object([("b", .array([.int(1), .number(2.5), .null])), ("a", .object([("x", .bool(true)), ("e", .array([])), ("o", .object([]))])), ("s", .string("t"))])
        #expect(value.serialized() == """
            {
              "b": [
                1,
                2.5,
                null
              ],
              "a": {
                "x": true,
                "e": [],
                "o": {}
              },
              "s": "t"
            }

            """)
        #expect(value.serialized(pretty: false) == #"{"b":[1,2.5,null],"a":{"x":true,"e":[],"o":{}},"s":"t"}"#)
        #expect(value.bytes() == Array(value.serialized().utf8))
        #expect(JSON.number(3).serialized(pretty: false) == "3")
    }

}
