import Diagnostics
import FrontMatter

/// A table read from CSV text as RFC 4180 describes it, every field with the place it was written.
///
/// Fields are separated by commas and records by line breaks (CRLF, LF, or a lone CR). A field that starts with a
/// double quote is quoted: it ends at the next lone quote, a doubled quote `""` stands for one quote, and it may
/// hold commas and line breaks. The last record may end with a line break or not; a UTF-8 byte order mark at the
/// start is skipped; lines with nothing on them are skipped. Lines and columns are 1-based, columns counted in
/// characters (Unicode scalars, as `SourceLocation` counts them), quotes included: a quoted field's column is
/// that of its opening quote. Never fails: what breaks the format comes back in `problems`, and reading goes on.
public struct CSVTable: Sendable, Hashable {
    public struct Field: Sendable, Hashable {
        /// The field's value: without the enclosing quotes, a doubled quote read as one.
        public var text: String
        public var line: Int
        public var column: Int
        /// The columns the field covers on its first line, quotes included (at least 1, for an empty field).
        public var length: Int
        public var quoted: Bool
    }

    public struct Record: Sendable, Hashable {
        public var fields: [Field]
        /// The line the record starts on.
        public var line: Int { fields.first?.line ?? 1 }
        /// Where the record ends: the line and column just after its last character (where a missing field would go).
        public var endLine: Int
        public var endColumn: Int
        /// True when a problem of quoting was found in this record: its fields may not be what the writer meant.
        public var broken: Bool
    }

    public struct Problem: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            /// A quoted field that the end of the text closes, not a quote.
            case unclosedQuote
            /// Text between a quoted field's closing quote and the next comma or line break.
            case textAfterQuote
            /// A double quote inside a field that does not start with one.
            case quoteInUnquotedField
        }
        public var kind: Kind
        public var line: Int
        public var column: Int
        /// The index of the record it belongs to, in `records`.
        public var record: Int
    }

    public var records: [Record]
    public var problems: [Problem]

    public init(parsing text: String) {
        let s = Array(text.unicodeScalars)
        let n = s.count
        var i = 0
        if n > 0, s[0] == "\u{FEFF}" { i = 1 }
        var line = 1, column = 1
        var records: [Record] = []
        var problems: [Problem] = []
        var fields: [Field] = []
        var broken = false

        func isBreak(_ c: Unicode.Scalar) -> Bool { c == "\n" || c == "\r" }

        guard i < n else {
            self.records = []
            self.problems = []
            return
        }
        while true {
            // At the start of a field.
            let startLine = line, startColumn = column
            var value = String.UnicodeScalarView()
            var quoted = false
            var length = 0
            if i < n, s[i] == "\"" {
                quoted = true
                i += 1; column += 1
                var closed = false
                while i < n {
                    let c = s[i]
                    if c == "\"" {
                        if i + 1 < n, s[i + 1] == "\"" {
                            value.append("\"")
                            i += 2; column += 2
                            continue
                        }
                        i += 1; column += 1
                        closed = true
                        break
                    }
                    if isBreak(c) {
                        value.append(c)
                        i += 1
                        if c == "\r", i < n, s[i] == "\n" { value.append("\n"); i += 1 }
                        line += 1; column = 1
                        continue
                    }
                    value.append(c)
                    i += 1; column += 1
                }
                length = line == startLine ? column - startColumn : 1
                if !closed {
                    problems.append(Problem(kind: .unclosedQuote, line: startLine, column: startColumn, record: records.count))
                    broken = true
                } else if i < n, s[i] != ",", !isBreak(s[i]) {
                    problems.append(Problem(kind: .textAfterQuote, line: line, column: column, record: records.count))
                    broken = true
                    while i < n, s[i] != ",", !isBreak(s[i]) {
                        value.append(s[i])
                        i += 1; column += 1
                    }
                    length = line == startLine ? column - startColumn : 1
                }
            } else {
                var reported = false
                while i < n, s[i] != ",", !isBreak(s[i]) {
                    if s[i] == "\"", !reported {
                        problems.append(Problem(kind: .quoteInUnquotedField, line: line, column: column, record: records.count))
                        broken = true
                        reported = true
                    }
                    value.append(s[i])
                    i += 1; column += 1
                }
                length = column - startColumn
            }
            fields.append(Field(text: String(value), line: startLine, column: startColumn, length: max(1, length), quoted: quoted))

            if i < n, s[i] == "," {
                i += 1; column += 1
                continue
            }
            // The end of a record: a line break or the end of the text.
            let blank = fields.count == 1 && fields[0].text.isEmpty && !fields[0].quoted
            if !blank {
                records.append(Record(fields: fields, endLine: line, endColumn: column, broken: broken))
            }
            fields = []
            broken = false
            guard i < n else { break }
            let c = s[i]
            i += 1
            if c == "\r", i < n, s[i] == "\n" { i += 1 }
            line += 1; column = 1
            guard i < n else { break }
        }
        self.records = records
        self.problems = problems
    }
}

/// An experiment's `results_file`: a CSV under `experiments/data/` with the header
/// `variant,metric,units,conversions,mean,sd` and one row per variant and metric, read into the same
/// `Experiment.Results` as inline `results` (without `as_of`). Every problem is located in the CSV file.
public enum ResultsFile {
    /// The folder results files live in, relative to the content folder.
    public static let folder = "experiments/data/"
    public static let header = ["variant", "metric", "units", "conversions", "mean", "sd"]
    static let headerLine = header.joined(separator: ",")
    /// Columns a file may add after the six, in any order: the segment of a row (`dimension=value`, empty for all
    /// units), CUPED's pre-experiment figures of a mean, a ratio's numerator and denominator, a quantile's estimate.
    public static let optionalColumns = ["segment", "pre_mean", "pre_sd", "covariance", "numerator_mean", "numerator_sd",
                                         "denominator_mean", "denominator_sd", "estimate", "lower", "upper", "events", "n_star"]

    /// Reads the results file of an experiment document, if it names one, and returns the document with the
    /// file's figures as its experiment's `results` (its `results_file` kept, so pages can say where the figures
    /// came from). `files` maps the path of each CSV under `experiments/data/` (relative to the content folder)
    /// to its text. When the file has an error the document is returned as it was, with the diagnostics.
    public static func attach(to document: Document, files: [String: String]) -> (Document, [Diagnostic]) {
        guard case .experiment(var e) = document.details, let path = e.resultsFile else { return (document, []) }
        let at = e.resultsFileLocation ?? document.frontMatter.location
        if let inline = document.frontMatter.entries?.first(where: { $0.key == "results" }) {
            return (document, [Diagnostic(
                .resultsFileFormat, "an experiment has either `results` or `results_file`, not both", at: at,
                expected: "one source of results", found: "`results` (line \(inline.keyLocation.line)) and `results_file`",
                help: "remove the inline `results`, or remove `results_file`")])
        }
        if let problem = checkPath(path, at: at, files: files) { return (document, [problem]) }
        guard let text = files[path] else {
            return (document, [missing(path, at: at, files: files)])
        }
        let (results, problems) = read(text, path: path, for: e, frontMatter: document.frontMatter)
        guard let results, !problems.hasErrors else { return (document, problems) }
        e.results = results
        return (document.replacingDetails(.experiment(e)), problems)
    }

    /// A path that cannot name a results file: outside `experiments/data/` or not a `.csv`.
    static func checkPath(_ path: String, at: SourceLocation, files: [String: String]) -> Diagnostic? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let rest = path.hasPrefix(folder) ? String(path.dropFirst(folder.count)) : nil
        if rest == nil || rest!.isEmpty || rest!.contains("/") || path.split(separator: "/").contains("..") {
            let guess = folder + name
            return Diagnostic(
                .resultsFileFormat, "`results_file` must name a file directly under `experiments/data/`", at: at,
                expected: "a path relative to the content folder, such as `experiments/data/\(name.hasSuffix(".csv") ? name : "results.csv")`",
                found: "`\(path)`",
                help: files[guess] != nil ? "did you mean `\(guess)`?"
                    : "paths are relative to the content folder, not to the experiment's file; put the CSV in `experiments/data/`")
        }
        if !name.hasSuffix(".csv") {
            return Diagnostic(
                .resultsFileFormat, "`results_file` must name a `.csv` file", at: at,
                expected: "a CSV file, such as `experiments/data/\(name.split(separator: ".").first.map(String.init) ?? name).csv`",
                found: "`\(path)`",
                help: "export the results as CSV with the header `\(headerLine)`")
        }
        return nil
    }

    static func missing(_ path: String, at: SourceLocation, files: [String: String]) -> Diagnostic {
        let existing = files.keys.sorted()
        var help: String
        if existing.isEmpty {
            help = "there is no CSV file under `experiments/data/`; export the results there"
        } else {
            let listed = existing.prefix(8).map { "`\($0)`" }.joined(separator: ", ") + (existing.count > 8 ? ", ..." : "")
            let near = Suggestions.nearest(to: path, in: existing, limit: 1).first
            help = (near.map { "did you mean `\($0)`? The" } ?? "the")
                + " CSV file\(existing.count == 1 ? "" : "s") under `experiments/data/`: " + listed
        }
        return Diagnostic(.resultsFileFormat, "the results file `\(path)` does not exist", at: at,
                          expected: "a CSV file at `\(path)` in the content folder", found: "no such file", help: help)
    }

    /// Reads the text of a results file for experiment `e`. `path` is the file's path relative to the content
    /// folder, for the diagnostics; `frontMatter`, when given, locates notes at the experiment's design. The
    /// results are nil when an error was found: a build never works with half-read figures.
    public static func read(_ text: String, path: String, for e: Experiment, frontMatter: Value? = nil) -> (Experiment.Results?, [Diagnostic]) {
        let table = CSVTable(parsing: text)
        var out: [Diagnostic] = []
        func at(_ f: CSVTable.Field) -> SourceLocation { SourceLocation(file: path, line: f.line, column: f.column, length: f.length) }
        func end(_ r: CSVTable.Record) -> SourceLocation { SourceLocation(file: path, line: r.endLine, column: r.endColumn) }

        for problem in table.problems {
            let place = SourceLocation(file: path, line: problem.line, column: problem.column)
            switch problem.kind {
            case .unclosedQuote:
                out.append(Diagnostic(.resultsFileFormat, "this quoted field is never closed", at: place,
                                      expected: "a closing `\"` before the next comma or line break", found: "the end of the file",
                                      help: "add the closing quote; a quote inside a quoted field is written twice: `\"\"`"))
            case .textAfterQuote:
                out.append(Diagnostic(.resultsFileFormat, "text follows the closing quote of a field", at: place,
                                      expected: "a comma or the end of the line after the closing `\"`", found: "more text",
                                      help: "quote the whole field, and write a quote inside it twice: `\"a \"\"b\"\" c\"`"))
            case .quoteInUnquotedField:
                out.append(Diagnostic(.resultsFileFormat, "a quote inside a field that is not quoted", at: place,
                                      expected: "a field quoted as a whole, such as `\"a \"\"b\"\"\"`", found: "`\"`",
                                      help: "quote the whole field and write the quote twice, or remove it"))
            }
        }

        guard let headerRecord = table.records.first else {
            out.append(Diagnostic(.resultsFileFormat, "the results file is empty", at: SourceLocation(file: path, line: 1, column: 1),
                                  expected: "the header `\(headerLine)`, then one row per variant and metric", found: "no lines",
                                  help: "export the results again, with the header"))
            return (nil, out)
        }
        guard let columns = readHeader(headerRecord, path: path, into: &out) else { return (nil, out) }

        let kinds = metricKinds(e)
        var results: [(name: String, units: Int?, metrics: [(name: String, value: Experiment.Observation)])] = []
        /// The segment of each of `results` ("" for all units), and where it is first written.
        var segmentOf: [(String, SourceLocation?)] = []
        var index: [String: Int] = [:]
        var firstUnits: [String: (Int, CSVTable.Field)] = [:]
        var seenPairs: [String: CSVTable.Field] = [:]
        var namedVariants: [(String, SourceLocation)] = []
        var namedMetrics: [(String, SourceLocation)] = []

        var mentioned: Set<String> = []
        for record in table.records.dropFirst() {
            let fields = record.fields
            guard !record.broken else {
                if let f = fields[safe: columns["variant"]!] { mentioned.insert(trimmed(f.text)) }
                continue
            }
            guard fields.count == headerRecord.fields.count else {
                if let f = fields[safe: columns["variant"]!] { mentioned.insert(trimmed(f.text)) }
                let count = fields.count, wanted = headerRecord.fields.count
                out.append(Diagnostic(
                    .resultsFileFormat, "this row has \(count) field\(count == 1 ? "" : "s"); the header has \(wanted)",
                    at: count < wanted ? end(record) : at(fields[wanted]),
                    expected: "\(wanted) fields, for `\(headerLine)`", found: "\(count) field\(count == 1 ? "" : "s")",
                    help: count < wanted ? shortRowHelp(fields.map(\.text), header: headerRecord.fields.map { trimmed($0.text) },
                                                        kind: fields[safe: columns["metric"]!].flatMap { kinds[trimmed($0.text)] })
                                         : "quote a field that holds a comma, and write numbers without thousands separators"))
                continue
            }
            func field(_ name: String) -> CSVTable.Field { fields[columns[name]!] }
            func value(_ name: String) -> String { trimmed(field(name).text) }
            let variant = value("variant"), metric = value("metric")
            var rowOK = true
            for (name, written) in [("variant", variant), ("metric", metric)] where written.isEmpty {
                out.append(Diagnostic(.resultsFileFormat, "this row has no `\(name)`", at: at(field(name)),
                                      expected: name == "variant" ? "the name of one of the experiment's variants" : "the name of the metric",
                                      found: "an empty field"))
                rowOK = false
            }
            guard rowOK else { continue }
            namedVariants.append((variant, at(field("variant"))))
            namedMetrics.append((metric, at(field("metric"))))

            let segmentField = columns["segment"].map { fields[$0] }
            let segment = segmentField.map { trimmed($0.text) } ?? ""
            if !segment.isEmpty, segment.split(separator: "=", maxSplits: 1).count != 2 {
                out.append(Diagnostic(.resultsFileFormat, "the segment `\(segment)` is not `dimension=value`", at: at(segmentField!),
                                      expected: "a segment such as `locale=en` or `device=ios`, or an empty field for all units",
                                      found: "`\(segment)`"))
                continue
            }
            let pair = segment + "\u{0}" + variant + "\u{0}" + metric
            if let first = seenPairs[pair] {
                out.append(Diagnostic(
                    .resultsFileFormat, "a second row for variant `\(variant)` and metric `\(metric)`" + (segment.isEmpty ? "" : " in segment `\(segment)`"), at: at(field("variant")),
                    expected: "one row per variant and metric", found: "another row for `\(variant)`, `\(metric)` (the first is on line \(first.line))",
                    help: "remove one of the rows, or fix its variant or metric",
                    notes: [.init("the first row for `\(variant)`, `\(metric)` is here", at: at(first))]))
                continue
            }
            seenPairs[pair] = field("variant")

            let units = count(field("units"), "units", required: "every row needs its variant's units", path: path, into: &out)
            if let units {
                if let (firstValue, firstField) = firstUnits[segment + "\u{0}" + variant] {
                    if firstValue != units {
                        out.append(Diagnostic(
                            .resultsFileFormat, "the rows of variant `\(variant)` give different `units`", at: at(field("units")),
                            expected: "\(firstValue), as on line \(firstField.line)", found: "\(units)",
                            help: "a variant's units are the users (or sessions) assigned to it: the same on every row of the variant",
                            notes: [.init("`\(variant)` has \(firstValue) units here", at: at(firstField))]))
                    }
                } else {
                    firstUnits[segment + "\u{0}" + variant] = (units, field("units"))
                }
            }

            let kind = kinds[metric]
            var observation = Experiment.Observation(conversions: nil, mean: nil, sd: nil)
            /// The field of an optional column, nil when the file has no such column.
            func optionalField(_ name: String) -> CSVTable.Field? { columns[name].map { fields[$0] } }
            func mustBeEmpty(_ name: String, _ why: String) {
                guard let f = optionalField(name), !trimmed(f.text).isEmpty else { return }
                out.append(Diagnostic(
                    .resultsFileFormat, "`\(name)` must be empty for `\(metric)`, \(why)", at: at(f),
                    expected: "an empty field", found: "`\(f.text)`",
                    help: "a proportion gives `conversions`; a mean `mean` and `sd` (and CUPED's `pre_mean`, `pre_sd`, `covariance`); a ratio `numerator_mean`, `numerator_sd`, `denominator_mean`, `denominator_sd`, `covariance`; a quantile `estimate`, `lower`, `upper`"))
            }
            /// A number a metric of this kind needs: an error when its column is missing or its field empty.
            func needed(_ name: String, nonNegative: Bool = false) -> Double? {
                guard let f = optionalField(name) else {
                    out.append(Diagnostic(.resultsFileFormat, "`\(metric)` is a \(kind!.rawValue) metric, and the file has no `\(name)` column",
                                          at: at(field("metric")), expected: "a `\(name)` column", found: "none",
                                          help: "add the column `\(name)` to the header (after `\(headerLine)`) and give each row of `\(metric)` its value"))
                    return nil
                }
                return real(f, name, nonNegative: nonNegative, required: "`\(metric)` is a \(kind!.rawValue) metric", path: path, into: &out)
            }
            func optionalNumber(_ name: String, nonNegative: Bool = false) -> Double? {
                optionalField(name).flatMap { real($0, name, nonNegative: nonNegative, path: path, into: &out) }
            }
            let others: [Experiment.MetricKind: [String]] = [
                .proportion: ["mean", "sd", "pre_mean", "pre_sd", "covariance", "numerator_mean", "numerator_sd", "denominator_mean", "denominator_sd", "estimate", "lower", "upper", "events", "n_star"],
                .mean: ["conversions", "numerator_mean", "numerator_sd", "denominator_mean", "denominator_sd", "estimate", "lower", "upper", "events", "n_star"],
                .ratio: ["conversions", "mean", "sd", "pre_mean", "pre_sd", "estimate", "lower", "upper", "events", "n_star"],
                .quantile: ["conversions", "mean", "sd", "pre_mean", "pre_sd", "covariance", "numerator_mean", "numerator_sd", "denominator_mean", "denominator_sd"],
            ]
            if let kind { for name in others[kind]! { mustBeEmpty(name, "a \(kind.rawValue)") } }
            switch kind {
            case .proportion?:
                observation.conversions = count(field("conversions"), "conversions", required: "`\(metric)` is a proportion", path: path, into: &out)
            case .mean?:
                observation.mean = real(field("mean"), "mean", required: "`\(metric)` is a mean", path: path, into: &out)
                observation.sd = real(field("sd"), "sd", nonNegative: true, required: "`\(metric)` is a mean", path: path, into: &out)
                observation.preMean = optionalNumber("pre_mean")
                observation.preSd = optionalNumber("pre_sd", nonNegative: true)
                observation.covariance = optionalNumber("covariance")
            case .ratio?:
                observation.numeratorMean = needed("numerator_mean")
                observation.numeratorSd = needed("numerator_sd", nonNegative: true)
                observation.denominatorMean = needed("denominator_mean")
                observation.denominatorSd = needed("denominator_sd", nonNegative: true)
                observation.covariance = needed("covariance")
            case .quantile?:
                observation.estimate = needed("estimate")
                observation.lower = needed("lower")
                observation.upper = needed("upper")
                observation.events = optionalField("events").flatMap { count($0, "events", path: path, into: &out) }
                observation.nStar = optionalField("n_star").flatMap { count($0, "n_star", path: path, into: &out) }
            case nil:
                // An unknown metric (reported below): check the figures that are there, whatever they are.
                observation.conversions = count(field("conversions"), "conversions", path: path, into: &out)
                observation.mean = real(field("mean"), "mean", path: path, into: &out)
                observation.sd = real(field("sd"), "sd", nonNegative: true, path: path, into: &out)
            }
            if let c = observation.conversions, let units, c > units {
                out.append(Diagnostic(
                    .resultsFileNumber, "`conversions` (\(c)) is greater than `units` (\(units))", at: at(field("conversions")),
                    expected: "at most \(units): a unit converts once or not at all", found: "\(c)",
                    help: "for a count that can exceed the units (clicks per user), use a `mean` metric with its sd"))
            }
            let key = segment + "\u{0}" + variant
            if let i = index[key] {
                results[i].metrics.append((metric, observation))
            } else {
                index[key] = results.count
                results.append((variant, units, [(metric, observation)]))
                segmentOf.append((segment, segmentField.map(at)))
            }
            if results[index[key]!].units == nil { results[index[key]!].units = units }
        }

        let controlAt = headerRecord.fields.first.map(at) ?? SourceLocation(file: path, line: 1, column: 1)
        out += Rules.resultNames(e, variants: namedVariants, metrics: namedMetrics, controlMissingAt: controlAt,
                                 fromFile: true, frontMatter: frontMatter, mentioned: mentioned)
        guard !out.hasErrors else { return (nil, out) }
        func variant(_ r: (name: String, units: Int?, metrics: [(name: String, value: Experiment.Observation)])) -> Experiment.VariantResult {
            Experiment.VariantResult(name: r.name, units: r.units ?? 0, metrics: r.metrics.map { (name: $0.name, value: $0.value) })
        }
        let overall = results.indices.filter { segmentOf[$0].0.isEmpty }.map { variant(results[$0]) }
        var segments: [Experiment.SegmentResult] = []
        for i in results.indices where !segmentOf[i].0.isEmpty {
            let (name, location) = segmentOf[i]
            let parts = name.split(separator: "=", maxSplits: 1).map(String.init)
            if let j = segments.firstIndex(where: { $0.name == name }) {
                segments[j].variants.append(variant(results[i]))
            } else {
                segments.append(Experiment.SegmentResult(dimension: parts[0], value: parts[1], variants: [variant(results[i])],
                                                         location: location ?? SourceLocation(file: path, line: 1, column: 1)))
            }
        }
        return (Experiment.Results(asOf: nil, variants: overall, segments: segments), out)
    }

    /// Checks the header; returns the index of each column by name when the rows can be read by it (every
    /// column present once, whatever the order), reporting a header that is not exactly the expected one.
    static func readHeader(_ record: CSVTable.Record, path: String, into out: inout [Diagnostic]) -> [String: Int]? {
        let names = record.fields.map { trimmed($0.text) }
        let written = record.fields.map(\.text).joined(separator: ",")
        func at(_ i: Int) -> SourceLocation {
            i < record.fields.count
                ? SourceLocation(file: path, line: record.fields[i].line, column: record.fields[i].column, length: record.fields[i].length)
                : SourceLocation(file: path, line: record.endLine, column: record.endColumn)
        }
        var columns: [String: Int] = [:]
        for (i, name) in names.enumerated() where (header.contains(name) || optionalColumns.contains(name)) && columns[name] == nil { columns[name] = i }
        let readable = header.allSatisfy { columns[$0] != nil } && Set(names).count == names.count
        let extra = names.dropFirst(header.count)
        if Array(names.prefix(header.count)) == header {
            guard let k = extra.indices.first(where: { !optionalColumns.contains(names[$0]) || names[..<$0].contains(names[$0]) }) else { return columns }
            let twice = optionalColumns.contains(names[k])
            out.append(Diagnostic(.resultsFileFormat, twice ? "the header names the column `\(names[k])` twice" : "the header has an unknown column `\(names[k])`",
                                  at: at(k), expected: "after `\(headerLine)`, columns among " + optionalColumns.map { "`\($0)`" }.joined(separator: ", "),
                                  found: "`\(names[k])`",
                                  help: twice ? "remove the second `\(names[k])`"
                                      : Suggestions.didYouMean(names[k], in: optionalColumns) ?? "remove the column `\(names[k])`"))
            return readable && !twice ? columns : nil
        }

        let k = (0..<max(names.count, header.count)).first { $0 >= names.count || $0 >= header.count || names[$0] != header[$0] }!
        let message: String
        var help: String? = "the first line must be exactly `\(headerLine)`"
        if k >= names.count {
            let lacking = header[k...].map { "`\($0)`" }.joined(separator: ", ")
            message = "the header lacks the column\(header.count - k == 1 ? "" : "s") \(lacking)"
        } else if !header.contains(names[k]) {
            message = "column \(k + 1) of the header is `\(names[k])`, not `\(header[k])`"
            if let near = Suggestions.didYouMean(names[k], in: header) { help = near + " The first line must be exactly `\(headerLine)`" }
        } else if !names.contains(header[k]) {
            message = "the header lacks the column `\(header[k])` (column \(k + 1))"
        } else if names.filter({ $0 == names[k] }).count > 1 {
            message = "the header names the column `\(names[k])` twice"
        } else {
            message = "the header's columns are out of order: column \(k + 1) is `\(names[k])`, not `\(header[k])`"
        }
        out.append(Diagnostic(.resultsFileFormat, message, at: at(k), expected: "`\(headerLine)`", found: "`\(written)`", help: help))
        return readable ? columns : nil
    }

    /// The kind of each metric the experiment measures: its primary metric and its guardrails.
    /// The help for a row with fields too few: the row written in full, with the empty fields its metric's kind
    /// leaves (a proportion has no mean and sd, a mean no conversions), when the fields written are those it gives.
    static func shortRowHelp(_ written: [String], header: [String], kind: Experiment.MetricKind?) -> String {
        let general = "keep the commas of empty fields: a proportion leaves `mean` and `sd` empty, a mean leaves `conversions` empty"
        let empty: Set<String>
        switch kind {
        case .proportion?: empty = ["mean", "sd"]
        case .mean?: empty = ["conversions"]
        case .ratio?, .quantile?, nil: return general
        }
        guard header.count - header.filter(empty.contains).count == written.count else { return general }
        var given = written.makeIterator()
        let row = header.map { empty.contains($0) ? "" : given.next() ?? "" }.joined(separator: ",")
        return "write the row `\(row)`: \(kind == .mean ? "a mean leaves `conversions` empty" : "a proportion leaves `mean` and `sd` empty")"
    }

    static func metricKinds(_ e: Experiment) -> [String: Experiment.MetricKind] {
        var kinds: [String: Experiment.MetricKind] = [:]
        for g in e.guardrails { kinds[g.metric] = g.kind }
        kinds[e.primaryMetric.name] = e.primaryMetric.kind
        return kinds
    }

    enum NumberKind { case count, real, nonNegativeReal }

    /// A field that must hold a whole number of at least 0; nil (and E0419) when it does not.
    static func count(_ f: CSVTable.Field, _ name: String, required: String? = nil, path: String, into out: inout [Diagnostic]) -> Int? {
        number(f, name, .count, required: required, path: path, into: &out)?.int
    }

    /// A field that must hold a number (of at least 0 when `nonNegative`); nil (and E0419) when it does not.
    static func real(_ f: CSVTable.Field, _ name: String, nonNegative: Bool = false, required: String? = nil,
                     path: String, into out: inout [Diagnostic]) -> Double? {
        number(f, name, nonNegative ? .nonNegativeReal : .real, required: required, path: path, into: &out)?.double
    }

    /// Reads a field that must hold a number; reports E0419 when it does not. An empty field is nil, and an
    /// error only when `required` (which says why it is needed).
    static func number(_ f: CSVTable.Field, _ name: String, _ kind: NumberKind, required: String?,
                       path: String, into out: inout [Diagnostic]) -> (double: Double, int: Int?)? {
        let text = trimmed(f.text)
        let at = SourceLocation(file: path, line: f.line, column: f.column, length: f.length)
        let what: String
        switch kind {
        case .count: what = "a whole number of at least 0, such as `41870`"
        case .real: what = "a number, such as `4.21`"
        case .nonNegativeReal: what = "a number of at least 0, such as `3.12`"
        }
        if text.isEmpty {
            if let required {
                out.append(Diagnostic(.resultsFileNumber, "`\(name)` is empty, but \(required)", at: at,
                                      expected: what, found: "an empty field"))
            }
            return nil
        }
        func bad(_ message: String, help: String? = nil) -> (double: Double, int: Int?)? {
            out.append(Diagnostic(.resultsFileNumber, message, at: at, expected: what, found: "`\(f.text)`", help: help))
            return nil
        }
        guard isDecimal(text) else {
            let help = text.contains(",") || text.contains("_") || text.contains(" ")
                ? "write numbers without thousands separators: `41870`, not `41,870`"
                : text.hasSuffix("%") ? "write a rate as conversions: the number of units that converted" : nil
            return bad("`\(name)` is not a number", help: help)
        }
        guard let double = Double(text), double.isFinite else { return bad("`\(name)` is too large") }
        switch kind {
        case .count:
            guard !text.contains("."), !text.lowercased().contains("e") else {
                return bad("`\(name)` must be a whole number", help: "write it without decimals or an exponent")
            }
            guard double >= 0 else { return bad("`\(name)` is negative", help: "a count is at least 0") }
            guard let int = Int(text), Bounds.count.contains(int) else {
                return bad("`\(name)` is too large", help: "a count is at most \(Bounds.text(Bounds.count.upperBound)): check the export")
            }
            return (double, int)
        case .real:
            return (double, nil)
        case .nonNegativeReal:
            guard double >= 0 else { return bad("`\(name)` is negative", help: "a standard deviation is at least 0") }
            return (double, nil)
        }
    }

    /// `[+-]digits[.digits][e[+-]digits]`, or `.digits`: what a warehouse writes for a number (no `nan`, `inf` or hex).
    static func isDecimal(_ text: String) -> Bool {
        var s = Substring(text)
        if s.first == "+" || s.first == "-" { s = s.dropFirst() }
        let mantissa = s.prefix { $0 != "e" && $0 != "E" }
        let exponent = s.dropFirst(mantissa.count)
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }), parts.contains(where: { !$0.isEmpty }) else { return false }
        if exponent.isEmpty { return true }
        var e = exponent.dropFirst()
        if e.first == "+" || e.first == "-" { e = e.dropFirst() }
        return !e.isEmpty && e.allSatisfy(\.isASCIIDigit)
    }

    static func trimmed(_ s: String) -> String {
        var sub = Substring(s)
        while let c = sub.first, c == " " || c == "\t" { sub = sub.dropFirst() }
        while let c = sub.last, c == " " || c == "\t" { sub = sub.dropLast() }
        return String(sub)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Document {
    /// This document with other details: the parse step's way to attach what is read from files beside the
    /// document (an experiment's results file). Everything else is kept.
    public func replacingDetails(_ details: Details) -> Document { with(details: details, isValid: isValid) }

    /// This document with other details and validity; everything else is kept.
    func with(details: Details?, isValid: Bool) -> Document {
        Document(kind: kind, slug: slug, path: path, title: title, summary: summary, tags: tags, frontMatter: frontMatter,
                 details: details, isValid: isValid, body: body, bodyFirstLine: bodyFirstLine, references: references,
                 bodyTargets: bodyTargets, prose: prose)
    }
}
