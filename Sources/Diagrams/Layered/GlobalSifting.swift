/// Global sifting (Bachmaier, Brandenburg, Brunner and Hübner, "Global k-level crossing reduction", JGAA 2011): the
/// ranks seen as one order of blocks, a block being a real node or the chain of virtual nodes of one long edge. A
/// block moves through the whole order at once, in every rank it spans, and settles where its edges cross the
/// fewest others; a long edge so moves as one line instead of rank by rank, which the sweeps cannot do.
extension CrossingReduction {
    /// The blocks, flattened: block `b` is `nodes[start[b]..<start[b + 1]]`, top to bottom, from rank `top[b]`.
    struct Blocks {
        var nodes: [Int] = []
        var start: [Int] = [0]
        var top: [Int] = []

        var count: Int { top.count }
        func length(_ b: Int) -> Int { start[b + 1] - start[b] }

        /// Each real node alone, then the virtual nodes of each long edge.
        init(_ graph: ProperGraph) {
            for v in 0..<graph.realCount { append([v], graph) }
            for chain in graph.chains where chain.nodes.count > 2 { append(chain.nodes.dropFirst().dropLast(), graph) }
        }

        private mutating func append<C: Collection<Int>>(_ members: C, _ graph: ProperGraph) {
            top.append(graph.rank[members.first!])
            nodes += members
            start.append(nodes.count)
        }
    }

    /// A block order that induces the installed ranks as closely as one order can: blocks by the mean of their
    /// relative places (place / rank width) over the ranks they span, then by number.
    func blockOrder(_ blocks: Blocks) -> [Int] {
        let keys = (0..<blocks.count).map { b -> Double in
            var sum = 0.0
            for v in blocks.nodes[blocks.start[b]..<blocks.start[b + 1]] {
                sum += (Double(position[v]) + 0.5) / Double(layers[graph.rank[v]].count)
            }
            return sum / Double(blocks.length(b))
        }
        return (0..<blocks.count).sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
    }

    /// Installs the ranks that a block order induces.
    mutating func install(blockOrder order: [Int], _ blocks: Blocks) {
        var ranks = [[Int]](repeating: [], count: graph.rankCount)
        for b in order { for v in blocks.nodes[blocks.start[b]..<blocks.start[b + 1]] { ranks[graph.rank[v]].append(v) } }
        install(ranks)
    }

    /// Rounds of global sifting from a block order while each lowers the crossings; the best ranks found.
    mutating func globalSifting(from start: [Int], _ blocks: Blocks, rounds: Int) -> (order: [[Int]], count: Int) {
        var order = start
        install(blockOrder: order, blocks)
        var best = (order: layers, count: totalCrossings())
        guard best.count > 0 else { return best }
        // Real nodes, most connected first, then the long edges.
        let sequence = (0..<blocks.count).sorted { a, b in
            let da = blocks.length(a) == 1 ? degree(blocks.nodes[blocks.start[a]]) : 2
            let db = blocks.length(b) == 1 ? degree(blocks.nodes[blocks.start[b]]) : 2
            return da != db ? da > db : a < b
        }
        for _ in 0..<rounds {
            for b in sequence { sift(block: b, in: &order, blocks) }
            let count = totalCrossings()
            guard count < best.count else { break }
            best = (layers, count)
            if count == 0 { break }
        }
        return best
    }

    private func degree(_ v: Int) -> Int {
        adjacency.upStart[v + 1] - adjacency.upStart[v] + adjacency.downStart[v + 1] - adjacency.downStart[v]
    }

    /// Moves block `a` to the front of the order, then past every other block in turn, swapping it in the ranks the
    /// two share and adding up the change in crossings; leaves it where the total was lowest (the earliest such place).
    private mutating func sift(block a: Int, in order: inout [Int], _ blocks: Blocks) {
        let first = blocks.start[a], length = blocks.length(a)
        let top = blocks.top[a], bottom = top + length - 1
        // To the front, in the order and in every rank it spans.
        order.remove(at: order.firstIndex(of: a)!)
        order.insert(a, at: 0)
        for v in blocks.nodes[first..<(first + length)] { moveToFront(v) }
        var bestIndex = 0
        var bestPlaces = [Int](repeating: 0, count: length)
        var layers = self.layers
        self.layers = []
        var position = self.position
        self.position = []
        adjacency.upStart.withUnsafeBufferPointer { us in
        adjacency.up.withUnsafeBufferPointer { up in
        adjacency.downStart.withUnsafeBufferPointer { ds in
        adjacency.down.withUnsafeBufferPointer { down in
        blocks.nodes.withUnsafeBufferPointer { nodes in
        blocks.start.withUnsafeBufferPointer { start in
        blocks.top.withUnsafeBufferPointer { tops in
        order.withUnsafeMutableBufferPointer { order in
        position.withUnsafeMutableBufferPointer { pos in
            var change = 0, bestChange = 0
            for i in 1..<order.count {
                let b = order[i]
                let bTop = tops[b], bFirst = start[b]
                let from = max(top, bTop), to = min(bottom, bTop + start[b + 1] - bFirst - 1)
                if from <= to {
                    for r in from...to {
                        let u = nodes[first + r - top], w = nodes[bFirst + r - bTop]
                        let (kept, swapped) = crossings(u, w, us, up, ds, down, pos)
                        change += swapped - kept
                        let p = pos[u]
                        layers[r][p] = w
                        layers[r][p + 1] = u
                        pos[w] = p
                        pos[u] = p + 1
                    }
                }
                order[i - 1] = b
                order[i] = a
                if change < bestChange {
                    bestChange = change
                    bestIndex = i
                    for k in 0..<length { bestPlaces[k] = pos[nodes[first + k]] }
                }
            }
        }}}}}}}}}
        self.layers = layers
        self.position = position
        // Back to the best place: it stands last in every rank it spans.
        order.removeLast()
        order.insert(a, at: bestIndex)
        guard bestIndex < order.count - 1 else { return }
        for k in 0..<length {
            var layer = self.layers[top + k]
            let v = layer.removeLast()
            layer.insert(v, at: bestPlaces[k])
            setLayer(top + k, layer)
        }
    }

    private mutating func moveToFront(_ v: Int) {
        let r = graph.rank[v]
        var layer = layers[r]
        layer.remove(at: position[v])
        layer.insert(v, at: 0)
        setLayer(r, layer)
    }
}
