import Templates
import Testing
@testable import Site

@Suite("Runs of parts")
struct PartsTests {
    @Test("two badges side by side are one status, a space apart; other parts are a comma apart")
    func separators() {
        let value = parts([text("open", badge: "open"), text("overdue", badge: "overdue"), text("@bob"), text("core")])
        guard case .list(let items) = value else { Issue.record("not a list"); return }
        let separators = items.map { item -> TemplateValue? in
            if case .object(let fields) = item { return fields["sep"] } else { return nil }
        }
        #expect(separators == [.null, .text(" "), .text(", "), .text(", ")])
    }

    @Test("dates are kept whole: each YYYY-MM-DD of a part's text, outside tags, in a span the theme keeps on one line")
    func dates() {
        #expect(keepingDatesWhole("expired on 2026-11-15, 10 days ago") == "expired on <span class=\"date\">2026-11-15</span>, 10 days ago")
        #expect(keepingDatesWhole("2026-12-07 – 2026-12-27") == "<span class=\"date\">2026-12-07</span> – <span class=\"date\">2026-12-27</span>")
        #expect(keepingDatesWhole("<a href=\"/x/2026-11-15/\">2026-11-15</a>") == "<a href=\"/x/2026-11-15/\"><span class=\"date\">2026-11-15</span></a>",
                "a date inside a tag's attribute is left alone")
        #expect(keepingDatesWhole("no date, 2026-1-5, 20261115") == nil)
        // A part's text is escaped before the spans go in; a text without a date stays text for the template to escape.
        let part = text("<b>2026-11-15</b>").value
        guard case .object(let fields) = part else { Issue.record("not an object"); return }
        #expect(fields["text"] == .html("&lt;b&gt;<span class=\"date\">2026-11-15</span>&lt;/b&gt;"))
        guard case .object(let plain) = text("<b>").value else { Issue.record("not an object"); return }
        #expect(plain["text"] == .text("<b>"))
    }
}
