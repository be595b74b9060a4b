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

@Suite("Stability")
struct StabilityTests {
    /// A plan-like graph: a chain of ramps, each with a verify and a rollback branch.
    func plan(steps: Int) -> LayoutGraph {
        var g = LayoutGraph()
        for i in 0..<steps {
            g.nodes.append(.init(id: "ramp\(i)", width: 160, height: 60))
            g.nodes.append(.init(id: "verify\(i)", width: 160, height: 60))
            g.nodes.append(.init(id: "undo\(i)", width: 120, height: 40))
            let r = 3 * i
            if i > 0 { g.edges.append(.init(source: r - 2, target: r)) }
            g.edges.append(.init(source: r, target: r + 1))
            g.edges.append(.init(source: r, target: r + 2))
        }
        return g
    }

    @Test("adding one step moves few of the other nodes (measured, printed)")
    func addingAStep() {
        for steps in [3, 6, 10] {
            let before = plan(steps: steps).layout()
            var grown = plan(steps: steps)
            grown.nodes.append(.init(id: "extra-check", width: 140, height: 50))
            grown.edges.append(.init(source: 0, target: grown.nodes.count - 1))
            let after = grown.layout()
            let moved = before.centres.indices.filter { i in
                abs(before.centres[i].x - after.centres[i].x) > 0.5 || abs(before.centres[i].y - after.centres[i].y) > 0.5
            }.count
            print("stability: a plan of \(steps * 3) nodes, one step added: \(moved) of \(steps * 3) nodes moved")
            #expect(before.ranks == Array(after.ranks.prefix(before.ranks.count)), "no node changes rank")
        }
    }
}
