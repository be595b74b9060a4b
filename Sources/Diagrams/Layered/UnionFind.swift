/// Disjoint sets of nodes `0..<n` (union–find with path halving); a set is named by its smallest node.
struct UnionFind {
    private var parent: [Int]

    init(_ count: Int) { parent = Array(0..<count) }

    mutating func find(_ v: Int) -> Int {
        var v = v
        while parent[v] != v { parent[v] = parent[parent[v]]; v = parent[v] }
        return v
    }

    mutating func union(_ a: Int, _ b: Int) {
        let ra = find(a), rb = find(b)
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
}

extension NetworkSimplex {
    /// Longest-path ranks (each node as high as its incoming edges' minimum lengths allow) and the topological order
    /// they were found in; nil when the edges have a cycle.
    static func longestPaths(nodeCount n: Int, edges: [Edge]) -> (ranks: [Int], order: [Int])? {
        var indegree = [Int](repeating: 0, count: n)
        var outgoing = [[Int]](repeating: [], count: n)
        for (k, e) in edges.enumerated() {
            indegree[e.head] += 1
            outgoing[e.tail].append(k)
        }
        var queue = (0..<n).filter { indegree[$0] == 0 }, head = 0
        queue.reserveCapacity(n)
        var ranks = [Int](repeating: 0, count: n)
        while head < queue.count {
            let v = queue[head]
            head += 1
            for k in outgoing[v] {
                let w = edges[k].head
                ranks[w] = max(ranks[w], ranks[v] + edges[k].minLength)
                indegree[w] -= 1
                if indegree[w] == 0 { queue.append(w) }
            }
        }
        return queue.count == n ? (ranks, queue) : nil
    }
}
