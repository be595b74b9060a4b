/// Phase 5 of the layered layout, first step: x coordinates by Brandes–Köpf (with the 2020 erratum), balanced over four
/// alignments, which `SimplexCoordinates` then straightens.
///
/// Each of the four passes (aligning with upper or lower neighbours, leftmost or rightmost median first) aligns
/// nodes into vertical blocks with their median neighbours, avoiding type-1 conflicts (a segment crossing an inner
/// segment between two virtual nodes), and compacts the blocks. The compaction follows Brandes, Walter and Zink's
/// erratum (2020): a block's coordinate relative to its class is final before it is copied to the block's members,
/// and the shifts between classes are computed only once every block is placed, from all the separation constraints
/// between neighbouring classes, in dependency order, so each class takes the final shift of the classes it depends
/// on. The four results are aligned to the narrowest one and each node takes the average of its two median
/// coordinates, as in the paper. Node widths are respected: two neighbours in a rank stay `separation` apart, border to
/// border.
struct BrandesKopf {
    let graph: ProperGraph
    let layers: [[Int]]
    /// How far each node reaches left and right of its centre.
    let leftExtent: [Double]
    let rightExtent: [Double]
    /// Space between two real nodes; half of it next to a virtual node.
    let nodeSeparation: Double

    private enum Vertical { case down, up }
    private enum Horizontal { case left, right }

    /// The least distance between the centres of `u` and `v` when `u` is immediately left of `v`.
    func separation(_ u: Int, _ v: Int) -> Double {
        let gap = graph.isVirtual(u) || graph.isVirtual(v) ? nodeSeparation / 2 : nodeSeparation
        return rightExtent[u] + leftExtent[v] + gap
    }

    /// The centre x of every node of the proper graph.
    func coordinates() -> [Double] {
        let n = graph.nodeCount
        guard n > 0 else { return [] }
        var results = alignments()
        let leftward = [true, false, true, false]

        // Align to the narrowest layout: leftward ones by their left side, rightward ones by their right side.
        var lows: [Double] = [], highs: [Double] = []
        for x in results {
            var lo = Double.infinity, hi = -Double.infinity
            for v in 0..<n {
                lo = min(lo, x[v] - leftExtent[v])
                hi = max(hi, x[v] + rightExtent[v])
            }
            lows.append(lo)
            highs.append(hi)
        }
        var narrowest = 0
        for k in 1..<results.count where highs[k] - lows[k] < highs[narrowest] - lows[narrowest] { narrowest = k }
        for k in results.indices {
            let delta = leftward[k] ? lows[narrowest] - lows[k] : highs[narrowest] - highs[k]
            if delta != 0 { for v in 0..<n { results[k][v] += delta } }
        }

        var x = [Double](repeating: 0, count: n)
        for v in 0..<n {
            var values = [results[0][v], results[1][v], results[2][v], results[3][v]]
            values.sort()
            x[v] = (values[1] + values[2]) / 2
        }

        // The balanced layout keeps every separation (order statistics are monotone); this only mends rounding.
        for layer in layers where layer.count > 1 {
            for i in 1..<layer.count {
                let u = layer[i - 1], v = layer[i]
                let least = x[u] + separation(u, v)
                if x[v] < least - 1e-7 { x[v] = least }
            }
        }
        return x
    }

    /// The four passes' coordinates, in the drawing's frame: aligned with upper neighbours compacted leftwards and
    /// rightwards, then with lower neighbours likewise. Each keeps every separation on its own.
    func alignments() -> [[Double]] {
        let n = graph.nodeCount
        var position = [Int](repeating: 0, count: n)
        for layer in layers { for (i, v) in layer.enumerated() { position[v] = i } }
        let marked = typeOneConflicts(position: position)
        var results: [[Double]] = []
        for vertical in [Vertical.down, .up] {
            for horizontal in [Horizontal.left, .right] {
                var x = compaction(vertical, horizontal, marked: marked)
                if horizontal == .right { for i in x.indices { x[i] = -x[i] } }
                results.append(x)
            }
        }
        return results
    }

    /// Segments that cross an inner segment (one between two virtual nodes), as `upper * n + lower`.
    private func typeOneConflicts(position: [Int]) -> Set<Int> {
        let n = graph.nodeCount
        var marked = Set<Int>()
        guard layers.count > 2 else { return marked }
        for r in 0..<(layers.count - 1) {
            let upper = layers[r], lower = layers[r + 1]
            var k0 = 0, l = 0
            for l1 in 0..<lower.count {
                let v = lower[l1]
                var inner: Int? = nil
                if graph.isVirtual(v), graph.up[v].count == 1, graph.isVirtual(graph.up[v][0]) { inner = graph.up[v][0] }
                guard l1 == lower.count - 1 || inner != nil else { continue }
                let k1 = inner.map { position[$0] } ?? (upper.count - 1)
                while l <= l1 {
                    let w = lower[l]
                    for u in graph.up[w] {
                        let k = position[u]
                        if k < k0 || k > k1 { marked.insert(u * n + w) }
                    }
                    l += 1
                }
                k0 = k1
            }
        }
        return marked
    }

    /// One of the four passes: vertical alignment then horizontal compaction, in a frame where the pass aligns
    /// downwards and compacts leftwards (ranks reversed for `.up`, orders reversed for `.right`).
    private func compaction(_ vertical: Vertical, _ horizontal: Horizontal, marked: Set<Int>) -> [Double] {
        let n = graph.nodeCount
        var frame = vertical == .down ? layers : layers.reversed()
        if horizontal == .right { frame = frame.map { $0.reversed() } }
        var pos = [Int](repeating: 0, count: n), level = [Int](repeating: 0, count: n)
        for (l, layer) in frame.enumerated() {
            for (i, v) in layer.enumerated() { pos[v] = i; level[v] = l }
        }
        func predecessors(_ v: Int) -> [Int] { vertical == .down ? graph.up[v] : graph.down[v] }
        func isMarked(_ u: Int, _ v: Int) -> Bool {
            vertical == .down ? marked.contains(u * n + v) : marked.contains(v * n + u)
        }
        func separation(_ a: Int, _ b: Int) -> Double {
            horizontal == .left ? self.separation(a, b) : self.separation(b, a)
        }

        // Vertical alignment (Algorithm 2).
        var root = Array(0..<n), align = Array(0..<n)
        for layer in frame.dropFirst() {
            var r = -1
            for v in layer {
                var preds = predecessors(v)
                let d = preds.count
                guard d > 0 else { continue }
                if d > 1 { preds.sort { pos[$0] < pos[$1] } }
                for m in Set([(d - 1) / 2, d / 2]).sorted() where align[v] == v {
                    let u = preds[m]
                    if !isMarked(u, v) && r < pos[u] {
                        align[u] = v
                        root[v] = root[u]
                        align[v] = root[v]
                        r = pos[u]
                    }
                }
            }
        }

        // Blocks in an order where every block's left neighbours come first (the block graph is acyclic).
        var successors = [[Int]](repeating: [], count: n)
        var indegree = [Int](repeating: 0, count: n)
        var roots: [Int] = []
        for layer in frame {
            for (i, v) in layer.enumerated() {
                if root[v] == v { roots.append(v) }
                if i > 0 {
                    successors[root[layer[i - 1]]].append(root[v])
                    indegree[root[v]] += 1
                }
            }
        }
        var order: [Int] = []
        order.reserveCapacity(roots.count)
        for v in roots where indegree[v] == 0 { order.append(v) }
        var head = 0
        while head < order.count {
            let v = order[head]
            head += 1
            for w in successors[v] {
                indegree[w] -= 1
                if indegree[w] == 0 { order.append(w) }
            }
        }
        if order.count < roots.count {
            // Not reachable with non-crossing alignments; place the rest anyway, the final sweep keeps them apart.
            var queued = [Bool](repeating: false, count: n)
            for v in order { queued[v] = true }
            for v in roots where !queued[v] { order.append(v) }
        }

        // Horizontal compaction, per the erratum: place each block relative to its class's sink ...
        var x = [Double](repeating: 0, count: n)
        var sink = Array(0..<n)
        for v in order {
            x[v] = 0
            var w = v
            repeat {
                if pos[w] > 0 {
                    let p = frame[level[w]][pos[w] - 1]
                    let u = root[p]
                    if sink[v] == v { sink[v] = sink[u] }
                    if sink[v] == sink[u] { x[v] = max(x[v], x[u] + separation(p, w)) }
                }
                w = align[w]
            } while w != v
        }
        // ... copy it to the block's members once final ...
        for v in 0..<n where root[v] != v {
            x[v] = x[root[v]]
            sink[v] = sink[root[v]]
        }
        // ... then shift the classes, each after all classes it must keep clear of.
        var constraints = [[(target: Int, bound: Double)]](repeating: [], count: n)
        var pending = [Int](repeating: 0, count: n)
        var classes: [Int] = []
        var isClass = [Bool](repeating: false, count: n)
        for layer in frame {
            for (i, v) in layer.enumerated() {
                if !isClass[sink[v]] { isClass[sink[v]] = true; classes.append(sink[v]) }
                guard i > 0 else { continue }
                let p = layer[i - 1]
                if sink[p] != sink[v] {
                    // shift[sink p] ≤ shift[sink v] + x[v] − x[p] − separation
                    constraints[sink[v]].append((sink[p], x[v] - x[p] - separation(p, v)))
                    pending[sink[p]] += 1
                }
            }
        }
        var shift = [Double](repeating: .infinity, count: n)
        var queue: [Int] = classes.filter { pending[$0] == 0 }
        var done = [Bool](repeating: false, count: n)
        head = 0
        func settle(_ c: Int) {
            done[c] = true
            if shift[c] == .infinity { shift[c] = 0 }
            for (target, bound) in constraints[c] {
                shift[target] = min(shift[target], shift[c] + bound)
                pending[target] -= 1
                if pending[target] == 0 { queue.append(target) }
            }
        }
        while head < queue.count {
            let c = queue[head]
            head += 1
            settle(c)
        }
        for c in classes where !done[c] {
            settle(c)
            while head < queue.count {
                let next = queue[head]
                head += 1
                if !done[next] { settle(next) }
            }
        }
        for v in 0..<n { x[v] += shift[sink[v]] }
        return x
    }
}
