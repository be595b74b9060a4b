/// Phase 4 of the layered layout: orders every rank to reduce edge crossings (barycentre sweeps, transposition,
/// global sifting, sifting).
///
/// Up to five searches start from depth-first initial orders, each rank filled in visiting order: from the top ranks in
/// the graph's own node and edge order (sweeping down first, then up first), from the bottom ranks, and from the
/// periphery of each component (both ways); large graphs get fewer (see `searchCount`). A graph that can be drawn
/// without crossings in the order it was written therefore keeps that order. Each search runs sweeps in the manner of
/// dot: every rank in turn is sorted by the barycentre of its neighbours' places in the rank just swept (dot's
/// weighted median, then the current place, breaking ties), then adjacent nodes are transposed while that lowers
/// crossings; on alternate sweeps ties are reversed and equal transpositions made, so the search can cross plateaus.
/// The best order found then gets global sifting (Bachmaier, Brandenburg, Brunner and Hübner 2011, in
/// GlobalSifting.swift), which moves each long edge as one line, and sifting (Matuszewski, Schönfeld and Molitor
/// 1999): every node, most connected first, moves to its best place in its rank, counted against both neighbouring
/// ranks. Crossings are counted exactly (Barth, Jünger and Mutzel) and an order replaces the best only when strictly
/// better, so ties keep the earlier, source-like order; a last pass moves nodes back toward the order the graph was
/// written in wherever that adds no crossing (`towardSourceOrder`), so that a small edit moves few nodes.
///
/// `start` runs the first two searches alone, so that the layout can compare rankings by them and `finish` only the
/// one it keeps.
///
/// The members of a cluster stay next to each other in every rank: each rank is handled as a row of blocks (a
/// cluster's members, or a node outside any cluster), blocks move as wholes and members move only within their block;
/// global sifting, which knows no clusters, is skipped.
struct CrossingReduction {
    let graph: ProperGraph
    var layers: [[Int]]
    var position: [Int]
    private let hasClusters: Bool
    private var tree: [Int] = []
    private var sequence: [Int] = []
    private var row = Row()
    /// The best order found so far and its crossings.
    private var best: (order: [[Int]], count: Int) = ([], Int.max)
    let adjacency: Adjacency

    /// Neighbours one rank up and down, flattened (`up[upStart[v]..<upStart[v + 1]]`).
    struct Adjacency {
        var upStart: [Int] = [0], up: [Int] = []
        var downStart: [Int] = [0], down: [Int] = []

        init(_ graph: ProperGraph) {
            for v in 0..<graph.nodeCount {
                up += graph.up[v]
                upStart.append(up.count)
                down += graph.down[v]
                downStart.append(down.count)
            }
        }
    }

    /// The searches, by priority: where the initial order starts, and whether the first sweep goes down.
    static let searches: [(start: Start, downFirst: Bool)] = [
        (.top, true), (.bottom, false), (.periphery, true), (.top, false), (.periphery, false),
    ]

    /// How many searches to run: all of them on graphs of up to 1,000 segments (edges between adjacent ranks, as
    /// after adding virtual nodes), fewer on larger ones, where each costs more and matters less.
    static func searchCount(segments: Int) -> Int {
        segments <= 1000 ? 5 : segments <= 4000 ? 3 : 2
    }

    /// The most sweeps per search, and how many in a row may fail to improve by 0.5 % before it stops.
    static let maxSweeps = 12
    static let patience = 4
    static let maxSiftingRounds = 4
    static let maxGlobalSiftingRounds = 4
    /// The searches `start` runs.
    static let quickSearches = 2

    init(graph: ProperGraph) {
        self.graph = graph
        layers = [[Int]](repeating: [], count: graph.rankCount)
        position = [Int](repeating: 0, count: graph.nodeCount)
        hasClusters = graph.cluster.contains { $0 >= 0 }
        adjacency = Adjacency(graph)
    }

    /// Orders the ranks and returns them, left to right.
    mutating func run() -> [[Int]] {
        _ = start()
        return finish()
    }

    /// The first searches (a quick measure of how well a ranking can be drawn): the crossings after the first one,
    /// and the fewest found. The second is skipped when the first found more than `giveUpAbove`.
    mutating func start(giveUpAbove: Int = Int.max) -> (first: Int, best: Int) {
        let plans = Self.searches.prefix(min(Self.quickSearches, searchCount))
        search(plans[0])
        let first = best.count
        if first <= giveUpAbove { for plan in plans.dropFirst() { search(plan) } }
        return (first, best.count)
    }

    /// The other searches, then global sifting and sifting from the best order found; the ranks, left to right.
    mutating func finish() -> [[Int]] {
        for plan in Self.searches.prefix(searchCount).dropFirst(Self.quickSearches) { search(plan) }
        if best.count > 0 && !hasClusters {
            let blocks = Blocks(graph)
            install(best.order)
            let result = globalSifting(from: blockOrder(blocks), blocks, rounds: Self.maxGlobalSiftingRounds)
            if result.count < best.count { best = result }
        }
        if best.count > 0 {
            install(best.order)
            let sifted = sifting(from: best.count)
            if sifted.count < best.count { best = sifted }
        }
        install(best.order)
        if !hasClusters { towardSourceOrder() }
        return layers
    }

    /// Moves nodes back toward the order the graph was written in (the first search's depth-first order) wherever
    /// that costs no crossing: adjacent nodes out of that order swap when the swap adds none, rank after rank,
    /// until nothing moves. The crossings stay as found, and a small edit to a plan leaves the rest of its drawing
    /// where it was.
    private mutating func towardSourceOrder() {
        var source = [Int](repeating: 0, count: graph.nodeCount)
        for layer in initialOrder(.top) { for (i, v) in layer.enumerated() { source[v] = i } }
        for _ in 0..<max(1, graph.rankCount) {
            var moved = false
            for r in 0..<graph.rankCount {
                let before = layers[r]
                _ = transposeNodes(r, equalSwaps: false, towards: source)
                if layers[r] != before { moved = true }
            }
            if !moved { break }
        }
    }

    /// How many searches this graph gets.
    private var searchCount: Int { Self.searchCount(segments: adjacency.down.count) }

    /// One search: sweeps from a depth-first initial order; its result replaces the best when strictly better.
    private mutating func search(_ search: (start: Start, downFirst: Bool)) {
        guard best.count > 0 else { return }
        install(initialOrder(search.start))
        let result = sweeps(downFirst: search.downFirst, count: Self.maxSweeps, patience: Self.patience)
        if result.count < best.count { best = result }
    }

    /// Barycentre sweeps, each followed by transposition, from the installed order; the best order seen. As in dot,
    /// on two sweeps out of four nodes with equal keys swap, and on the other two transposition swaps equal pairs,
    /// which lets the search cross plateaus; only a strictly better order replaces the best.
    private mutating func sweeps(downFirst: Bool, count: Int, patience: Int) -> (order: [[Int]], count: Int) {
        var best = layers
        var bestCount = totalCrossings()
        guard bestCount > 0, graph.rankCount > 1 else { return (best, bestCount) }
        var stale = 0
        for sweep in 0..<count {
            let reverse = sweep % 4 < 2
            if (sweep % 2 == 0) == downFirst {
                for r in 1..<graph.rankCount { barycentreSort(r, upward: true, reverse: reverse) }
            } else {
                for r in stride(from: graph.rankCount - 2, through: 0, by: -1) { barycentreSort(r, upward: false, reverse: reverse) }
            }
            transposeAll(equalSwaps: !reverse)
            let current = totalCrossings()
            if current < bestCount {
                if Double(current) < 0.995 * Double(bestCount) { stale = 0 } else { stale += 1 }
                best = layers
                bestCount = current
            } else {
                stale += 1
            }
            if bestCount == 0 || stale >= patience { break }
        }
        install(best)
        return (best, bestCount)
    }

    /// Rounds of sifting every rank, each followed by transposition, from the installed order while they improve.
    private mutating func sifting(from count: Int) -> (order: [[Int]], count: Int) {
        var best = layers
        var bestCount = count
        for _ in 0..<Self.maxSiftingRounds {
            for r in 0..<graph.rankCount { siftLayer(r) }
            transposeAll()
            let count = totalCrossings()
            guard count < bestCount else { break }
            best = layers
            bestCount = count
            if bestCount == 0 { break }
        }
        return (best, bestCount)
    }

    // MARK: Initial order

    /// Where the depth-first search of an initial order starts.
    enum Start { case top, bottom, periphery }

    /// Depth-first, filling each rank in visiting order: from the real nodes without predecessors in node order
    /// following lower then upper neighbours (`.top`); from those without successors, upper neighbours first
    /// (`.bottom`); or from a node farthest from each component's first node (`.periphery`, which unfolds
    /// path-like parts that a start in their middle would fold).
    private func initialOrder(_ start: Start) -> [[Int]] {
        let n = graph.nodeCount
        var order = [[Int]](repeating: [], count: graph.rankCount)
        var seen = [Bool](repeating: false, count: n)
        var stack: [(node: Int, next: Int)] = []
        let a = adjacency
        let downFirst = start != .bottom
        func visit(_ root: Int) {
            seen[root] = true
            order[graph.rank[root]].append(root)
            stack.append((root, 0))
            while let top = stack.last {
                let v = top.node
                let downs = a.downStart[v + 1] - a.downStart[v], ups = a.upStart[v + 1] - a.upStart[v]
                guard top.next < downs + ups else { stack.removeLast(); continue }
                stack[stack.count - 1].next += 1
                let i = top.next
                let w: Int
                if downFirst {
                    w = i < downs ? a.down[a.downStart[v] + i] : a.up[a.upStart[v] + i - downs]
                } else {
                    w = i < ups ? a.up[a.upStart[v] + i] : a.down[a.downStart[v] + i - ups]
                }
                if !seen[w] {
                    seen[w] = true
                    order[graph.rank[w]].append(w)
                    stack.append((w, 0))
                }
            }
        }
        switch start {
        case .top:
            for v in 0..<graph.realCount where a.upStart[v] == a.upStart[v + 1] && !seen[v] { visit(v) }
        case .bottom:
            for v in 0..<graph.realCount where a.downStart[v] == a.downStart[v + 1] && !seen[v] { visit(v) }
        case .periphery:
            var distance = [Int](repeating: -1, count: n)
            for v in 0..<n where distance[v] < 0 {
                distance[v] = 0
                var queue = [v], head = 0, far = v
                while head < queue.count {
                    let u = queue[head]
                    head += 1
                    if distance[u] > distance[far] { far = u }
                    for k in a.downStart[u]..<a.downStart[u + 1] where distance[a.down[k]] < 0 {
                        distance[a.down[k]] = distance[u] + 1
                        queue.append(a.down[k])
                    }
                    for k in a.upStart[u]..<a.upStart[u + 1] where distance[a.up[k]] < 0 {
                        distance[a.up[k]] = distance[u] + 1
                        queue.append(a.up[k])
                    }
                }
                visit(far)
            }
        }
        for v in 0..<n where !seen[v] { visit(v) }
        if hasClusters {
            for r in 0..<order.count { order[r] = groupedByCluster(order[r]) }
        }
        return order
    }

    /// The same nodes with each cluster's members gathered where its first member stands.
    private func groupedByCluster(_ layer: [Int]) -> [Int] {
        var membersOf: [Int: [Int]] = [:]
        for v in layer where graph.cluster[v] >= 0 { membersOf[graph.cluster[v], default: []].append(v) }
        var result: [Int] = []
        result.reserveCapacity(layer.count)
        var placed = Set<Int>()
        for v in layer {
            let c = graph.cluster[v]
            if c < 0 { result.append(v) }
            else if placed.insert(c).inserted { result.append(contentsOf: membersOf[c] ?? []) }
        }
        return result
    }

    mutating func install(_ order: [[Int]]) {
        layers = order
        for layer in layers { for (i, v) in layer.enumerated() { position[v] = i } }
    }

    mutating func setLayer(_ r: Int, _ layer: [Int]) {
        layers[r] = layer
        for (i, v) in layer.enumerated() { position[v] = i }
    }

    // MARK: Counting

    /// All crossings of the current order, between every pair of adjacent ranks.
    mutating func totalCrossings() -> Int {
        var total = 0
        for r in 0..<max(0, graph.rankCount - 1) {
            sequence.removeAll(keepingCapacity: true)
            for v in layers[r] {
                let start = sequence.count
                for k in adjacency.downStart[v]..<adjacency.downStart[v + 1] { sequence.append(position[adjacency.down[k]]) }
                if sequence.count - start > 1 { Row.insertionSort(&sequence, start, sequence.count) }
            }
            total += CrossingCount.bilayer(southSequence: sequence, southCount: layers[r + 1].count, tree: &tree)
        }
        return total
    }

    // MARK: Rows

    /// The items of one rank with the sorted positions of their neighbours in the ranks above and below, kept in one
    /// flat buffer; reordering the items moves only their descriptors.
    struct Row {
        var items: [Int] = []
        var upStart: [Int] = [], upCount: [Int] = []
        var downStart: [Int] = [], downCount: [Int] = []
        var buffer: [Int] = []

        static func insertionSort(_ a: inout [Int], _ from: Int, _ to: Int) {
            a.withUnsafeMutableBufferPointer { insertionSort($0, from, to) }
        }

        /// Rebuilds the row for `nodes`: one item per node, or one per group of consecutive nodes when `groups` is
        /// given, numbered in order, each with the sorted positions of its nodes' neighbours.
        mutating func build(_ nodes: ArraySlice<Int>, groups: [Range<Int>]?, adjacency a: Adjacency, position: [Int]) {
            let k = groups?.count ?? nodes.count
            func resize(_ array: inout [Int], _ count: Int) {
                if array.count > count { array.removeLast(array.count - count) }
                else if array.count < count { array.append(contentsOf: repeatElement(0, count: count - array.count)) }
            }
            var total = 0
            for v in nodes { total += a.upStart[v + 1] - a.upStart[v] + a.downStart[v + 1] - a.downStart[v] }
            resize(&items, k); resize(&upStart, k); resize(&upCount, k); resize(&downStart, k); resize(&downCount, k)
            resize(&buffer, total)
            let base = nodes.startIndex
            var cursor = 0
            a.up.withUnsafeBufferPointer { up in
            a.down.withUnsafeBufferPointer { down in
            a.upStart.withUnsafeBufferPointer { us in
            a.downStart.withUnsafeBufferPointer { ds in
            position.withUnsafeBufferPointer { pos in
            buffer.withUnsafeMutableBufferPointer { buf in
                for item in 0..<k {
                    let range = groups.map { ($0[item].lowerBound + base)..<($0[item].upperBound + base) } ?? ((base + item)..<(base + item + 1))
                    items[item] = item
                    var start = cursor
                    for i in range {
                        let v = nodes[i]
                        for j in us[v]..<us[v + 1] { buf[cursor] = pos[up[j]]; cursor += 1 }
                    }
                    upStart[item] = start
                    upCount[item] = cursor - start
                    Self.insertionSort(buf, start, cursor)
                    start = cursor
                    for i in range {
                        let v = nodes[i]
                        for j in ds[v]..<ds[v + 1] { buf[cursor] = pos[down[j]]; cursor += 1 }
                    }
                    downStart[item] = start
                    downCount[item] = cursor - start
                    Self.insertionSort(buf, start, cursor)
                }
            }}}}}}
        }

        static func insertionSort(_ a: UnsafeMutableBufferPointer<Int>, _ from: Int, _ to: Int) {
            var i = from + 1
            while i < to {
                let value = a[i]
                var j = i - 1
                while j >= from && a[j] > value { a[j + 1] = a[j]; j -= 1 }
                a[j + 1] = value
                i += 1
            }
        }

        mutating func swapAt(_ i: Int, _ j: Int) {
            items.swapAt(i, j)
            upStart.swapAt(i, j); upCount.swapAt(i, j)
            downStart.swapAt(i, j); downCount.swapAt(i, j)
        }

        /// Crossings among the edges of items `a` and `b` with `a` placed left of `b`, against both neighbouring ranks.
        @inline(__always)
        func crossings(_ a: Int, leftOf b: Int) -> Int {
            buffer.withUnsafeBufferPointer { p in
                Self.pair(p, upStart[a], upCount[a], upStart[b], upCount[b])
                    + Self.pair(p, downStart[a], downCount[a], downStart[b], downCount[b])
            }
        }

        /// Pairs (x from the left list, y from the right list) with x > y; both lists sorted.
        @inline(__always)
        static func pair(_ p: UnsafeBufferPointer<Int>, _ ls: Int, _ lc: Int, _ rs: Int, _ rc: Int) -> Int {
            if lc == 0 || rc == 0 { return 0 }
            var count = 0, i = ls
            let end = ls + lc
            for k in rs..<(rs + rc) {
                let y = p[k]
                while i < end && p[i] <= y { i += 1 }
                if i == end { break }
                count += end - i
            }
            return count
        }

        /// dot's weighted median and the barycentre of sorted, non-empty positions.
        static func median(_ p: [Int]) -> (median: Double, barycentre: Double) {
            let c = p.count
            var sum = 0
            for x in p { sum += x }
            let bary = Double(sum) / Double(c)
            let m = c / 2
            if c % 2 == 1 { return (Double(p[m]), bary) }
            if c == 2 { return (Double(p[0] + p[1]) / 2, bary) }
            let left = Double(p[m - 1] - p[0]), right = Double(p[c - 1] - p[m])
            if left + right == 0 { return (Double(p[m - 1] + p[m]) / 2, bary) }
            return ((Double(p[m - 1]) * right + Double(p[m]) * left) / (left + right), bary)
        }

        /// dot's weighted median and the barycentre of an item's neighbour positions on one side, nil without any.
        func median(_ i: Int, upward: Bool) -> (median: Double, barycentre: Double)? {
            let s = upward ? upStart[i] : downStart[i], c = upward ? upCount[i] : downCount[i]
            return c > 0 ? Self.median(Array(buffer[s..<(s + c)])) : nil
        }

        /// Where an item goes when a rank is sorted: by the barycentre of its neighbours, then dot's weighted median,
        /// then its current place (`index`), in reverse on alternate sweeps.
        typealias SortKey = (barycentre: Double, median: Double, index: Int)

        static func sort(_ keyed: inout [SortKey], reverse: Bool) {
            keyed.sort { a, b in
                if a.barycentre != b.barycentre { return a.barycentre < b.barycentre }
                if a.median != b.median { return a.median < b.median }
                return reverse ? a.index > b.index : a.index < b.index
            }
        }

        /// Sorts the items by their neighbours' places (`SortKey`); items without neighbours on that side keep their
        /// places.
        mutating func sortByBarycentre(upward: Bool, reverse: Bool) {
            var keyed: [SortKey] = []
            var slots: [Int] = []
            for i in items.indices {
                guard let m = median(i, upward: upward) else { continue }
                keyed.append((m.barycentre, m.median, i))
                slots.append(i)
            }
            guard keyed.count > 1 else { return }
            Self.sort(&keyed, reverse: reverse)
            let old = self
            for (slot, k) in zip(slots, keyed) {
                items[slot] = old.items[k.index]
                upStart[slot] = old.upStart[k.index]; upCount[slot] = old.upCount[k.index]
                downStart[slot] = old.downStart[k.index]; downCount[slot] = old.downCount[k.index]
            }
        }

        /// Swaps adjacent items while that strictly lowers their crossings (with `equalSwaps`, also swapping pairs
        /// that cross as much either way); whether anything moved, and whether the crossings went down.
        mutating func transpose(equalSwaps: Bool = false) -> (moved: Bool, improved: Bool) {
            let k = items.count
            guard k > 1 else { return (false, false) }
            var moved = false, improvedAny = false
            for _ in 0..<(4 * k) {
                var improved = false
                for i in 0..<(k - 1) {
                    let kept = crossings(i, leftOf: i + 1), swapped = crossings(i + 1, leftOf: i)
                    if swapped < kept || (equalSwaps && swapped == kept && kept > 0) {
                        swapAt(i, i + 1)
                        moved = true
                        if swapped < kept { improved = true }
                    }
                }
                improvedAny = improvedAny || improved
                if !improved { break }
            }
            return (moved, improvedAny)
        }

        /// Moves each item, most connected first, to the place where its edges cross the fewest others.
        mutating func sift() {
            let k = items.count
            guard k > 1 else { return }
            let order = Array(0..<k).sorted { a, b in
                let da = upCount[a] + downCount[a], db = upCount[b] + downCount[b]
                return da != db ? da > db : a < b
            }
            let ids = items
            var costs = [Int](repeating: 0, count: k)
            var delta = [Int](repeating: 0, count: k)
            for slotAtStart in order {
                let id = ids[slotAtStart]
                guard let i = items.firstIndex(of: id) else { continue }
                // With the item at place p (others shifted), the cost is Σ_{j<p} c(j, item) + Σ_{j≥p} c(item, j).
                var cost = 0
                for j in 0..<k where j != i {
                    let right = crossings(i, leftOf: j), left = crossings(j, leftOf: i)
                    cost += right
                    delta[j] = left - right
                }
                var p = 0
                costs[0] = cost
                for j in 0..<k where j != i {
                    cost += delta[j]
                    p += 1
                    costs[p] = cost
                }
                var bestPlace = i
                for q in 0..<k where costs[q] < costs[bestPlace] { bestPlace = q }
                if bestPlace != i { move(from: i, to: bestPlace) }
            }
        }

        mutating func move(from i: Int, to j: Int) {
            func shift(_ a: inout [Int]) { let v = a.remove(at: i); a.insert(v, at: j) }
            shift(&items); shift(&upStart); shift(&upCount); shift(&downStart); shift(&downCount)
        }
    }

    /// The rank as a row of blocks (runs of one cluster's members; every other node alone), or of nodes.
    private mutating func buildRow(_ r: Int, members: ArraySlice<Int>? = nil) -> [Range<Int>] {
        if let members {
            row.build(members, groups: nil, adjacency: adjacency, position: position)
            return []
        }
        let layer = layers[r]
        guard hasClusters else {
            row.build(layer[...], groups: nil, adjacency: adjacency, position: position)
            return []
        }
        var ranges: [Range<Int>] = []
        var start = 0
        for i in 1...layer.count {
            let c = i < layer.count ? graph.cluster[layer[i]] : -2
            if i == layer.count || c < 0 || c != graph.cluster[layer[i - 1]] {
                ranges.append(start..<i)
                start = i
            }
        }
        row.build(layer[...], groups: ranges, adjacency: adjacency, position: position)
        return ranges
    }

    /// Runs `operation` on the rank's blocks, then on the members of each block, and installs the result.
    private mutating func reorder(_ r: Int, _ operation: (inout Row) -> Bool) -> Bool {
        let layer = layers[r]
        guard layer.count > 1 else { return false }
        let ranges = buildRow(r)
        var changed = operation(&row)
        guard hasClusters else {
            if changed { setLayer(r, row.items.map { layer[$0] }) }
            return changed
        }
        let blockOrder = row.items
        var result: [Int] = []
        result.reserveCapacity(layer.count)
        for b in blockOrder {
            let members = layer[ranges[b]]
            if members.count > 1 {
                _ = buildRow(r, members: members)
                if operation(&row) { changed = true }
                result += row.items.map { members[members.startIndex + $0] }
            } else {
                result += members
            }
        }
        if changed || blockOrder != Array(blockOrder.indices) { setLayer(r, result) }
        return changed
    }

    private mutating func barycentreSort(_ r: Int, upward: Bool, reverse: Bool) {
        guard hasClusters else { return barycentreSortNodes(r, upward: upward, reverse: reverse) }
        _ = reorder(r) { row in
            let before = row.items
            row.sortByBarycentre(upward: upward, reverse: reverse)
            return row.items != before
        }
    }

    /// `barycentreSort` for a rank of single nodes, straight from the adjacency.
    private mutating func barycentreSortNodes(_ r: Int, upward: Bool, reverse: Bool) {
        let layer = layers[r]
        guard layer.count > 1 else { return }
        let starts = upward ? adjacency.upStart : adjacency.downStart
        let list = upward ? adjacency.up : adjacency.down
        var keyed: [Row.SortKey] = []
        keyed.reserveCapacity(layer.count)
        var slots: [Int] = []
        slots.reserveCapacity(layer.count)
        for (i, v) in layer.enumerated() {
            let from = starts[v], to = starts[v + 1]
            guard to > from else { continue }
            sequence.removeAll(keepingCapacity: true)
            for k in from..<to { sequence.append(position[list[k]]) }
            Row.insertionSort(&sequence, 0, sequence.count)
            let m = Row.median(sequence)
            keyed.append((m.barycentre, m.median, i))
            slots.append(i)
        }
        guard keyed.count > 1 else { return }
        Row.sort(&keyed, reverse: reverse)
        var result = layer
        for (slot, k) in zip(slots, keyed) { result[slot] = layer[k.index] }
        setLayer(r, result)
    }

    /// Crossings among the edges of `u` and `v` against both neighbouring ranks: with `u` left of `v`, and swapped.
    @inline(__always)
    func crossings(_ u: Int, _ v: Int, _ us: UnsafeBufferPointer<Int>, _ up: UnsafeBufferPointer<Int>,
                           _ ds: UnsafeBufferPointer<Int>, _ down: UnsafeBufferPointer<Int>,
                           _ pos: UnsafeMutableBufferPointer<Int>) -> (kept: Int, swapped: Int) {
        var kept = 0, swapped = 0
        let v0 = us[v], v1 = us[v + 1]
        if v1 > v0 {
            for i in us[u]..<us[u + 1] {
                let p = pos[up[i]]
                for j in v0..<v1 {
                    let q = pos[up[j]]
                    if p > q { kept += 1 } else if p < q { swapped += 1 }
                }
            }
        }
        let w0 = ds[v], w1 = ds[v + 1]
        if w1 > w0 {
            for i in ds[u]..<ds[u + 1] {
                let p = pos[down[i]]
                for j in w0..<w1 {
                    let q = pos[down[j]]
                    if p > q { kept += 1 } else if p < q { swapped += 1 }
                }
            }
        }
        return (kept, swapped)
    }

    /// `transpose` for a rank of single nodes, straight from the adjacency, as in dot; whether the crossings went down.
    /// With `towards`, a node's place in that order: a pair out of it also swaps when the swap adds no crossing,
    /// and the passes go on while anything moves.
    private mutating func transposeNodes(_ r: Int, equalSwaps: Bool, towards order: [Int]? = nil) -> Bool {
        var layer = layers[r]
        let k = layer.count
        guard k > 1 else { return false }
        var moved = false, improvedAny = false
        adjacency.upStart.withUnsafeBufferPointer { us in
        adjacency.up.withUnsafeBufferPointer { up in
        adjacency.downStart.withUnsafeBufferPointer { ds in
        adjacency.down.withUnsafeBufferPointer { down in
            var position = self.position
            self.position = []
            position.withUnsafeMutableBufferPointer { pos in
                // Pairs to look at: all at first, then only those next to a swap (the others cross as before).
                var dirty = [Bool](repeating: true, count: k - 1)
                for _ in 0..<(4 * k) {
                    var improved = false, movedNow = false
                    for i in 0..<(k - 1) where dirty[i] {
                        dirty[i] = false
                        let u = layer[i], v = layer[i + 1]
                        let (kept, swapped) = crossings(u, v, us, up, ds, down, pos)
                        let back = order.map { swapped == kept && $0[u] > $0[v] } ?? false
                        if swapped < kept || (equalSwaps && swapped == kept && kept > 0) || back {
                            layer[i] = v
                            layer[i + 1] = u
                            pos[v] = i
                            pos[u] = i + 1
                            if i > 0 { dirty[i - 1] = true }
                            if i + 2 < k { dirty[i + 1] = true }
                            moved = true
                            movedNow = true
                            if swapped < kept { improved = true }
                        }
                    }
                    improvedAny = improvedAny || improved
                    if !(order == nil ? improved : movedNow) { break }
                }
            }
            self.position = position
        }}}}
        if moved { layers[r] = layer }
        return improvedAny
    }

    /// Transposes one rank; whether its crossings went down.
    private mutating func transposeLayer(_ r: Int, equalSwaps: Bool) -> Bool {
        guard hasClusters else { return transposeNodes(r, equalSwaps: equalSwaps) }
        var improved = false
        _ = reorder(r) { row in
            let result = row.transpose(equalSwaps: equalSwaps)
            improved = improved || result.improved
            return result.moved
        }
        return improved
    }

    /// Transposes every rank, then again those next to a rank that changed, until nothing changes.
    private mutating func transposeAll(equalSwaps: Bool = false) {
        let count = graph.rankCount
        var dirty = [Bool](repeating: true, count: count)
        for _ in 0..<8 {
            var next = [Bool](repeating: false, count: count)
            var changed = false
            for r in 0..<count where dirty[r] && transposeLayer(r, equalSwaps: equalSwaps) {
                changed = true
                for q in max(0, r - 1)...min(count - 1, r + 1) { next[q] = true }
            }
            if !changed { break }
            dirty = next
        }
    }

    private mutating func siftLayer(_ r: Int) {
        _ = reorder(r) { row in
            let before = row.items
            row.sift()
            return row.items != before
        }
    }
}
