import Markdown
import Model

/// View-model pieces that templates render: plain values, never computed in the template.
typealias Context = [String: Any]

/// A run of text, a link, or a badge; templates print `text`, wrap it in `url`, or style it with `badge`.
/// Absent keys are set to `false` so that a template never picks up a same-named value of an outer context.
func text(_ s: String, badge: String? = nil) -> Context {
    ["text": s, "url": false, "badge": badge ?? false, "sep": ""]
}

func link(_ title: String, _ url: String, badge: String? = nil) -> Context {
    ["text": title, "url": url, "badge": badge ?? false, "sep": ""]
}

/// A list wrapped so that templates can test for emptiness: `{{#group}}<ul>{{#items}}...{{/items}}</ul>{{/group}}`.
func group(_ items: [Context], _ extra: Context = [:]) -> Any {
    items.isEmpty ? false : extra.merging(["items": items]) { a, _ in a }
}

/// The HTML of a run of parts (text, links and badges), escaped, ready for `{{{html}}}`. Inline runs are
/// the leaves of every table and list, and rendering them here rather than through a partial keeps the
/// template engine's per-variable lookups off the hot path (see Benchmarks/README.md).
func joined(_ parts: [Context], separator: String = ", ") -> String {
    var out = ""
    for (i, part) in parts.enumerated() {
        if i > 0 { out += HTML.escape(separator) }
        let text = HTML.escape(part["text"] as? String ?? "")
        let badge = (part["badge"] as? String).map { " class=\"badge badge-\(HTML.escapeAttribute($0))\"" }
        if let url = part["url"] as? String {
            out += "<a href=\"\(HTML.escapeAttribute(url))\"\(badge ?? "")>\(text)</a>"
        } else if let badge {
            out += "<span\(badge)>\(text)</span>"
        } else {
            out += text
        }
    }
    return out
}

/// One labelled fact (a row of a definition list); nil when there is nothing to say.
func fact(_ label: String, _ parts: [Context]) -> Context? {
    parts.isEmpty ? nil : ["label": label, "html": joined(parts)]
}

func fact(_ label: String, _ value: String?) -> Context? {
    value.map { ["label": label, "html": HTML.escape($0)] }
}

/// A table: column headings and rows of cells, each cell a list of parts.
func table(_ columns: [String], _ rows: [[[Context]]], rowIDs: [String?]? = nil, rowClasses: [String?]? = nil) -> Context {
    [
        "columns": columns.map { ["name": $0] },
        "rows": rows.enumerated().map { i, cells -> Context in
            var row: Context = ["cells": cells.map { ["html": joined($0)] }, "id": false, "class": false]
            if let id = rowIDs?[i] { row["id"] = id }
            if let cls = rowClasses?[i] { row["class"] = cls }
            return row
        },
    ]
}

/// A titled section of a document page, holding facts, a table, a list or a paragraph.
/// `chart` is an inline SVG drawn by Almanac (every text in it escaped), shown before the table.
func section(_ title: String, facts: [Context?] = [], table: Context? = nil, list: [[Context]]? = nil, paragraph: String? = nil,
             note: String? = nil, chart: String? = nil) -> Context? {
    let facts = facts.compactMap { $0 }
    guard !facts.isEmpty || table != nil || !(list ?? []).isEmpty || paragraph != nil || chart != nil else { return nil }
    return [
        "chart": chart ?? false,
        "title": title,
        "id": "section-" + title.lowercased().replacingOccurrences(of: " ", with: "-"),
        "facts": group(facts),
        "table": table ?? false,
        "list": group((list ?? []).map { ["html": joined($0)] }),
        "paragraph": paragraph ?? false,
        "note": note ?? false,
    ]
}

/// A headline figure ("TTR 2 h 14 min").
/// A banner above a page's facts: `danger` (red), `warning` (amber) or `info`, holding a run of parts.
func banner(_ level: String, _ title: String, _ parts: [Context]) -> Context {
    ["level": level, "title": title, "html": joined(parts, separator: " "), "role": level == "info" ? "note" : "alert"]
}

func figure(_ label: String, _ value: String, note: String? = nil, badge: String? = nil) -> Context {
    ["label": label, "value": value, "note": note ?? false, "badge": badge ?? false]
}

/// Minutes as a reader says them: `45 min`, `2 h 14 min`, `3 d 4 h`.
func humanMinutes(_ minutes: Int) -> String {
    if minutes < 60 { return "\(minutes) min" }
    if minutes < 1440 { return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min" }
    let hours = (minutes % 1440) / 60
    return hours == 0 ? "\(minutes / 1440) d" : "\(minutes / 1440) d \(hours) h"
}

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
    case .mean: return number((x * 10_000).rounded() / 10_000)
    }
}
