import Markdown
import Model
import Templates

/// A run of text, a link, or a badge: the leaves of every fact, table and list, printed by the theme's `parts`
/// partial. Views read parts back (a person's link gives the URL of their entry), so a part is a struct; a
/// template gets `value`.
struct InlinePart {
    var text: String
    var url: String?
    var badge: String?
    /// The text as markup the build made (a prose value's rendered Markdown), written instead of `text`.
    var html: String?

    /// `{ text, url, badge }`, `url` and `badge` null when absent, with `extra` fields added.
    func value(with extra: TemplateObject = [:]) -> TemplateValue {
        var fields = TemplateObject(minimumCapacity: 3 + extra.count)
        if let html {
            fields["text"] = .html(keepingDatesWhole(html) ?? html)
        } else {
            // Most texts hold no hyphen, hence no date: they are not escaped and scanned here (this runs for every cell).
            let dated = text.utf8.contains(UInt8(ascii: "-")) ? keepingDatesWhole(HTML.escape(text)) : nil
            fields["text"] = dated.map(TemplateValue.html) ?? .text(text)
        }
        fields["url"] = TemplateValue(url)
        fields["badge"] = TemplateValue(badge)
        for (key, value) in extra { fields[key] = value }
        return .object(fields)
    }

    var value: TemplateValue { value() }
}

/// `html` with each date (`YYYY-MM-DD`) in its text, outside tags, put into `<span class="date">`, which the theme
/// keeps on one line (a browser would break it after a hyphen in a narrow table cell); nil when it holds no date.
func keepingDatesWhole(_ html: String) -> String? {
    var html = html
    return html.withUTF8 { bytes -> String? in
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 } }
        func date(at i: Int) -> Bool {
            i + 10 <= bytes.count && digits(i..<i + 4) && bytes[i + 4] == UInt8(ascii: "-") && digits(i + 5..<i + 7)
                && bytes[i + 7] == UInt8(ascii: "-") && digits(i + 8..<i + 10)
        }
        // Copied only from the first date on: a text without one costs a scan, no allocation.
        var out: [UInt8]? = nil, copied = 0, i = 0, inTag = false
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "<") { inTag = true } else if bytes[i] == UInt8(ascii: ">") { inTag = false }
            guard !inTag, date(at: i) else { i += 1; continue }
            if out == nil { out = []; out!.reserveCapacity(bytes.count + 64) }
            out! += bytes[copied..<i]
            out! += #"<span class="date">"#.utf8
            out! += bytes[i..<i + 10]
            out! += "</span>".utf8
            i += 10
            copied = i
        }
        guard var out else { return nil }
        out += bytes[copied...]
        return String(decoding: out, as: UTF8.self)
    }
}

func text(_ s: String, badge: String? = nil) -> InlinePart {
    InlinePart(text: s, badge: badge)
}

func link(_ title: String, _ url: String, badge: String? = nil) -> InlinePart {
    InlinePart(text: title, url: url, badge: badge)
}

/// A run of parts (text, links and badges) as the theme's `parts` partial prints it: each part's `text`, `url` and
/// `badge`, and `sep`, the separator written before it (null before the first).
func parts(_ parts: [InlinePart], separator: String = ", ") -> TemplateValue {
    // Two badges side by side (`open` `overdue`) are one status: a space between them, not a comma.
    .list(parts.indices.map { i in
        let badges = i > 0 && parts[i].badge != nil && parts[i - 1].badge != nil && parts[i].url == nil && parts[i - 1].url == nil
        return parts[i].value(with: ["sep": i == 0 ? .null : .text(badges ? " " : separator)])
    })
}

/// One labelled fact (a row of a definition list); nil when there is nothing to say.
func fact(_ label: String, _ parts: [InlinePart]) -> TemplateValue? {
    guard !parts.isEmpty else { return nil }
    return ["label": .text(label), "parts": Site.parts(parts)]
}

func fact(_ label: String, _ value: String?) -> TemplateValue? {
    value.map { ["label": .text(label), "parts": parts([text($0)])] }
}

/// A table: column headings and rows of cells, each cell a list of parts. A row's `id` and `class` are null
/// when it has none, so that a row never takes the `id` of the section around it.
func table(_ columns: [String], _ rows: [[[InlinePart]]], rowIDs: [String?]? = nil, rowClasses: [String?]? = nil) -> TemplateValue {
    [
        "columns": .list(columns) { ["name": .text($0)] },
        "rows": .list(rows.indices) { i in
            ["cells": .list(rows[i]) { ["parts": parts($0)] },
             "id": TemplateValue(rowIDs?[i] ?? nil), "class": TemplateValue(rowClasses?[i] ?? nil)]
        },
    ]
}

/// `table(columns, rows)`, or nil when there are no rows. (Not `rows.isEmpty ? nil : table(…)`: there `nil` is
/// `TemplateValue.null`, which `TemplateValue?` holds as a value.)
func nonEmptyTable(_ columns: [String], _ rows: [[[InlinePart]]]) -> TemplateValue? {
    guard !rows.isEmpty else { return nil }
    return table(columns, rows)
}

/// A titled section of a document page, holding facts, a table, a list or a paragraph; its `id` is made from
/// the title unless given. `chart` is an inline SVG drawn by Almanac (every text in it escaped), shown before
/// the table. Every key is set (null when empty): `facts` in particular must not reach the page's own facts.
func section(_ title: String, id: String? = nil, facts: [TemplateValue?] = [], table: TemplateValue? = nil, list: [[InlinePart]]? = nil,
             paragraph: InlinePart? = nil, note: String? = nil, chart: String? = nil, listSeparator: String = ", ") -> TemplateValue? {
    let facts = facts.compactMap { $0 }
    guard !facts.isEmpty || table != nil || !(list ?? []).isEmpty || paragraph != nil || chart != nil else { return nil }
    return [
        "chart": .html(chart),
        "title": .text(title),
        "id": .text(id ?? "section-" + title.lowercased().replacingOccurrences(of: " ", with: "-")),
        "facts": .group(facts),
        "table": table ?? .null,
        "list": .group((list ?? []).map { ["parts": parts($0, separator: listSeparator)] }),
        "paragraph": paragraph.map { $0.html.map(TemplateValue.html) ?? .text($0.text) } ?? .null,
        "note": TemplateValue(note),
    ]
}

/// A banner above a page's facts: `danger` (red), `warning` (amber) or `info`, holding a run of parts.
func banner(_ level: String, _ title: String, _ parts: [InlinePart]) -> TemplateValue {
    ["level": .text(level), "title": .text(title), "parts": Site.parts(parts, separator: " "),
     "role": level == "info" ? "note" : "alert"]
}

/// A headline figure ("TTR 2 h 14 min").
func figure(_ label: String, _ value: String, note: String? = nil, badge: String? = nil) -> TemplateValue {
    ["label": .text(label), "value": .text(value), "note": TemplateValue(note), "badge": TemplateValue(badge)]
}

/// Minutes as a reader says them: `45 min`, `2 h 14 min`, `3 d 4 h`.
func humanMinutes(_ minutes: Int) -> String { Duration.spoken(minutes: minutes) }

/// A number without a trailing `.0`.
func number(_ d: Double) -> String {
    d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
}

func percent(_ d: Double) -> String { number(d) + "\u{00A0}%" }

/// `1234567` → `1,234,567`.
func grouped(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
        out.append(c)
    }
    return (n < 0 ? "-" : "") + out
}

func days(_ n: Int) -> String { n == 1 ? "1 day" : "\(n) days" }

/// A relative change as a signed percentage: `0.0523` → `+5.23 %`, `-0.1` → `−10 %`.
func signedPercent(_ x: Double) -> String {
    guard x.isFinite else { return "–" }
    let value = (x * 100 * 100).rounded() / 100
    let magnitude = number(abs(value) < 0.005 ? 0 : abs(value))
    return (value > 0 ? "+" : value < 0 ? "\u{2212}" : "") + magnitude + "\u{00A0}%"
}

/// A relative interval as a reader reads it: `−1.2 % to +3.4 %`; nil without both bounds.
func interval(_ low: Double, _ high: Double) -> String { "\(signedPercent(low)) to \(signedPercent(high))" }

func interval(_ low: Double?, _ high: Double?) -> String? {
    guard let low, let high else { return nil }
    return interval(low, high)
}

/// A p-value as papers print it: 4 significant digits, `< 0.0001` below that.
func pValue(_ p: Double) -> String {
    guard p.isFinite else { return "–" }
    if p < 0.0001 { return "< 0.0001" }
    return number((p * 10_000).rounded() / 10_000)
}

/// A rate as a percentage (`0.2134` → `21.34 %`), or a mean as a number, 4 significant decimals.
func metricValue(_ x: Double?, _ kind: Experiment.MetricKind) -> String {
    guard let x, x.isFinite else { return "–" }
    switch kind {
    case .proportion: return number((x * 100 * 100).rounded() / 100) + "\u{00A0}%"
    case .mean, .ratio, .quantile: return number((x * 10_000).rounded() / 10_000)
    }
}

extension SiteViews {
    /// A prose value of `document` (see `Prose`) as a part: its inline Markdown rendered, links to documents
    /// rewritten to their URLs, as the body's are. A value that is no prose field stays text.
    func prose(_ document: Document, _ value: String) -> InlinePart {
        guard let prose = document.prose(value) else { return text(value) }
        let links = base.bodyLinks[document.id] ?? [:]
        var html = Substring(prose.markdown.renderHTML { link in links[link.destination].map { url(of: $0) } })
        while html.last == "\n" { html = html.dropLast() }
        // One paragraph is inline text: without its `<p>`, so that it sits in a table cell or a sentence.
        if html.hasPrefix("<p>"), html.hasSuffix("</p>"), html.dropFirst(3).range(of: "<p>") == nil {
            html = html.dropFirst(3).dropLast(4)
        }
        return InlinePart(text: value, html: String(html))
    }

}
