import Diagnostics
import FrontMatter

extension Scaffold {
    /// W0114: what `almanac new` wrote for the writer to replace, still there — one warning per document, at the
    /// first place, with a note for each other: every front-matter line with `TODO` in it (a placeholder value
    /// such as `TODO-team` or `"@TODO"`, a `# TODO` note), every body line that starts with `TODO:` (the hint under
    /// each section), and a postmortem timeline whose four times are one (as `almanac new` writes it: a time to
    /// resolve of 0).
    static func placeholders(in split: SplitDocument, details: Details?, file: String) -> [Diagnostic] {
        var places: [(location: SourceLocation, what: String)] = []
        var lines = Set<Int>()
        func scan(_ text: String, firstLine: Int, body: Bool) {
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let column: Int?
                if body {
                    let trimmed = line.drop { " >-*+".contains($0) }
                    column = trimmed.hasPrefix(marker + ":") ? line.count - trimmed.count + 1 : nil
                } else {
                    column = markerColumn(in: line)
                }
                guard let column else { continue }
                let number = firstLine + i
                lines.insert(number)
                places.append((SourceLocation(file: file, line: number, column: column, length: marker.count),
                               body ? "a `TODO:` line of the body" : "`TODO` in the front matter"))
            }
        }
        if let yaml = split.yaml { scan(yaml, firstLine: split.yamlFirstLine, body: false) }
        scan(split.body, firstLine: split.bodyFirstLine, body: true)
        if case .postmortem(let p) = details, let at = p.timeline.locations["started"], !lines.contains(at.line) {
            let t = p.timeline
            if Set([t.started, t.detected, t.mitigated, t.resolved].map(\.secondsSinceEpoch)).count == 1 {
                places.append((at, "the timeline's four times are one, as `almanac new` writes them"))
            }
        }
        guard let first = places.min(by: { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }) else { return [] }
        let rest = places.filter { $0.location != first.location }.sorted { $0.location.line < $1.location.line }
        let count = places.count == 1 ? "one place" : "\(places.count) places"
        return [Diagnostic(
            .placeholder, "this document still holds what `almanac new` wrote for you to replace, in \(count)", at: first.location,
            expected: "the document's own values and text", found: first.what,
            help: places.contains { $0.what.hasPrefix("the timeline") }
                ? "replace each `TODO` with what it asks for, delete the `# TODO` notes, and give the timeline its real times"
                : "replace each `TODO` with what it asks for, and delete the `# TODO` notes",
            notes: rest.map { .init("and here: \($0.what)", at: $0.location) })]
    }

    /// The column of a `TODO` that stands as a word (`TODO-team`, `"@TODO"`, `# TODO: …`), not inside one
    /// (`TODOS`, `MASTODON`).
    private static func markerColumn(in line: Substring) -> Int? {
        let scalars = Array(line.unicodeScalars), word = Array(marker.unicodeScalars)
        func isWordScalar(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" }
        var i = 0
        while i + word.count <= scalars.count {
            if Array(scalars[i..<(i + word.count)]) == word,
               i == 0 || !isWordScalar(scalars[i - 1]),
               i + word.count == scalars.count || !isWordScalar(scalars[i + word.count]) {
                return i + 1
            }
            i += 1
        }
        return nil
    }
}
