/// Phase 1 of the layered layout: makes the graph acyclic by reversing a small set of edges (Eades, Lin and Smyth 1993).
enum CycleBreaking {
    /// Which edges to reverse so that the remaining directed graph has no cycle.
    ///
    /// The greedy heuristic of Eades, Lin and Smyth orders the nodes: sinks go to the back, sources to the front, and
    /// when there are neither, the node whose outgoing weight most exceeds its incoming weight goes to the front (the
    /// first in node order on a tie). Edges that point backwards in that order are reversed. An acyclic graph keeps
    /// every edge; a simple cycle loses the edge that closes it in node order. Self-loops and edges whose ends are out
    /// of range are ignored (never reversed). Linear apart from the choices made when stuck, each a scan of the nodes.
    static func reversedEdges(nodeCount n: Int, edges: [(source: Int, target: Int)], weights: [Double]) -> [Bool] {
        var reversed = [Bool](repeating: false, count: edges.count)
        guard n > 0 else { return reversed }
        func counts(_ i: Int) -> Bool {
            let e = edges[i]
            return e.source >= 0 && e.source < n && e.target >= 0 && e.target < n && e.source != e.target
        }
        var outgoing = [[Int]](repeating: [], count: n), incoming = [[Int]](repeating: [], count: n)
        var outWeight = [Double](repeating: 0, count: n), inWeight = [Double](repeating: 0, count: n)
        var outCount = [Int](repeating: 0, count: n), inCount = [Int](repeating: 0, count: n)
        for (i, e) in edges.enumerated() where counts(i) {
            outgoing[e.source].append(i)
            incoming[e.target].append(i)
            outWeight[e.source] += weights[i]
            inWeight[e.target] += weights[i]
            outCount[e.source] += 1
            inCount[e.target] += 1
        }

        var removed = [Bool](repeating: false, count: n)
        var sinks: [Int] = [], sources: [Int] = []
        var sinkHead = 0, sourceHead = 0
        for v in 0..<n {
            if outCount[v] == 0 { sinks.append(v) } else if inCount[v] == 0 { sources.append(v) }
        }
        var front: [Int] = [], back: [Int] = []
        front.reserveCapacity(n)
        func remove(_ v: Int) {
            removed[v] = true
            for e in outgoing[v] where !removed[edges[e].target] {
                let w = edges[e].target
                inCount[w] -= 1
                inWeight[w] -= weights[e]
                if inCount[w] == 0 { sources.append(w) }
            }
            for e in incoming[v] where !removed[edges[e].source] {
                let w = edges[e].source
                outCount[w] -= 1
                outWeight[w] -= weights[e]
                if outCount[w] == 0 { sinks.append(w) }
            }
        }
        var remaining = n
        while remaining > 0 {
            if sinkHead < sinks.count {
                let v = sinks[sinkHead]
                sinkHead += 1
                if removed[v] { continue }
                remove(v)
                back.append(v)
            } else if sourceHead < sources.count {
                let v = sources[sourceHead]
                sourceHead += 1
                if removed[v] { continue }
                remove(v)
                front.append(v)
            } else {
                var best = -1
                for v in 0..<n where !removed[v] {
                    if best < 0 || outWeight[v] - inWeight[v] > outWeight[best] - inWeight[best] { best = v }
                }
                remove(best)
                front.append(best)
            }
            remaining -= 1
        }

        var place = [Int](repeating: 0, count: n)
        for (i, v) in front.enumerated() { place[v] = i }
        for (i, v) in back.reversed().enumerated() { place[v] = front.count + i }
        for (i, e) in edges.enumerated() where counts(i) { reversed[i] = place[e.source] > place[e.target] }
        return reversed
    }
}
