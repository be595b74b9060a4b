import Foundation
import Testing
import Templates

/// A page-like render measured: the default theme's `document` (a parent of `layout`, with the `facts`, `section`
/// and `table` partials) rendered 10,000 times from a view of a runbook's size. Runs only when
/// `TEMPLATES_BENCHMARK=1`, best in a release build (other test targets need `-enable-testing` there):
/// `TEMPLATES_BENCHMARK=1 swift test -c release -Xswiftc -enable-testing --filter BenchmarkTests`.
@Suite("Benchmark")
struct BenchmarkTests {
    static let enabled = ProcessInfo.processInfo.environment["TEMPLATES_BENCHMARK"] == "1"

    static var themeLibrary: TemplateLibrary {
        get throws {
            let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Themes/default/templates")
            var sources: [String: TemplateSource] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".mustache") {
                let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                sources[String(name.dropLast(".mustache".count))] = TemplateSource(text, path: "templates/\(name)")
            }
            return try TemplateLibrary.compiled(sources)
        }
    }

    static func link(_ text: String, _ url: String) -> TemplateValue { ["text": .text(text), "url": .text(url)] }

    /// A run of one part (text, or a link when `url` is given), as the theme's `parts` partial prints it.
    static func parts(_ text: String, url: String? = nil, badge: String? = nil) -> TemplateValue {
        [["text": .text(text), "url": TemplateValue(url), "badge": TemplateValue(badge), "sep": nil]]
    }

    /// The view of one document page, as Almanac's views would make it.
    static let page: TemplateValue = {
        let paragraph = "When checkout errors rise above 2 % for five minutes, page the on-call & open an incident. "
        let body = (1...12).map { "<h2 id=\"step-\($0)\">Step \($0)</h2>\n<p>\(paragraph)Check the <code>checkout-api</code> dashboards, then the queue depth &amp; the database's replication lag.</p>\n" }.joined()
        let table: TemplateValue = [
            "columns": .list(["When", "What", "Who"].map { ["name": .text($0)] }),
            "rows": .list((1...8).map { row in
                ["id": .text("row-\(row)"), "class": row % 2 == 0 ? "even" : nil,
                 "cells": [["parts": parts("2026-03-0\(row)")], ["parts": parts("Rolled back release \(row)", badge: "bad")],
                           ["parts": parts("Ana", url: "../people/ana.html")]]]
            }),
        ]
        return [
            "pageTitle": "Checkout runbook",
            "description": "What to do when checkout fails: the steps, the dashboards & who to call.",
            "site": ["title": "Almanac", "css": "../assets/site.css", "home": "../", "feed": "../feed.xml", "asOf": "2026-03-14", "tags": "../tags/"],
            "navigation": .html(String(repeating: "<li><a href=\"../runbooks/\">Runbooks</a></li>\n", count: 10)),
            "doc": [
                "kind": "runbook", "kindURL": "../runbooks/", "kindTitle": "Runbooks", "title": "Checkout runbook",
                "summary": "Restore checkout when it fails.", "source": "runbooks/checkout.md", "api": "../api/runbooks/checkout.json",
                "tagList": ["items": .list(["payments", "checkout", "sev1"].map { link($0, "../tags/\($0).html") })],
            ],
            "banners": ["items": [["level": "warning", "role": "note", "title": "Review due", "parts": parts("This runbook is past its review date.")]]],
            "figures": ["items": .list((1...4).map { ["label": .text("Figure \($0)"), "value": .int($0 * 17), "badge": $0 == 2 ? "bad" : nil, "note": $0 == 3 ? "since March" : nil] })],
            "facts": ["items": .list((1...8).map { ["label": .text("Owner \($0)"), "parts": parts("Payments", url: "../teams/payments.html")] })],
            "sections": .list((1...3).map { section in
                ["id": .text("section-\(section)"), "title": .text("Section \(section)"), "paragraph": .text(paragraph),
                 "facts": ["items": [["label": "Service", "parts": parts("checkout", url: "../services/checkout.html")]]],
                 "list": ["items": .list((1...5).map { ["parts": parts("Item \($0)")] })],
                 "table": section == 2 ? table : nil, "chart": nil, "note": "Numbers are as of the last build."]
            }),
            "diagram": nil,
            "body": .html(body),
            "toc": ["items": .list((1...12).map { ["id": .text("step-\($0)"), "text": .text("Step \($0)"), "nested": .bool($0 % 3 == 0)] })],
            "backlinks": ["items": .list(["Postmortems", "Services"].map { kind in
                ["kind": .text(kind), "items": .list((1...4).map { link("\(kind) \($0)", "../x/\($0).html") })]
            })],
        ]
    }()

    @Test("render a page 10,000 times", .enabled(if: enabled))
    func pages() throws {
        let library = try Self.themeLibrary
        let page = Self.page
        let renders = 10_000
        var bytes = 0
        var out: [UInt8] = []
        let clock = ContinuousClock()
        _ = library.render("document", page)
        let plain = clock.measure {
            for _ in 0..<renders {
                out.removeAll(keepingCapacity: true)
                library.render("document", page, into: &out)
                bytes += out.count
            }
        }
        var usage = NameUsage()
        let recorded = clock.measure {
            for _ in 0..<renders {
                out.removeAll(keepingCapacity: true)
                library.render("document", page, into: &out, usage: &usage)
            }
        }
        let strings = clock.measure {
            for _ in 0..<renders { bytes += library.render("document", page).utf8.count }
        }
        func perRender(_ duration: Duration) -> String {
            let microseconds = Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
            return String(format: "%.1f µs", microseconds / Double(renders))
        }
        print("templates benchmark: \(renders) renders of a \(out.count)-byte page: \(perRender(plain)) each into a reused buffer, "
            + "\(perRender(recorded)) recording name usage, \(perRender(strings)) each as a new String")
        #expect(bytes > 0)
        #expect(library.unresolvedTags(usage).isEmpty, "\(library.unresolvedTags(usage).map(\.name))")
    }
}
