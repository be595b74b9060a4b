import Foundation
import Testing
@testable import Diagrams

@Suite("Layered layout")
struct LayeredLayoutTests {
    static let named: [(String, LayoutGraph)] = [
        ("empty", LayoutGraph()),
        ("one node", LayoutGraph(nodes: [.init(id: "a", width: 50, height: 30)])),
        ("chain", Graphs.chain(6)),
        ("binary tree", Graphs.tree(arity: 2, depth: 4, seed: 1)),
        ("ternary tree", Graphs.tree(arity: 3, depth: 3, seed: 2)),
        ("K3,4", Graphs.completeBipartite(3, 4)),
        ("long edges", Graphs.longEdges(8)),
        ("cycle", Graphs.cycle(5)),
        ("two-cycle", LayoutGraph(nodes: Graphs.uniform(2), edges: [.init(source: 0, target: 1), .init(source: 1, target: 0)])),
        ("self-loops", LayoutGraph(nodes: Graphs.uniform(3), edges: [
            .init(source: 0, target: 0), .init(source: 0, target: 1), .init(source: 1, target: 1),
            .init(source: 1, target: 1), .init(source: 1, target: 2), .init(source: 2, target: 0),
        ])),
        ("only a self-loop", LayoutGraph(nodes: Graphs.uniform(1), edges: [.init(source: 0, target: 0)])),
        ("multi-edges", LayoutGraph(nodes: Graphs.uniform(4), edges: [
            .init(source: 0, target: 1), .init(source: 0, target: 1), .init(source: 0, target: 1),
            .init(source: 1, target: 0), .init(source: 0, target: 3), .init(source: 0, target: 3),
            .init(source: 2, target: 3), .init(source: 1, target: 3),
        ])),
        ("disconnected", LayoutGraph(nodes: Graphs.uniform(7), edges: [
            .init(source: 0, target: 1), .init(source: 2, target: 3), .init(source: 3, target: 4),
        ])),
        ("flat edges", LayoutGraph(nodes: Graphs.uniform(4), edges: [
            .init(source: 0, target: 1, minLength: 0), .init(source: 0, target: 2), .init(source: 1, target: 2),
            .init(source: 2, target: 3, minLength: 0), .init(source: 3, target: 2, minLength: 0),
        ])),
        ("min lengths and weights", LayoutGraph(nodes: Graphs.uniform(5), edges: [
            .init(source: 0, target: 1, weight: 5, minLength: 2), .init(source: 1, target: 2),
            .init(source: 0, target: 3, weight: 0.5, minLength: 4), .init(source: 3, target: 4, minLength: 0),
            .init(source: 2, target: 4, weight: 3),
        ])),
        ("zero-sized nodes", LayoutGraph(nodes: (0..<4).map { .init(id: "z\($0)", width: 0, height: 0) },
                                         edges: [.init(source: 0, target: 1), .init(source: 0, target: 2), .init(source: 1, target: 3),
                                                 .init(source: 2, target: 3), .init(source: 0, target: 3)])),
    ]

    static var generated: [(String, LayoutGraph)] {
        var graphs: [(String, LayoutGraph)] = []
        for seed in 1...12 { graphs.append(("random DAG \(seed)", Graphs.randomDAG(8 + 4 * seed, seed: UInt64(seed)))) }
        for seed in 1...12 { graphs.append(("messy \(seed)", Graphs.randomMessy(3 + 2 * seed, seed: UInt64(100 + seed)))) }
        return graphs
    }

    @Test("every layout is sound: boxes apart, ranks follow edges, routes border to border, in rank order, around boxes")
    func soundness() {
        for (name, graph) in Self.named + Self.generated {
            for direction in [LayoutOptions.Direction.topToBottom, .leftToRight] {
                let options = LayoutOptions(direction: direction)
                let layout = graph.layout(options)
                let problems = LayoutChecks.problems(graph, layout, options)
                #expect(problems.isEmpty, "\(name), \(direction): \(problems.prefix(5).joined(separator: "; "))")
            }
        }
    }

    @Test("a soak of messy graphs with clusters, odd separations, both directions, stays sound")
    func soak() {
        var rng = SeededGenerator(seed: 77)
        for seed in UInt64(1)...40 {
            var g = Graphs.randomMessy(Int.random(in: 1...30, using: &rng), seed: 500 + seed)
            // Extra isolated nodes and a second part make several parts; clusters may span parts.
            for i in 0..<Int.random(in: 0...3, using: &rng) { g.nodes.append(.init(id: "x\(i)", width: 30, height: 20)) }
            for i in g.nodes.indices { g.nodes[i].cluster = [nil, nil, "p", "q"][Int.random(in: 0..<4, using: &rng)] }
            let options = LayoutOptions(direction: Bool.random(using: &rng) ? .topToBottom : .leftToRight,
                                        nodeSeparation: Double(Int.random(in: 1...60, using: &rng)),
                                        rankSeparation: Double(Int.random(in: 2...90, using: &rng)))
            let layout = g.layout(options)
            let problems = LayoutChecks.problems(g, layout, options)
            #expect(problems.isEmpty, "seed \(seed): \(problems.prefix(5).joined(separator: "; "))")
        }
    }

    @Test("other separations are honoured")
    func separations() {
        for (name, graph) in [("random", Graphs.randomDAG(30, seed: 7)), ("messy", Graphs.randomMessy(15, seed: 8))] {
            for options in [LayoutOptions(nodeSeparation: 4, rankSeparation: 10),
                            LayoutOptions(direction: .leftToRight, nodeSeparation: 60, rankSeparation: 100)] {
                let layout = graph.layout(options)
                let problems = LayoutChecks.problems(graph, layout, options)
                #expect(problems.isEmpty, "\(name): \(problems.prefix(5).joined(separator: "; "))")
                // Neighbours in a rank keep the node separation border to border.
                let vertical = options.direction == .topToBottom
                for r in Set(layout.ranks) {
                    let members = graph.nodes.indices.filter { layout.ranks[$0] == r }
                        .sorted { vertical ? layout.centres[$0].x < layout.centres[$1].x : layout.centres[$0].y < layout.centres[$1].y }
                    for (a, b) in zip(members, members.dropFirst()) {
                        let gap = vertical
                            ? (layout.centres[b].x - graph.nodes[b].width / 2) - (layout.centres[a].x + graph.nodes[a].width / 2)
                            : (layout.centres[b].y - graph.nodes[b].height / 2) - (layout.centres[a].y + graph.nodes[a].height / 2)
                        #expect(gap >= options.nodeSeparation - 1e-6, "\(name): nodes \(a) and \(b) only \(gap) apart")
                    }
                }
            }
        }
    }

    @Test("the same graph gives the same layout")
    func determinism() {
        for (name, graph) in Self.named + Self.generated.prefix(8) {
            let a = graph.layout(), b = graph.layout()
            #expect(a.centres == b.centres && a.ranks == b.ranks && a.routes == b.routes && a.width == b.width && a.height == b.height, "\(name)")
        }
        let messy = Graphs.randomMessy(30, seed: 99)
        let a = messy.layout(LayoutOptions(direction: .leftToRight)), b = messy.layout(LayoutOptions(direction: .leftToRight))
        #expect(a.centres == b.centres && a.routes == b.routes)
    }

    @Test("ranks go down top to bottom and right left to right")
    func directions() {
        let g = Graphs.chain(4)
        let down = g.layout(), right = g.layout(LayoutOptions(direction: .leftToRight))
        #expect(down.ranks == [0, 1, 2, 3] && right.ranks == [0, 1, 2, 3])
        for i in 1..<4 {
            #expect(down.centres[i].y > down.centres[i - 1].y)
            #expect(abs(down.centres[i].x - down.centres[0].x) < 1e-9, "a chain is drawn straight")
            #expect(right.centres[i].x > right.centres[i - 1].x)
            #expect(abs(right.centres[i].y - right.centres[0].y) < 1e-9)
        }
        // Left to right is the transpose of top to bottom with the sizes swapped.
        let wide = LayoutGraph(nodes: [.init(id: "a", width: 100, height: 20), .init(id: "b", width: 30, height: 60)],
                               edges: [.init(source: 0, target: 1)])
        let swapped = LayoutGraph(nodes: [.init(id: "a", width: 20, height: 100), .init(id: "b", width: 60, height: 30)],
                                  edges: [.init(source: 0, target: 1)])
        let lr = wide.layout(LayoutOptions(direction: .leftToRight)), tb = swapped.layout()
        #expect(lr.width == tb.height && lr.height == tb.width)
        #expect(zip(lr.centres, tb.centres).allSatisfy { $0.x == $1.y && $0.y == $1.x })
    }

    @Test("the drawing starts at the origin with a margin and covers everything")
    func extent() {
        let one = LayoutGraph(nodes: [.init(id: "a", width: 50, height: 30)]).layout()
        #expect(one.centres[0].x - 25 >= 12 && one.centres[0].y - 15 >= 12)
        #expect(one.width >= 50 + 24 && one.height >= 30 + 24)
        let empty = LayoutGraph().layout()
        #expect(empty.centres.isEmpty && empty.routes.isEmpty && empty.width >= 0 && empty.height >= 0)
    }

    @Test("cycles are broken by reversing edges, routed from their own source")
    func cycles() {
        let layout = Graphs.cycle(4).layout()
        let reversed = layout.routes.filter(\.reversed)
        #expect(reversed.count == 1)
        if let r = reversed.first {
            let e = Graphs.cycle(4).edges[r.edge]
            #expect(layout.ranks[e.source] > layout.ranks[e.target])
            #expect(r.points.first!.y < layout.centres[e.source].y, "leaves its source upwards")
        }
        // A DAG keeps every edge.
        #expect(Graphs.randomDAG(40, seed: 3).layout().routes.allSatisfy { !$0.reversed })
    }

    @Test("self-loops are drawn beside their node")
    func selfLoops() {
        let g = LayoutGraph(nodes: Graphs.uniform(2), edges: [.init(source: 0, target: 0), .init(source: 0, target: 1), .init(source: 0, target: 0)])
        let layout = g.layout()
        for route in layout.routes where g.edges[route.edge].source == g.edges[route.edge].target {
            #expect(!route.reversed)
            #expect(route.points.allSatisfy { $0.x >= layout.centres[0].x + 20 - 1e-9 }, "on the right of the node")
        }
        #expect(layout.routes[0].points != layout.routes[2].points, "two loops on one node do not coincide")
        #expect(LayoutChecks.problems(g, layout).isEmpty)
    }

    @Test("edges that are out of range are left out, odd numbers do not crash")
    func robustness() {
        let g = LayoutGraph(nodes: [.init(id: "a", width: .nan, height: -5), .init(id: "b", width: .infinity, height: 10)],
                            edges: [.init(source: 0, target: 1, weight: -3, minLength: -2), .init(source: 0, target: 7),
                                    .init(source: 0, target: 1, weight: .nan, minLength: 1_000_000)])
        let layout = g.layout(LayoutOptions(nodeSeparation: -1, rankSeparation: .nan))
        #expect(layout.centres.count == 2)
        #expect(layout.routes.map(\.edge) == [0, 2])
        #expect(layout.centres.allSatisfy { $0.x.isFinite && $0.y.isFinite })
    }

    @Test("members of a cluster stay together in every rank")
    func clusters() {
        var rng = SeededGenerator(seed: 5)
        for seed in 1...6 {
            var g = Graphs.randomDAG(24, seed: UInt64(seed))
            for i in g.nodes.indices { g.nodes[i].cluster = ["a", "b", "c", nil][Int.random(in: 0..<4, using: &rng)] }
            let layout = g.layout()
            #expect(LayoutChecks.problems(g, layout).isEmpty)
            for r in Set(layout.ranks) {
                let row = g.nodes.indices.filter { layout.ranks[$0] == r }.sorted { layout.centres[$0].x < layout.centres[$1].x }
                var closed = Set<String>()
                var current: String? = nil
                for v in row {
                    let c = g.nodes[v].cluster
                    if c != current, let old = current { closed.insert(old) }
                    if let c { #expect(!closed.contains(c), "seed \(seed): cluster \(c) split in rank \(r)") }
                    current = c
                }
            }
        }
    }

    @Test("cluster outlines hold their members and no other node, top to bottom and left to right")
    func clusterOutlines() {
        func inside(_ p: Point, _ polygon: [Point]) -> Bool {
            var result = false
            var j = polygon.count - 1
            for i in polygon.indices {
                let a = polygon[i], b = polygon[j]
                if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { result.toggle() }
                j = i
            }
            return result
        }
        var rng = SeededGenerator(seed: 9)
        for seed in 1...6 {
            for direction in [LayoutOptions.Direction.topToBottom, .leftToRight] {
                var g = Graphs.randomDAG(24, seed: UInt64(seed))
                for i in g.nodes.indices { g.nodes[i].cluster = ["a", "b", nil][Int.random(in: 0..<3, using: &rng)] }
                var options = LayoutOptions()
                options.direction = direction
                let layout = g.layout(options)
                let outlines = layout.clusterOutlines(of: g)
                var firstSeen: [String] = []
                for case let name? in g.nodes.map(\.cluster) where !firstSeen.contains(name) { firstSeen.append(name) }
                #expect(outlines.map(\.name) == firstSeen)
                for outline in outlines {
                    for (v, node) in g.nodes.enumerated() {
                        let c = layout.centres[v]
                        let held = outline.polygons.contains { inside(c, $0) }
                        // Members inside with their whole box; others not even with their centre.
                        if node.cluster == outline.name {
                            for dx in [-1.0, 1.0] { for dy in [-1.0, 1.0] {
                                let corner = Point(x: c.x + dx * node.width / 2, y: c.y + dy * node.height / 2)
                                #expect(outline.polygons.contains { inside(corner, $0) }, "seed \(seed) \(direction): \(node.id) sticks out")
                            } }
                        } else {
                            #expect(!held, "seed \(seed) \(direction): \(node.id) inside cluster \(outline.name)")
                        }
                    }
                }
            }
        }
        let plain = Graphs.randomDAG(10, seed: 1)
        #expect(plain.layout().clusterOutlines(of: plain).isEmpty)
    }

    @Test("a source order without crossings is kept")
    func stability() {
        // Two chains side by side, and a tree: the order they are written in has no crossing.
        let g = LayoutGraph(nodes: Graphs.uniform(6), edges: [.init(source: 0, target: 1), .init(source: 1, target: 2),
                                                              .init(source: 3, target: 4), .init(source: 4, target: 5)])
        let layout = g.layout()
        #expect(layout.centres[0].x < layout.centres[3].x)
        let tree = Graphs.tree(arity: 3, depth: 2, seed: 4)
        let t = tree.layout()
        for parent in 0..<4 {
            let children = tree.edges.filter { $0.source == parent }.map(\.target)
            #expect(zip(children, children.dropFirst()).allSatisfy { t.centres[$0].x < t.centres[$1].x }, "children of \(parent) in order")
        }
    }

    @Test("timing of a 100-node random DAG, for information")
    func timing() {
        let graph = Graphs.randomDAG(100, edgesPerNode: 1.5, seed: 2024)
        _ = graph.layout()
        let clock = ContinuousClock()
        let runs = 5
        let start = clock.now
        for _ in 0..<runs { _ = graph.layout() }
        let elapsed = (clock.now - start) / runs
        print("Layered layout of a 100-node, \(graph.edges.count)-edge random DAG: \(elapsed) per layout (this build's configuration)")
    }
}

@Suite("Crossing reduction")
struct CrossingTests {
    @Test("the accumulator tree counts like brute force")
    func accumulatorTree() {
        var rng = SeededGenerator(seed: 11)
        var tree: [Int] = []
        for _ in 0..<200 {
            let north = Int.random(in: 1...8, using: &rng), south = Int.random(in: 1...8, using: &rng)
            var edges: [(Int, Int)] = []
            for _ in 0..<Int.random(in: 0...20, using: &rng) {
                edges.append((Int.random(in: 0..<north, using: &rng), Int.random(in: 0..<south, using: &rng)))
            }
            edges.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            var brute = 0
            for i in edges.indices { for j in 0..<i where (edges[i].0 - edges[j].0) * (edges[i].1 - edges[j].1) < 0 { brute += 1 } }
            #expect(CrossingCount.bilayer(southSequence: edges.map(\.1), southCount: south, tree: &tree) == brute)
        }
    }

    @Test("complete bipartite graphs have exactly their unavoidable crossings")
    func completeBipartite() {
        // Every two-layer drawing of K(a,b) has C(a,2)·C(b,2) crossings: K2,2 one, K3,3 nine.
        #expect(LayoutChecks.crossings(Graphs.completeBipartite(2, 2), Graphs.completeBipartite(2, 2).layout()) == 1)
        #expect(LayoutChecks.crossings(Graphs.completeBipartite(3, 3), Graphs.completeBipartite(3, 3).layout()) == 9)
        // Two stars written interleaved: drawn apart, without a crossing.
        let two = LayoutGraph(nodes: Graphs.uniform(6), edges: [.init(source: 0, target: 5), .init(source: 1, target: 2),
                                                                .init(source: 0, target: 3), .init(source: 1, target: 4)])
        #expect(LayoutChecks.crossings(two, two.layout()) == 0)
    }

    @Test("scrambled planar layered graphs are untangled")
    func untangle() {
        for seed in UInt64(1)...20 {
            var rng = SeededGenerator(seed: seed)
            // A staircase between two or three layers has a drawing without crossings; write it in a shuffled order.
            let top = Int.random(in: 3...8, using: &rng), bottom = Int.random(in: 3...8, using: &rng)
            var pairs: [(Int, Int)] = [(0, 0)]
            var i = 0, j = 0
            while i < top - 1 || j < bottom - 1 {
                if i < top - 1 && (j == bottom - 1 || Bool.random(using: &rng)) { i += 1 } else { j += 1 }
                pairs.append((i, j))
            }
            let names = Array(0..<(top + bottom)).shuffled(using: &rng)
            var edges = pairs.map { LayoutGraph.Edge(source: names[$0.0], target: names[top + $0.1]) }
            edges.shuffle(using: &rng)
            let g = LayoutGraph(nodes: Graphs.uniform(top + bottom), edges: edges)
            let layout = g.layout()
            #expect(LayoutChecks.crossings(g, layout) == 0, "seed \(seed)")
        }
    }

    @Test("the crossings a layout reports are those of its drawing, rank line by rank line")
    func reportedCrossings() {
        for seed in UInt64(1)...12 {
            let g = Graphs.randomDAG(30, edgesPerNode: 2.5, seed: seed)
            let layout = g.layout()
            #expect(layout.crossings == LayoutChecks.layeredCrossings(g, layout), "seed \(seed)")
        }
        #expect(Graphs.completeBipartite(3, 3).layout().crossings == 9)
    }

    @Test("global sifting never ends worse than it starts, and moves long edges out of the way")
    func globalSifting() {
        var started = 0, ended = 0
        for seed in UInt64(1)...20 {
            let g = Graphs.randomDAG(40, edgesPerNode: 2, seed: seed)
            let ranks = NetworkSimplex.ranks(nodeCount: g.nodes.count,
                                             edges: g.edges.map { .init(tail: $0.source, head: $0.target, minLength: 1, weight: 1) })
            let proper = ProperGraph(ranks: ranks, clusters: ranks.map { _ in -1 },
                                     segments: g.edges.enumerated().map { ($0, $1.source, $1.target) })
            var reduction = CrossingReduction(graph: proper)
            let blocks = CrossingReduction.Blocks(proper)
            // A poor start: the blocks in a shuffled order.
            var rng = SeededGenerator(seed: seed)
            let start = Array(0..<blocks.count).shuffled(using: &rng)
            reduction.install(blockOrder: start, blocks)
            let before = reduction.totalCrossings()
            let result = reduction.globalSifting(from: start, blocks, rounds: 10)
            reduction.install(result.order)
            #expect(result.count == reduction.totalCrossings(), "seed \(seed): the count is the order's")
            #expect(result.count <= before, "seed \(seed)")
            for r in result.order.indices { #expect(result.order[r].sorted() == (0..<proper.nodeCount).filter { proper.rank[$0] == r }) }
            started += before
            ended += result.count
        }
        print("global sifting from shuffled block orders of 20 random DAGs: \(started) → \(ended) crossings")
        #expect(ended * 2 < started, "global sifting at least halves the crossings of a random order")
    }

    @Test("rankings: network simplex first, then as high and as low as the edges allow, all feasible")
    func rankings() {
        for seed in UInt64(1)...10 {
            let g = Graphs.randomDAG(25, edgesPerNode: 1.8, seed: seed)
            let edges = g.edges.enumerated().map { NetworkSimplex.Edge(tail: $1.source, head: $1.target, minLength: 1 + $0 % 2, weight: 1) }
            let rankings = LayeredLayout.rankings(nodeCount: g.nodes.count, edges: edges)
            #expect(rankings.count == 3)
            #expect(rankings[0] == NetworkSimplex.ranks(nodeCount: g.nodes.count, edges: edges))
            for ranking in rankings {
                #expect(edges.allSatisfy { ranking[$0.head] - ranking[$0.tail] >= $0.minLength }, "seed \(seed)")
            }
            // As high as possible: every node at the length of its longest path from a source.
            let high = rankings[1]
            for e in edges { #expect(high[e.head] >= high[e.tail] + e.minLength) }
            for v in 0..<g.nodes.count where !edges.contains(where: { $0.head == v }) { #expect(high[v] == 0) }
            for v in 0..<g.nodes.count where edges.contains(where: { $0.head == v }) {
                #expect(edges.contains { $0.head == v && high[v] == high[$0.tail] + $0.minLength }, "a tight edge holds node \(v) down")
            }
        }
        let layout = Graphs.randomDAG(30, edgesPerNode: 2.5, seed: 3).layout()
        #expect(LayoutChecks.problems(Graphs.randomDAG(30, edgesPerNode: 2.5, seed: 3), layout).isEmpty)
    }

    @Test("a scrambled tree is drawn without crossings")
    func trees() {
        for seed in UInt64(1)...10 {
            var rng = SeededGenerator(seed: seed)
            let n = 30
            var edges: [LayoutGraph.Edge] = []
            for v in 1..<n { edges.append(.init(source: Int.random(in: 0..<v, using: &rng), target: v)) }
            let names = [0] + Array(1..<n).shuffled(using: &rng)
            edges = edges.map { .init(source: names[$0.source], target: names[$0.target]) }.shuffled(using: &rng)
            let g = LayoutGraph(nodes: Graphs.uniform(n), edges: edges)
            #expect(LayoutChecks.crossings(g, g.layout()) == 0, "seed \(seed)")
        }
    }
}

@Suite("Network simplex")
struct RankingTests {
    func cost(_ ranks: [Int], _ edges: [NetworkSimplex.Edge]) -> Double {
        edges.reduce(0) { $0 + $1.weight * Double(ranks[$1.head] - ranks[$1.tail]) }
    }

    @Test("ranks are feasible and as cheap as the best found by brute force")
    func optimal() {
        var rng = SeededGenerator(seed: 21)
        for _ in 0..<25 {
            let n = Int.random(in: 2...5, using: &rng)
            var edges: [NetworkSimplex.Edge] = []
            var seen = Set<Int>()
            for _ in 0..<Int.random(in: 1...7, using: &rng) {
                let a = Int.random(in: 0..<n, using: &rng), b = Int.random(in: 0..<n, using: &rng)
                guard a < b, seen.insert(a * n + b).inserted else { continue }
                edges.append(.init(tail: a, head: b, minLength: Int.random(in: 0...2, using: &rng),
                                   weight: Double(Int.random(in: 1...4, using: &rng))))
            }
            let ranks = NetworkSimplex.ranks(nodeCount: n, edges: edges)
            #expect(edges.allSatisfy { ranks[$0.head] - ranks[$0.tail] >= $0.minLength })
            // Brute force over ranks 0...8.
            var best = Double.infinity
            var r = [Int](repeating: 0, count: n)
            func search(_ i: Int) {
                if i == n {
                    if edges.allSatisfy({ r[$0.head] - r[$0.tail] >= $0.minLength }) { best = min(best, cost(r, edges)) }
                    return
                }
                for value in 0...8 { r[i] = value; search(i + 1) }
            }
            search(0)
            #expect(cost(ranks, edges) == best, "\(edges)")
        }
    }

    @Test("weights pull heavy edges short")
    func weights() {
        // a → b → c and a → c: with a heavy a → c, b sits between them and a → c spans two ranks either way;
        // with minLength 3 on a → b, a → c must stretch.
        let g = LayoutGraph(nodes: Graphs.uniform(3), edges: [.init(source: 0, target: 1, minLength: 3), .init(source: 1, target: 2),
                                                              .init(source: 0, target: 2, weight: 10)])
        #expect(g.layout().ranks == [0, 3, 4])
        // A node hanging off a long chain sits right next to its neighbour, not at the top.
        let h = LayoutGraph(nodes: Graphs.uniform(5), edges: [.init(source: 0, target: 1), .init(source: 1, target: 2),
                                                              .init(source: 2, target: 3), .init(source: 4, target: 3)])
        #expect(h.layout().ranks[4] == 2)
    }
}

@Suite("Brandes–Köpf coordinates")
struct CoordinateTests {
    /// A proper graph of `graph` (cycles broken, ranked), ordered by the crossing reduction.
    static func prepared(_ graph: LayoutGraph) -> (ProperGraph, [[Int]]) {
        let n = graph.nodes.count
        let reversed = CycleBreaking.reversedEdges(nodeCount: n, edges: graph.edges.map { ($0.source, $0.target) },
                                                   weights: graph.edges.map(\.weight))
        var edges: [NetworkSimplex.Edge] = []
        var segments: [(edge: Int, upper: Int, lower: Int)] = []
        for (i, e) in graph.edges.enumerated() where e.source != e.target {
            let (t, h) = reversed[i] ? (e.target, e.source) : (e.source, e.target)
            edges.append(.init(tail: t, head: h, minLength: max(1, e.minLength), weight: 1))
            segments.append((i, t, h))
        }
        let ranks = NetworkSimplex.ranks(nodeCount: n, edges: edges)
        let proper = ProperGraph(ranks: ranks, clusters: [Int](repeating: -1, count: n), segments: segments)
        var reduction = CrossingReduction(graph: proper)
        return (proper, reduction.run())
    }

    @Test("each of the four alignments keeps every separation by itself")
    func alignmentsAreSound() {
        let graphs = (UInt64(1)...30).map { Graphs.randomDAG(10 + 3 * Int($0), edgesPerNode: 1.8, seed: $0) }
            + (UInt64(1)...15).map { Graphs.randomMessy(8 + Int($0), seed: 300 + $0) }
        for (g, graph) in graphs.enumerated() {
            let (proper, layers) = Self.prepared(graph)
            var rng = SeededGenerator(seed: UInt64(g))
            let half = (0..<proper.nodeCount).map { proper.isVirtual($0) ? 0 : Double(Int.random(in: 5...40, using: &rng)) }
            let extra = (0..<proper.nodeCount).map { proper.isVirtual($0) ? 0 : Double(Int.random(in: 0...2, using: &rng)) * 7 }
            let bk = BrandesKopf(graph: proper, layers: layers, leftExtent: half,
                                 rightExtent: zip(half, extra).map { $0 + $1 }, nodeSeparation: 10)
            for (k, x) in (bk.alignments() + [bk.coordinates()]).enumerated() {
                for layer in layers {
                    for (u, v) in zip(layer, layer.dropFirst()) {
                        #expect(x[v] - x[u] >= bk.separation(u, v) - 1e-9, "graph \(g), alignment \(k): \(u) and \(v) too close")
                    }
                }
            }
        }
    }

    @Test("long edges run straight through their virtual nodes")
    func straightLongEdges() {
        // a → b → c → d → e, with a → e and b → e skipping ranks.
        let graph = LayoutGraph(nodes: Graphs.uniform(5), edges: [
            .init(source: 0, target: 1), .init(source: 1, target: 2), .init(source: 2, target: 3), .init(source: 3, target: 4),
            .init(source: 0, target: 4), .init(source: 1, target: 4),
        ])
        let (proper, layers) = Self.prepared(graph)
        let ext = [Double](repeating: 20, count: proper.nodeCount)
        let x = BrandesKopf(graph: proper, layers: layers, leftExtent: ext, rightExtent: ext, nodeSeparation: 24).coordinates()
        for chain in proper.chains where chain.nodes.count > 3 {
            let inner = chain.nodes.dropFirst().dropLast().map { x[$0] }
            #expect(inner.allSatisfy { $0 == inner.first }, "edge \(chain.edge): \(inner)")
        }
    }
}

@Suite("Cycle breaking")
struct CycleBreakingTests {
    @Test("a DAG keeps its edges; a cycle loses the edge that closes it; the result is acyclic")
    func acyclic() {
        let dag = Graphs.randomDAG(50, seed: 9)
        #expect(!CycleBreaking.reversedEdges(nodeCount: 50, edges: dag.edges.map { ($0.source, $0.target) },
                                             weights: dag.edges.map(\.weight)).contains(true))
        let ring = Graphs.cycle(5)
        #expect(CycleBreaking.reversedEdges(nodeCount: 5, edges: ring.edges.map { ($0.source, $0.target) },
                                            weights: ring.edges.map(\.weight)) == [false, false, false, false, true])
        for seed in UInt64(1)...30 {
            let g = Graphs.randomMessy(12 + Int(seed), seed: seed)
            let n = g.nodes.count
            let reversed = CycleBreaking.reversedEdges(nodeCount: n, edges: g.edges.map { ($0.source, $0.target) },
                                                       weights: g.edges.map(\.weight))
            // Kahn's algorithm consumes every node only when there is no cycle.
            var indegree = [Int](repeating: 0, count: n)
            var out = [[Int]](repeating: [], count: n)
            for (i, e) in g.edges.enumerated() where e.source != e.target {
                let (t, h) = reversed[i] ? (e.target, e.source) : (e.source, e.target)
                out[t].append(h)
                indegree[h] += 1
            }
            var queue = (0..<n).filter { indegree[$0] == 0 }, head = 0
            while head < queue.count {
                for w in out[queue[head]] { indegree[w] -= 1; if indegree[w] == 0 { queue.append(w) } }
                head += 1
            }
            #expect(queue.count == n, "seed \(seed)")
        }
    }
}
