// The entry points that read writers' files, as the fuzzer drives them (Fuzz/, scripts/fuzz) and as the replay
// test runs the fixtures it found (Tests/Fixtures/fuzz/<target>/). Fuzz/Sources/AlmanacFuzz links this file.
import Diagnostics
import Diagrams
import Foundation
import FrontMatter
import Markdown
import Model
import Schema

enum FuzzTargets {
    static let names = ["frontmatter", "markdown", "csv", "dot", "graphml", "schema", "config"]

    /// Runs target `name` on `text`; returns how many diagnostics (or problems) it reported, so that the work is used.
    static func run(_ name: String, _ text: String) -> Int {
        switch name {
        case "frontmatter": frontMatter(text)
        case "markdown": markdown(text)
        case "csv": csv(text)
        case "dot": graph(text, .dot)
        case "graphml": graph(text, .graphml)
        case "schema": schema(text)
        case "config": SiteConfig.parse(text, file: "almanac.yaml").1.count
        default: fatalError("unknown fuzz target `\(name)`; the targets: \(names.joined(separator: ", "))")
        }
    }

    /// The built-in schemas, for validating fuzzed front matter as a build does.
    private static let schemas = SchemaSet.load(extensions: "/nonexistent", display: "_schemas").0

    /// Front-matter splitting, YAML to positioned values, schema validation and typed decoding (a postmortem:
    /// the kind with the most fields), then the body's Markdown: `Document.parse`, as the build's parse step calls it.
    static func frontMatter(_ text: String) -> Int {
        let schema = schemas.schemas[.postmortem]
        let (document, diagnostics) = Document.parse(path: "postmortems/fuzz.md", kind: .postmortem, slug: "fuzz", text: text,
                                                     markdown: .init(), validate: schema.map { s in { s.diagnostics($0) } })
        return diagnostics.count + (document?.body.links.count ?? 0)
    }

    /// Markdown parsing, link collection and rewriting, HTML rendering and search text.
    static func markdown(_ text: String) -> Int {
        let document = MarkdownDocument(parsing: text, options: .init(allowRawHTML: text.utf8.first.map { $0 & 1 == 1 } ?? false))
        let html = document.renderHTML { $0.destination.hasSuffix(".md") ? String($0.destination.dropLast(3)) + "/" : nil }
        return document.links.count + document.headings.count + html.utf8.count
            + document.searchText(limit: 2_000).utf8.count + document.plainText().utf8.count
    }

    /// An experiment of the example content, whose results file the fuzzed CSV is.
    private static let experiment: Experiment? = {
        let text = """
            ---
            title: Fuzz
            summary: The experiment whose results file is fuzzed.
            owner: fuzz
            status: concluded
            hypothesis: h
            flag: fuzz
            surface: s
            layer: l
            start: 2026-09-30
            end: 2026-10-21
            allocation: 100
            daily_traffic: 3800
            variants:
              - { name: control, weight: 50, control: true }
              - { name: checklist, weight: 50 }
            primary_metric: { name: first_post_approved_unedited, kind: proportion, baseline: 0.62, expected_lift: 0.03, direction: increase }
            guardrails:
              - { metric: posts_per_author, kind: mean, max_regression: 0.05, bad_direction: decrease }
            results_file: experiments/data/fuzz.csv
            ---
            """
        let document = Document.parse(path: "experiments/fuzz.md", kind: .experiment, slug: "fuzz", text: text, markdown: .init()).0
        if case .experiment(let e)? = document?.details { return e }
        return nil
    }()

    /// A results CSV: the table reader, then the figures of the experiment above.
    static func csv(_ text: String) -> Int {
        guard let experiment else { fatalError("the fuzz experiment does not decode") }
        let table = CSVTable(parsing: text)
        let (results, diagnostics) = ResultsFile.read(text, path: "experiments/data/fuzz.csv", for: experiment)
        return table.records.count + table.problems.count + diagnostics.count + (results == nil ? 0 : 1)
    }

    /// The DOT or GraphML reader (`almanac layout`'s input).
    static func graph(_ text: String, _ format: GraphInputFormat) -> Int {
        do {
            let document = try GraphDocument.read(text, format: format)
            return document.labels.count + document.warnings.count
        } catch {
            return error.described(file: "fuzz").utf8.count
        }
    }

    /// A JSON Schema extension file: the strict JSON parser, then what SchemaSet.load does with `_schemas/<kind>.schema.json`
    /// (merged into the built-in schema and compiled), then the file's own schema compiled and run on the file itself.
    static func schema(_ text: String) -> Int {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("almanac-fuzz-schema-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard FileManager.default.createFile(atPath: folder + "/team.schema.json", contents: Data(text.utf8)) else {
            fatalError("cannot write into \(folder)")
        }
        var count = SchemaSet.load(extensions: folder, display: "_schemas").1.count
        if let value = try? Value(json: text, file: "fuzz.schema.json"), let own = try? JSONSchema(value) {
            count += own.validate(value).count
        }
        return count
    }
}
