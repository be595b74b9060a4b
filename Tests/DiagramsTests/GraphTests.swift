import Testing
@testable import Diagrams

@Suite("Layout graph")
struct GraphTests {
    @Test("a graph keeps its nodes and edges")
    func graph() {
        let g = LayoutGraph(nodes: [.init(id: "a", width: 10, height: 10), .init(id: "b", width: 10, height: 10)],
                            edges: [.init(source: 0, target: 1)])
        #expect(g.nodes.count == 2)
        #expect(g.edges.first?.minLength == 1)
    }
}
