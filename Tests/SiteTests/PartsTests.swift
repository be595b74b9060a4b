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
}
