/// Phase 3 of the layered layout: the proper layered graph, where a chain of virtual nodes replaces every long edge.
struct ProperGraph {
    /// One laid-out edge: its nodes from the upper end to the lower end, virtual nodes in between.
    struct Chain {
        /// Index into the original graph's edges.
        var edge: Int
        var nodes: [Int]
    }

    /// Nodes `0..<realCount` are real; the others are virtual nodes, one per rank a long edge crosses.
    let realCount: Int
    private(set) var rank: [Int]
    /// A cluster number per node, -1 for none. A virtual node joins a cluster only when both ends of its edge are in it.
    private(set) var cluster: [Int]
    /// Neighbours one rank up and one rank down, one entry per segment (so parallel edges repeat a neighbour).
    private(set) var up: [[Int]]
    private(set) var down: [[Int]]
    private(set) var chains: [Chain] = []
    let rankCount: Int

    var nodeCount: Int { rank.count }
    @inline(__always) func isVirtual(_ v: Int) -> Bool { v >= realCount }

    /// - Parameter segments: edges with `rank[upper] < rank[lower]`, in the order to lay them out.
    init(ranks: [Int], clusters: [Int], segments: [(edge: Int, upper: Int, lower: Int)]) {
        realCount = ranks.count
        rank = ranks
        cluster = clusters
        up = [[Int]](repeating: [], count: ranks.count)
        down = [[Int]](repeating: [], count: ranks.count)
        rankCount = (ranks.max() ?? -1) + 1
        for s in segments {
            let from = rank[s.upper], to = rank[s.lower]
            guard from < to else { continue }
            var nodes = [s.upper]
            nodes.reserveCapacity(to - from + 1)
            let shared = cluster[s.upper] >= 0 && cluster[s.upper] == cluster[s.lower] ? cluster[s.upper] : -1
            for r in (from + 1)..<to {
                let v = rank.count
                rank.append(r)
                cluster.append(shared)
                up.append([])
                down.append([])
                nodes.append(v)
            }
            nodes.append(s.lower)
            for i in 0..<(nodes.count - 1) {
                down[nodes[i]].append(nodes[i + 1])
                up[nodes[i + 1]].append(nodes[i])
            }
            chains.append(Chain(edge: s.edge, nodes: nodes))
        }
    }
}
