import Diagnostics
import Foundation
import Model
import Testing
@testable import Site

@Suite("CSV reader")
struct CSVTableTests {
    /// Each record's fields' texts.
    func texts(_ table: CSVTable) -> [[String]] { table.records.map { $0.fields.map(\.text) } }
    /// Each record's fields' `line:column`.
    func places(_ table: CSVTable) -> [[String]] { table.records.map { $0.fields.map { "\($0.line):\($0.column)" } } }
    func problems(_ table: CSVTable) -> [String] { table.problems.map { "\($0.kind) \($0.line):\($0.column) in \($0.record)" } }

    @Test("plain fields, with their lines and columns")
    func plain() {
        let table = CSVTable(parsing: "variant,metric,units\ncontrol,clicks,100\n")
        #expect(texts(table) == [["variant", "metric", "units"], ["control", "clicks", "100"]])
        #expect(places(table) == [["1:1", "1:9", "1:16"], ["2:1", "2:9", "2:16"]])
        #expect(table.records[1].fields.map(\.length) == [7, 6, 3])
        #expect(table.problems.isEmpty)
    }

    @Test("quoted fields: commas, doubled quotes and line breaks inside, columns at the opening quote")
    func quoted() {
        let table = CSVTable(parsing: "a,\"b, c\",\"say \"\"hi\"\"\",\"two\nlines\",e\nf,\"\",g\n")
        #expect(texts(table) == [["a", "b, c", "say \"hi\"", "two\nlines", "e"], ["f", "", "g"]])
        #expect(places(table) == [["1:1", "1:3", "1:10", "1:23", "2:8"], ["3:1", "3:3", "3:6"]])
        #expect(table.records[0].fields.map(\.quoted) == [false, true, true, true, false])
        #expect(table.records[0].fields[1].length == 6, "the quotes count in the span")
        #expect(table.records[1].fields[1].quoted && table.records[1].fields[1].text.isEmpty)
        #expect(table.problems.isEmpty)
    }

    @Test("CRLF, LF and a lone CR end records alike; the final line break is optional")
    func lineBreaks() {
        let expected = [["a", "b"], ["c", "d"], ["e", "f"]]
        for text in ["a,b\r\nc,d\r\ne,f\r\n", "a,b\nc,d\ne,f\n", "a,b\rc,d\re,f", "a,b\r\nc,d\ne,f", "a,b\nc,d\ne,f"] {
            let table = CSVTable(parsing: text)
            #expect(texts(table) == expected, "\(text.debugDescription)")
            #expect(places(table) == [["1:1", "1:3"], ["2:1", "2:3"], ["3:1", "3:3"]], "\(text.debugDescription)")
            #expect(table.problems.isEmpty)
        }
        // A CRLF inside quotes is kept as written and counts as one line.
        let quoted = CSVTable(parsing: "\"x\r\ny\",z\r\nw\r\n")
        #expect(texts(quoted) == [["x\r\ny", "z"], ["w"]])
        #expect(places(quoted) == [["1:1", "2:4"], ["3:1"]])
    }

    @Test("a UTF-8 byte order mark is skipped and does not shift columns")
    func byteOrderMark() {
        let table = CSVTable(parsing: "\u{FEFF}variant,metric\ncontrol,clicks\n")
        #expect(texts(table) == [["variant", "metric"], ["control", "clicks"]])
        #expect(places(table)[0] == ["1:1", "1:9"])
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a,b\n".utf8)
        #expect(texts(CSVTable(parsing: String(decoding: bytes, as: UTF8.self))) == [["a", "b"]])
    }

    @Test("empty fields are kept; blank lines and an empty text give no records")
    func emptyFields() {
        let table = CSVTable(parsing: "a,,b,\n\n,\n,,,\n\n")
        #expect(texts(table) == [["a", "", "b", ""], ["", ""], ["", "", "", ""]])
        #expect(places(table) == [["1:1", "1:3", "1:4", "1:6"], ["3:1", "3:2"], ["4:1", "4:2", "4:3", "4:4"]])
        #expect(table.records[0].fields[1].length == 1, "an empty field still has a caret")
        #expect(table.records[0].endLine == 1 && table.records[0].endColumn == 6)
        #expect(CSVTable(parsing: "").records.isEmpty)
        #expect(CSVTable(parsing: "\u{FEFF}").records.isEmpty)
        #expect(CSVTable(parsing: "\n\r\n").records.isEmpty)
    }

    @Test("columns count characters, not bytes")
    func characters() {
        let table = CSVTable(parsing: "café,naïve,x\n")
        #expect(places(table) == [["1:1", "1:6", "1:12"]])
    }

    @Test("broken quoting is a located problem, and reading goes on")
    func brokenQuoting() {
        let after = CSVTable(parsing: "a,\"b\"c,d\ne,f\n")
        #expect(problems(after) == ["textAfterQuote 1:6 in 0"])
        #expect(texts(after) == [["a", "bc", "d"], ["e", "f"]])
        #expect(after.records.map(\.broken) == [true, false])

        let inside = CSVTable(parsing: "a,b\"c\"\nd\n")
        #expect(problems(inside) == ["quoteInUnquotedField 1:4 in 0"])
        #expect(texts(inside) == [["a", "b\"c\""], ["d"]])

        let unclosed = CSVTable(parsing: "a,b\nc,\"d,e\nf,g\n")
        #expect(problems(unclosed) == ["unclosedQuote 2:3 in 1"])
        #expect(texts(unclosed) == [["a", "b"], ["c", "d,e\nf,g\n"]])
        #expect(unclosed.records.map(\.broken) == [false, true])
    }
}

@Suite("Experiment results files")
struct ResultsFileTests {
    static let experiment = """
        ---
        title: Checkout
        owner: core
        status: running
        hypothesis: A single button raises completed checkouts.
        surface: checkout
        start: 2026-10-01
        daily_traffic: 10000
        variants:
          - { name: control, weight: 50, control: true }
          - { name: one-click, weight: 50 }
        primary_metric: { name: checkout_completed, kind: proportion, baseline: 0.4, expected_lift: 0.05, direction: increase }
        guardrails:
          - { metric: order_value, kind: mean, max_regression: 0.02, bad_direction: decrease }
        """

    static let csv = """
        variant,metric,units,conversions,mean,sd
        control,checkout_completed,20000,8000,,
        control,order_value,20000,,54.2,31.5
        "one-click",checkout_completed,20000,8400,,
        one-click,order_value,20000,,55.1,3.2e1
        """

    static let inline = """
        results:
          as_of: 2026-10-20
          variants:
            control:
              units: 20000
              metrics:
                checkout_completed: { conversions: 8000 }
                order_value: { mean: 54.2, sd: 31.5 }
            one-click:
              units: 20000
              metrics:
                checkout_completed: { conversions: 8400 }
                order_value: { mean: 55.1, sd: 32 }
        """

    /// A site of minimalSite with `checkout` reading its results from a file and `checkout-inline` writing the
    /// same figures inline (on another surface, so that they do not overlap).
    static func site(csv: String = csv, resultsFile: String = "experiments/data/checkout.csv") throws -> Fixture {
        try Fixture(minimalSite + """

            -- experiments/checkout.md --
            \(experiment)
            results_file: \(resultsFile)
            ---
            -- experiments/checkout-inline.md --
            \(experiment.replacingOccurrences(of: "surface: checkout", with: "surface: basket"))
            \(inline)
            ---
            -- experiments/data/checkout.csv --
            \(csv)
            """)
    }

    /// Results as comparable values: units by variant, and figures by variant and metric.
    func normalized(_ r: Experiment.Results) -> (units: [String: Int], figures: [String: Experiment.Observation]) {
        var units: [String: Int] = [:], figures: [String: Experiment.Observation] = [:]
        for v in r.variants {
            units[v.name] = v.units
            for m in v.metrics { figures[v.name + "/" + m.name] = m.value }
        }
        return (units, figures)
    }

    func experiment(_ base: KnowledgeBase, _ slug: String) -> Experiment? {
        if case .experiment(let e)? = base.document(id: "experiment/" + slug)?.details { return e }
        return nil
    }

    @Test("a results file builds, and later steps see its figures as if they were written inline")
    func sameAsInline() throws {
        let site = try Self.site()
        defer { site.cleanUp() }
        let result = site.build()
        #expect(result.succeeded, "\(result.report)")
        #expect(result.errors.isEmpty)

        let build = Build(BuildOptions(content: site.content, theme: Fixture.theme, output: site.output, asOf: Fixture.day))
        let loaded = try #require(build.load(theme: false))
        #expect(loaded.dataFiles.keys.sorted() == ["experiments/data/checkout.csv"])
        let documents = build.validate(build.parse(loaded), schemas: loaded.schemas).compactMap(\.document)
        let base = build.link(documents, config: try #require(loaded.config), assets: [])
        let fromFile = try #require(experiment(base, "checkout"))
        let written = try #require(experiment(base, "checkout-inline"))
        let a = try #require(fromFile.results), b = try #require(written.results)
        #expect(normalized(a).units == normalized(b).units)
        #expect(normalized(a).figures == normalized(b).figures)
        let observed = try #require(normalized(a).figures["one-click/order_value"])
        #expect(observed.conversions == nil && observed.mean == 55.1 && observed.sd == 32)
        #expect(a.variants.map(\.name) == ["control", "one-click"], "variants in the order of the file")
        #expect(a.variants[0].metrics.map(\.name) == ["checkout_completed", "order_value"])
        #expect(a.asOf == nil && b.asOf == Day("2026-10-20"))
        #expect(fromFile.resultsFile == "experiments/data/checkout.csv", "the page can say where the figures came from")

        let page = try #require(site.read("experiments/checkout/index.html"))
        #expect(page.contains("<a href=\"/experiments/data/checkout.csv\">checkout.csv (CSV)</a>"), "the page links the file for download")
        #expect(site.read("experiments/data/checkout.csv") == (try String(contentsOfFile: site.content + "/experiments/data/checkout.csv", encoding: .utf8)),
                "the file is copied into the site as it is")
        #expect(page.contains("55.1"), "the results table shows the file's figures")
        // order_value is a guardrail whose bad direction is decrease: its significant rise is good, in words and colour.
        #expect(page.contains("<span class=\"badge badge-better\">significantly higher, better</span>"), "\(page)")
        #expect(page.contains("chart-row chart-row-better\"><title>one-click · order_value") || page.contains("chart-row chart-row-better\"><title>order_value"))
    }

    @Test("a results file with CRLF line ends, a byte order mark and no final line break reads the same")
    func exportQuirks() throws {
        let quirky = "\u{FEFF}" + Self.csv.replacingOccurrences(of: "\n", with: "\r\n")
        let e = try #require(try Self.decodedExperiment())
        let (plain, p1) = ResultsFile.read(Self.csv, path: "experiments/data/checkout.csv", for: e)
        let (other, p2) = ResultsFile.read(quirky, path: "experiments/data/checkout.csv", for: e)
        #expect(p1.isEmpty && p2.isEmpty, "\(p1) \(p2)")
        let a = try #require(plain), b = try #require(other)
        #expect(normalized(a).figures == normalized(b).figures)
        #expect(normalized(a).units == normalized(b).units)
    }

    /// The experiment of `experiment`, decoded through a build's parse step.
    static func decodedExperiment() throws -> Experiment? {
        let site = try Fixture(minimalSite + "\n-- experiments/checkout.md --\n" + experiment + "\n---\n")
        defer { site.cleanUp() }
        let build = Build(BuildOptions(content: site.content, theme: Fixture.theme, output: site.output, asOf: Fixture.day))
        let loaded = try #require(build.load(theme: false))
        let document = build.parse(loaded).compactMap(\.document).first { $0.id == "experiment/checkout" }
        if case .experiment(let e)? = document?.details { return e }
        return nil
    }

    @Test("every problem of a file is reported in one run, at its line and column")
    func allProblemsAtOnce() throws {
        let e = try #require(try Self.decodedExperiment())
        let text = """
            variant,metric,units,conversions,mean,sd
            control,checkout_completed,20000,8000,,
            control,order_value,20000,,x,31.5
            one-click,checkout_completed,20000,,,
            one-clik,order_value,20000,,55.1,-1
            one-click,checkout_completed,20000,8400,,
            one-click,bounce,20000,12
            """
        let (results, problems) = ResultsFile.read(text, path: "experiments/data/checkout.csv", for: e)
        #expect(results == nil, "no figures from a file with errors")
        let found = problems.map { "\($0.code.id) \($0.location!.line):\($0.location!.column)" }
        #expect(found == [
            "E0419 3:28",   // mean `x`
            "E0419 4:36",   // conversions empty for a proportion
            "E0419 5:34",   // sd negative
            "E0418 6:1",    // second row for one-click, checkout_completed
            "E0418 7:26",   // 4 fields
            "E0417 5:1",    // one-clik
        ], "\(problems.map(\.message))")
        #expect(problems.allSatisfy { $0.location?.file == "experiments/data/checkout.csv" })
    }

    @Test("optional columns: segments and CUPED figures are read; a kind's figures in other columns, or a missing one, are reported")
    func optionalColumns() throws {
        let e = try #require(try Self.decodedExperiment())
        let text = """
            variant,metric,units,conversions,mean,sd,segment,pre_mean,pre_sd,covariance
            control,checkout_completed,20000,8000,,,,,,
            control,order_value,20000,,54.2,31.5,,50.1,30.2,600
            one-click,checkout_completed,20000,8400,,,,,,
            one-click,order_value,20000,,55.1,32,,50.3,30.0,610
            control,checkout_completed,12000,4900,,,device=web,,,
            one-click,checkout_completed,12100,5100,,,device=web,,,
            control,checkout_completed,8000,3100,,,device=ios,,,
            one-click,checkout_completed,7900,3300,,,device=ios,,,
            """
        let (results, problems) = ResultsFile.read(text, path: "r.csv", for: e)
        #expect(problems.isEmpty, "\(problems.map(\.message))")
        let r = try #require(results)
        #expect(r.variants.map(\.name) == ["control", "one-click"] && r.variants.map(\.units) == [20000, 20000])
        let order = try #require(r.variants[0].metrics.first { $0.name == "order_value" }?.value)
        #expect(order.preMean == 50.1 && order.preSd == 30.2 && order.covariance == 600)
        #expect(r.segments.map(\.name) == ["device=web", "device=ios"])
        #expect(r.segments[0].variants.map(\.units) == [12000, 12100] && r.segments[0].location.line == 6 && r.segments[0].location.column == 41)

        let wrong = """
            variant,metric,units,conversions,mean,sd,segment,estimate
            control,checkout_completed,20000,8000,,,web,
            control,order_value,20000,,54.2,31.5,,410
            """
        let found = ResultsFile.read(wrong, path: "r.csv", for: e).1.map { "\($0.code.id) \($0.location!.line):\($0.location!.column) \($0.message)" }
        #expect(found.contains("E0418 2:41 the segment `web` is not `dimension=value`"), "\(found)")
        #expect(found.contains("E0418 3:39 `estimate` must be empty for `order_value`, a mean"), "\(found)")
    }

    @Test("a header that is not the content model's says which column is wrong")
    func header() throws {
        let e = try #require(try Self.decodedExperiment())
        func first(_ header: String) -> (String, String) {
            let (_, problems) = ResultsFile.read(header + "\ncontrol,checkout_completed,1,1,,\n", path: "r.csv", for: e)
            let d = problems.first
            return (d.map { "\($0.code.id) \($0.location!.line):\($0.location!.column)" } ?? "none", d?.message ?? "")
        }
        #expect(first("variant,metric,units,conversions,mean") == ("E0418 1:38", "the header lacks the column `sd`"))
        #expect(first("variant,metric,units,mean,sd") == ("E0418 1:22", "the header lacks the column `conversions` (column 4)"))
        #expect(first("Variant,metric,units,conversions,mean,sd") == ("E0418 1:1", "column 1 of the header is `Variant`, not `variant`"))
        #expect(first("variant,metric,units,conversions,sd,mean").1 == "the header's columns are out of order: column 5 is `sd`, not `mean`")
        #expect(first("variant,metric,units,conversions,mean,sd,note").1 == "the header has an unknown column `note`")
        #expect(first("").0 == "E0418 2:1", "a blank first line is skipped: the first row is read as the header")
        #expect(first("variant,metric,units,conversions,mean,sd").0 == "none")
    }

    @Test("a missing results file is reported at `results_file`, with the files that exist and the nearest name")
    func missingFile() throws {
        let site = try Self.site(resultsFile: "experiments/data/checkuot.csv")
        defer { site.cleanUp() }
        let result = site.build()
        #expect(!result.succeeded)
        #expect(!FileManager.default.fileExists(atPath: site.output), "nothing written for a failed build")
        let d = try #require(result.diagnostics(.resultsFileFormat).first)
        #expect(d.location?.file.hasSuffix("experiments/checkout.md") == true)
        #expect(d.location?.line == 15 && d.location?.column == 15)
        #expect(d.help == "did you mean `experiments/data/checkout.csv`? The CSV file under `experiments/data/`: `experiments/data/checkout.csv`")
    }

    @Test("a bad results file fails the build like any content error, without writing the output")
    func failsTheBuild() throws {
        let site = try Self.site(csv: Self.csv.replacingOccurrences(of: "20000,8400", with: "20000,84OO"))
        defer { site.cleanUp() }
        let result = site.build()
        #expect(!result.succeeded)
        #expect(result.exitStatus == 1)
        #expect(result.errors.map(\.code) == [.resultsFileNumber])
        #expect(result.errors.first?.location?.file.hasSuffix("experiments/data/checkout.csv") == true)
        #expect(result.sources.keys.contains { $0.hasSuffix("experiments/data/checkout.csv") }, "the report can quote the CSV line")
        #expect(!FileManager.default.fileExists(atPath: site.output))
    }
}
