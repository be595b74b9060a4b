import Dispatch
import Testing
@testable import Markdown

@Suite("Markdown through cmark-gfm")
struct MarkdownTests {
    func html(_ text: String, raw: Bool = false) -> String {
        MarkdownDocument(parsing: text, options: .init(allowRawHTML: raw)).renderHTML()
    }

    @Test("headings get GitHub-style ids; repeats get -1, -2")
    func headingIDs() {
        let doc = MarkdownDocument(parsing: "## Roll back the deploy\n\n## Roll back the deploy\n\n## Roll back the deploy\n\n### What's `next`? (v2.0)\n\n## Ünïcode Straße\n")
        #expect(doc.headings.map(\.id) == ["roll-back-the-deploy", "roll-back-the-deploy-1", "roll-back-the-deploy-2", "whats-next-v20", "ünïcode-straße"])
        let out = doc.renderHTML()
        #expect(out.contains("<h2 id=\"roll-back-the-deploy-1\">Roll back the deploy<a class=\"anchor\" href=\"#roll-back-the-deploy-1\""))
        #expect(out.contains("<h3 id=\"whats-next-v20\">What's <code>next</code>? (v2.0)"))
    }

    @Test("GFM extensions: tables, strikethrough, autolinks, task lists, footnotes")
    func extensions() {
        let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ www.example.com\n\n- [x] done\n- [ ] todo\n\nNote[^1].\n\n[^1]: The note.\n")
        #expect(out.contains("<table>"))
        #expect(out.contains("<del>gone</del>"))
        #expect(out.contains("<a href=\"http://www.example.com\">www.example.com</a>"))
        #expect(out.contains("type=\"checkbox\" checked=\"\" disabled=\"\""))
        #expect(out.contains("class=\"footnotes\""))
    }

    @Test("bodies parsed on many threads at once render as one thread renders them (cmark-gfm's special characters are global)")
    func concurrentParses() {
        // Half the texts have a `~` (strikethrough attached), half only autolinks.
        let texts = ["Old ~~gone~~ and www.example.com and a@example.com.\n\n| a |\n|---|\n| 1 |\n",
                     "See www.example.com, https://example.com/x and a@example.com, ~~not struck.\n"]
        let expected = texts.map { MarkdownDocument(parsing: $0).renderHTML() }
        #expect(expected[0].contains("<del>gone</del>") && expected[0].contains("href=\"http://www.example.com\""))
        #expect(expected[1].contains("href=\"https://example.com/x\"") && expected[1].contains("href=\"mailto:a@example.com\""))
        let count = 4000
        var outputs = [String](repeating: "", count: count)
        outputs.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: count) { i in
                slots[i] = MarkdownDocument(parsing: texts[i % 2]).renderHTML()
            }
        }
        let wrong = outputs.enumerated().filter { $0.element != expected[$0.offset % 2] }.map(\.element)
        #expect(wrong.count == 0, "\(wrong.count) of \(count) differ, such as: \(wrong.first ?? "")")
    }

    @Test("destinations are put into the HTML rendered when parsing, escaped as cmark-gfm escapes them; text cannot forge a placeholder")
    func destinationSlots() {
        // What cmark-gfm's own href escaping gives (spaces, quotes, `&`, non-ASCII, brackets).
        let doc = MarkdownDocument(parsing: "[a](<x y.md>) ![i](/é?a=1&b='q') [b](<\"q\">) [c](x[1]`.md)\n")
        let out = doc.renderHTML()
        #expect(out.contains(#"<a href="x%20y.md">a</a>"#))
        #expect(out.contains(#"<img src="/%C3%A9?a=1&amp;b=&#x27;q&#x27;" alt="i" />"#))
        #expect(out.contains(#"<a href="%22q%22">b</a>"#))
        #expect(out.contains(#"<a href="x%5B1%5D%60.md">c</a>"#))
        // The bytes written without asking cmark-gfm are exactly those it leaves as they are.
        for byte in UInt8(0)..<128 {
            let url = "a" + String(UnicodeScalar(byte)) + "b"
            #expect(MarkdownDocument.hrefSafe[Int(byte)] == (MarkdownDocument.cmarkEscapeHref(url) == url), "byte \(byte)")
        }
        // A rewritten destination is escaped the same way.
        let rewritten = doc.renderHTML { $0.destination == "x y.md" ? "/pages/x y/#a&b" : nil }
        #expect(rewritten.contains(#"<a href="/pages/x%20y/#a&amp;b">a</a>"#))
        #expect(MarkdownDocument.contains("aébc", "éb") && MarkdownDocument.contains("ab", "") && !MarkdownDocument.contains("ab", "abc")
                && !MarkdownDocument.contains("e\u{301}x", "é") && MarkdownDocument.contains("xxalmanac-link", "almanac-link"))
        // Text, code and raw HTML that look like a placeholder stay as written.
        for raw in [false, true] {
            let text = "almanac-link-0- `=\"almanac-link-0-\"` [x](y.md) <a href=\"almanac-link-0-\">raw</a> <a href=\"almanac-link-0x0-\">raw</a>\n"
            let html = MarkdownDocument(parsing: text, options: .init(allowRawHTML: raw)).renderHTML { _ in "/z/" }
            #expect(html.contains(#"<a href="/z/">x</a>"#), "\(html)")
            #expect(html.hasPrefix("<p>almanac-link-0- <code>=&quot;almanac-link-0-&quot;</code>"), "\(html)")
            #expect(!raw || html.contains(#"<a href="almanac-link-0-">raw</a>"#), "\(html)")
            #expect(!raw || html.contains(#"<a href="almanac-link-0x0-">raw</a>"#), "\(html)")
        }
    }

    @Test("links are found with their positions and rewritten as the body is rendered")
    func links() {
        let doc = MarkdownDocument(parsing: "Intro.\n\nSee [a](runbook:x#y) and\n  [b](../b.md).\n")
        #expect(doc.links.map(\.destination) == ["runbook:x#y", "../b.md"])
        #expect(doc.links[0].line == 3)
        #expect(doc.links[0].column == 5)
        #expect(doc.links[1].line == 4)
        let out = doc.renderHTML { $0.destination == "../b.md" ? "/b/" : nil }
        #expect(out.contains("<a href=\"/b/\">b</a>"))
        #expect(out.contains("<a href=\"runbook:x#y\">a</a>"))
        // A rewritten destination is checked like any other.
        #expect(!doc.renderHTML { _ in "javascript:alert(1)" }.contains("javascript:"))
    }

    @Test("rendering leaves the parsed tree as it is: the same output twice, the search text before and after")
    func renderingDoesNotChangeTheTree() {
        let text = "# Title\n\nSee [b](../b.md) and <b>raw</b>.\n\n## Next `step`\n\nMore [c](javascript:x).\n"
        let doc = MarkdownDocument(parsing: text)
        let search = doc.searchText(), plain = doc.plainText()
        let first = doc.renderHTML { $0.destination == "../b.md" ? "/b/" : nil }
        #expect(first.contains("<a href=\"/b/\">b</a>"))
        #expect(doc.renderHTML().contains("<a href=\"../b.md\">b</a>"), "a rewrite does not stay in the tree")
        #expect(doc.renderHTML { $0.destination == "../b.md" ? "/b/" : nil } == first)
        #expect(doc.searchText() == search)
        #expect(doc.plainText() == plain)
        #expect(doc.links.map(\.destination) == ["../b.md", "javascript:x"])
        #expect(MarkdownDocument(parsing: text).renderHTML() == doc.renderHTML())
    }

    @Test("raw HTML is omitted unless allowed; dangerous URLs are dropped")
    func rawHTML() {
        let safe = html("<b>x</b>\n\n<div>y</div>\n\n[a](javascript:alert(1)) [b](JAVASCRIPT:x) [c](https://ok.example)")
        #expect(!safe.contains("<b>"))
        #expect(!safe.contains("<div>"))
        #expect(safe.contains("<!-- raw HTML omitted -->"))
        #expect(!safe.lowercased().contains("javascript:"))
        #expect(safe.contains("href=\"https://ok.example\""))
        let raw = html("<b>x</b>\n\n<div>y</div>\n\n<script>x()</script>", raw: true)
        #expect(raw.contains("<b>x</b>"))
        #expect(raw.contains("<div>y</div>"))
        #expect(!raw.contains("<script>"))
    }

    @Test("the slug of a heading text", arguments: [
        ("Roll back the deploy", "roll-back-the-deploy"), ("API: 5xx errors!", "api-5xx-errors"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"), ("  two  spaces ", "--two--spaces-"),
    ])
    func slug(_ pair: (String, String)) {
        #expect(Slugger.slug(pair.0) == pair.1)
    }

    @Test("ASCII text (slugged byte by byte) gets the slug the Unicode rules give, for every ASCII character")
    func asciiSlugs() {
        // A trailing non-ASCII letter sends the text through the Unicode rules, and is kept as it is.
        for byte in UInt8(0)..<0x80 {
            let text = "Ab" + String(UnicodeScalar(byte)) + "9 z"
            #expect(Slugger.slug(text) + "é" == Slugger.slug(text + "é"), "byte \(byte)")
        }
    }
}

/// Hostile Markdown: nothing a writer (or an attacker with commit access) types runs script on the page.
@Suite("Markdown: hostile input")
struct HostileMarkdownTests {
    func html(_ text: String, raw: Bool = false) -> String {
        MarkdownDocument(parsing: text, options: .init(allowRawHTML: raw)).renderHTML()
    }

    static let hostileHeadings = [
        "## Hi <img src=x onerror=alert(1)>\n", "## [x](javascript:alert(1))\n", "> ## <svg onload=alert(1)>\n",
        "- ## <details open ontoggle=alert(1)>\n", "Setext <form action=javascript:alert(1)><button>go\n---\n",
        "## ![i](javascript:alert(1))\n", "1. Title <a href=\"javascript:alert(1)\">x</a>\n   ===\n",
        "## <javascript:alert(1)>\n",
    ]

    /// The tags of rendered HTML that could run script: handlers, script URLs, scripting elements.
    static func scriptingAttributes(_ html: String) -> [String] {
        tags(in: html).filter { tag in
            [" on", "script:", "<svg", "<script", "<form", "<iframe", "<object"].contains { tag.contains($0) }
        }
    }

    @Test("a heading's raw HTML and script links are cleaned like the rest of the body", arguments: hostileHeadings)
    func headings(_ text: String) {
        for raw in [false, true] {
            let out = html(text, raw: raw)
            #expect(out.contains("<h"), "\(text) renders a heading")
            #expect(Self.scriptingAttributes(out).isEmpty, "raw: \(raw): \(out)")
        }
    }

    @Test("raw HTML, when a site allows it, keeps formatting and loses every way to run script")
    func sanitizer() {
        let out = html("""
            <div class="note" onclick="alert(1)"><b title='t'>bold</b> <img src="/a.png" alt="a" onerror=alert(1)></div>

            <p><a href="&#106;avascript:alert(1)">entity</a> <a href="java&#x09;script:alert(1)">tab</a>
            <a href=" JaVaScRiPt:alert(1)">case</a> <a href="javascript&colon;alert(1)">named</a>
            <a href="https://ok.example/?a=1&amp;b=2">ok</a></p>

            <script>alert(1)</script><style>*{}</style><iframe srcdoc="<script>alert(1)</script>"></iframe>
            <svg onload=alert(1)><a xlink:href="javascript:alert(1)">s</a></svg>
            <details open ontoggle=alert(1)><summary>s</summary></details>
            <!-- a comment --> <img src="data:text/html,<script>alert(1)</script>"> <img src="data:image/png;base64,AA==">
            <a href="vbscript:msgbox(1)">vb</a> <object data="x.swf"></object> <base href="//evil.example/">
            """, raw: true)
        #expect(Self.scriptingAttributes(out).isEmpty, "\(out)")
        #expect(!out.contains("<style") && !out.contains("<base") && !out.contains("data:text"))
        #expect(out.contains("<div class=\"note\"><b title=\"t\">bold</b> <img src=\"/a.png\" alt=\"a\"></div>"))
        #expect(out.contains("<a href=\"https://ok.example/?a=1&amp;b=2\">ok</a>"))
        #expect(out.contains("<img src=\"data:image/png;base64,AA==\">"))
        #expect(out.contains("<details open><summary>s</summary></details>"))
        #expect(out.contains("&lt;script&gt;"), "a forbidden element is shown as text: \(out)")
    }

    @Test("the sanitizer writes every tag anew: broken markup cannot smuggle an attribute", arguments: [
        "<img src=x onerror=alert(1)//", "<a href='x' onmouseover=\"alert(1)\"", "<<img src=x onerror=alert(1)>>",
        "<img/src=x/onerror=alert(1)>", "<img src=\"x\"onerror=\"alert(1)\">", "<a href=javascript:alert(1)>x</a>",
        "<IMG SRC=x ONERROR=alert(1)>", "<img src=`x`onerror=alert(1)>", "<a href=\"\u{0}javascript:alert(1)\">x</a>",
    ])
    func brokenMarkup(_ text: String) {
        let out = HTMLSanitizer.clean(text)
        // Every tag left is one the sanitizer wrote: no handler, no script URL.
        for tag in Self.tags(in: out) {
            #expect(!tag.contains(" on") && !tag.contains("script:"), "\(tag) in \(out)")
        }
    }

    /// The tags of rendered HTML, lower-cased: from a `<` followed by a letter to the next `>`.
    static func tags(in html: String) -> [String] {
        let s = Array(html.lowercased().unicodeScalars)
        var tags: [String] = []
        var i = 0
        while i < s.count {
            if s[i] == "<", i + 1 < s.count, s[i + 1].properties.isAlphabetic, let end = s[i...].firstIndex(of: ">") {
                tags.append(String(String.UnicodeScalarView(s[i...end])))
                i = end
            }
            i += 1
        }
        return tags
    }

    @Test("many unclosed tags and quotes cost linear time")
    func unclosedMarkup() {
        let text = String(repeating: "<a href=\"x ", count: 20_000) + String(repeating: "<!-- ", count: 20_000)
        let out = HTMLSanitizer.clean(text)
        #expect(out.hasPrefix("&lt;a href=\"x &lt;a"))
    }

    @Test("script URLs are found as browsers read them", arguments: [
        ("javascript:alert(1)", false), (" \tJaVaScRiPt:x", false), ("java\tscript:x", false), ("\u{1}javascript:x", false),
        ("java\nscript:x", false), ("vbscript:x", false), ("data:text/html,x", false), ("data:image/png;base64,AA", true),
        ("https://x.test/javascript:", true), ("/a/b?javascript:x", true), ("#javascript:x", true), ("mailto:a@b.test", true),
        ("runbook:db", true), ("relative/path", true),
    ])
    func urlSafety(_ pair: (String, Bool)) {
        #expect(URLSafety.isSafe(pair.0) == pair.1, "\(pair.0)")
    }

    @Test("a heading of no letters still gets an id, distinct from the others")
    func emptyHeadingIDs() {
        let doc = MarkdownDocument(parsing: "##\n\n## ???\n\n## Section\n")
        #expect(doc.headings.map(\.id) == ["section", "section-1", "section-2"])
        #expect(!doc.renderHTML().contains("id=\"\""))
    }

    @Test("columns of many links on one line are counted once")
    func manyLinksOnALine() {
        let line = String(repeating: "é [a](x) ", count: 50_000)
        let doc = MarkdownDocument(parsing: line)
        #expect(doc.links.count == 50_000)
        #expect(doc.links.last?.column == 49_999 * 9 + 3)
    }

    @Test("a table row of more cells than allowed is read as text, and its line reported")
    func wideTable() {
        let row = "|" + String(repeating: " x |", count: 600)
        let doc = MarkdownDocument(parsing: "intro\n\n" + row + "\n|" + String(repeating: "---|", count: 600) + "\n| a | b |\n")
        #expect(doc.wideRows.map(\.line) == [3, 4])
        #expect(doc.wideRows.first?.cells == 601)
        #expect(!doc.renderHTML().contains("<table"))
        #expect(MarkdownDocument(parsing: "| a | b |\n|---|---|\n| 1 | 2 |\n").wideRows.isEmpty)
    }
}
