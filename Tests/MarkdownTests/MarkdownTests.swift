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

    @Test("links are found with their positions and rewritten on the tree")
    func links() {
        let doc = MarkdownDocument(parsing: "Intro.\n\nSee [a](runbook:x#y) and\n  [b](../b.md).\n")
        #expect(doc.links.map(\.destination) == ["runbook:x#y", "../b.md"])
        #expect(doc.links[0].line == 3)
        #expect(doc.links[0].column == 5)
        #expect(doc.links[1].line == 4)
        doc.rewriteLinks { $0.destination == "../b.md" ? "/b/" : nil }
        let out = doc.renderHTML()
        #expect(out.contains("<a href=\"/b/\">b</a>"))
        #expect(out.contains("<a href=\"runbook:x#y\">a</a>"))
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
}
