/// Phase 2 of the layered layout: ranks the nodes by network simplex (Gansner et al. 1993), keeping weighted edges short.
enum NetworkSimplex {
    /// A constraint `rank(head) - rank(tail) >= minLength` whose length costs `weight` per rank.
    struct Edge: Sendable {
        var tail: Int
        var head: Int
        var minLength: Int
        var weight: Double
    }

    /// Ranks minimising Σ weight × (rank(head) − rank(tail)) subject to every edge's minimum length.
    ///
    /// The edges must form a directed acyclic graph without self-loops. Each connected component is ranked on its
    /// own and normalised so that its smallest rank is 0; within a component the ranks are balanced as in dot: a
    /// node whose incoming and outgoing weights are equal moves to the least crowded rank it may take.
    static func ranks(nodeCount n: Int, edges: [Edge]) -> [Int] {
        solve(nodeCount: n, edges: edges, balance: .crowding)
    }

    /// How optimal solutions that cost the same are told apart at the end.
    enum Balance {
        /// dot's ranking balance: a node whose incoming and outgoing weights are equal moves to the least crowded rank.
        case crowding
        /// dot's x-coordinate balance: a part of the tree that could move without changing the cost (a tree edge whose
        /// cut value is 0) moves halfway to the nearest position where another edge would become tight, so it sits in
        /// the middle of its free range (a node above two children, centred over them).
        case centring
    }

    /// Values minimising Σ weight × (value(head) − value(tail)) subject to every edge's minimum length, as `ranks`
    /// does, starting from `initial` when it is given and feasible (every edge at least its minimum length).
    static func solve(nodeCount n: Int, edges: [Edge], initial: [Int]? = nil, balance: Balance) -> [Int] {
        var ranks = [Int](repeating: 0, count: n)
        guard n > 0 else { return ranks }
        // Connected components, by union–find.
        var sets = UnionFind(n)
        for e in edges { sets.union(e.tail, e.head) }
        var componentOf = [Int](repeating: -1, count: n)
        var members: [[Int]] = []
        for v in 0..<n {
            let r = sets.find(v)
            if componentOf[r] < 0 { componentOf[r] = members.count; members.append([]) }
            componentOf[v] = componentOf[r]
            members[componentOf[v]].append(v)
        }
        var localIndex = [Int](repeating: 0, count: n)
        var componentEdges = [[Edge]](repeating: [], count: members.count)
        for list in members {
            for (i, v) in list.enumerated() { localIndex[v] = i }
        }
        for e in edges {
            let c = componentOf[e.tail]
            componentEdges[c].append(Edge(tail: localIndex[e.tail], head: localIndex[e.head],
                                          minLength: e.minLength, weight: e.weight))
        }
        for (c, list) in members.enumerated() {
            if list.count == 1 { ranks[list[0]] = 0; continue }
            var solver = Solver(nodeCount: list.count, edges: componentEdges[c], initial: initial.map { start in list.map { start[$0] } })
            let local = solver.solve(balance)
            for (i, v) in list.enumerated() { ranks[v] = local[i] }
        }
        return ranks
    }
}

/// Network simplex on one connected acyclic graph.
private struct Solver {
    let n: Int
    let edges: [NetworkSimplex.Edge]
    var incident: [[Int]]
    var outgoing: [[Int]]
    var rank: [Int]
    var inTree: [Bool]
    var treeAdjacent: [[Int]]
    var parentEdge: [Int]
    /// Post-order numbers (from 1) of the tree rooted at node 0: a node's subtree is numbered low...lim.
    var low: [Int]
    var lim: [Int]
    /// The node numbered k + 1 at k, so a subtree's nodes stand in a row.
    var postorder: [Int]
    var cut: [Double]
    var searchStart = 0
    /// A feasible start, if the caller has one.
    let initial: [Int]?
    /// The nodes on the tree path an exchange changes (scratch space of `exchange`).
    var changed: [Bool]
    var path: [Int] = []
    /// The post-order of the subtree being numbered again, as it was (scratch space of `number`).
    var before: [Int] = []

    static let epsilon = 1e-9

    init(nodeCount: Int, edges: [NetworkSimplex.Edge], initial: [Int]? = nil) {
        n = nodeCount
        self.edges = edges
        self.initial = initial
        changed = [Bool](repeating: false, count: nodeCount)
        incident = [[Int]](repeating: [], count: nodeCount)
        outgoing = [[Int]](repeating: [], count: nodeCount)
        for (i, e) in edges.enumerated() {
            incident[e.tail].append(i)
            incident[e.head].append(i)
            outgoing[e.tail].append(i)
        }
        rank = [Int](repeating: 0, count: nodeCount)
        inTree = [Bool](repeating: false, count: edges.count)
        treeAdjacent = [[Int]](repeating: [], count: nodeCount)
        parentEdge = [Int](repeating: -1, count: nodeCount)
        low = [Int](repeating: 0, count: nodeCount)
        lim = [Int](repeating: 0, count: nodeCount)
        postorder = []
        cut = [Double](repeating: 0, count: edges.count)
    }

    @inline(__always) func slack(_ e: Int) -> Int {
        rank[edges[e].head] - rank[edges[e].tail] - edges[e].minLength
    }

    mutating func solve(_ balancing: NetworkSimplex.Balance) -> [Int] {
        guard initialRanks() else { return normalised() }
        guard feasibleTree() else { return normalised() }
        computeTreeData()
        // Each exchange strictly lowers the cost unless the step is degenerate; the cap only guards against cycling.
        var iterations = 0
        let cap = 1000 + 40 * (n + edges.count)
        while iterations < cap, let leaving = leaveEdge() {
            guard let entering = enterEdge(leaving) else { break }
            exchange(leaving, entering)
            iterations += 1
        }
        rank = normalised()
        switch balancing {
        case .crowding: balance()
        case .centring:
            centre()
            rank = normalised()
        }
        return rank
    }

    func normalised() -> [Int] {
        let lowest = rank.min() ?? 0
        return rank.map { $0 - lowest }
    }

    /// The given start when it is feasible, else longest-path ranks in topological order: feasible, though usually far
    /// from optimal.
    mutating func initialRanks() -> Bool {
        if let initial, (0..<edges.count).allSatisfy({ initial[edges[$0].head] - initial[edges[$0].tail] >= edges[$0].minLength }) {
            rank = initial
            return true
        }
        guard let longest = NetworkSimplex.longestPaths(nodeCount: n, edges: edges) else { return false }
        rank = longest.ranks
        return true
    }

    /// Grows a spanning tree of tight edges, shifting the tree's ranks towards the nearest outside node when stuck.
    mutating func feasibleTree() -> Bool {
        var inTreeNode = [Bool](repeating: false, count: n)
        var treeNodes: [Int] = [0]
        treeNodes.reserveCapacity(n)
        inTreeNode[0] = true
        func grow(_ solver: inout Solver) {
            var stack = treeNodes
            while let v = stack.popLast() {
                for e in solver.incident[v] {
                    let edge = solver.edges[e]
                    let other = edge.tail == v ? edge.head : edge.tail
                    if !inTreeNode[other] && solver.slack(e) == 0 {
                        inTreeNode[other] = true
                        treeNodes.append(other)
                        solver.inTree[e] = true
                        solver.treeAdjacent[v].append(e)
                        solver.treeAdjacent[other].append(e)
                        stack.append(other)
                    }
                }
            }
        }
        grow(&self)
        while treeNodes.count < n {
            var best = -1, bestSlack = Int.max
            for (i, e) in edges.enumerated() where inTreeNode[e.tail] != inTreeNode[e.head] {
                let s = slack(i)
                if s < bestSlack { best = i; bestSlack = s }
            }
            guard best >= 0 else { return false }
            let delta = inTreeNode[edges[best].tail] ? bestSlack : -bestSlack
            for v in treeNodes { rank[v] += delta }
            grow(&self)
        }
        return true
    }

    /// Post-order numbering (low, lim), parents, tight ranks and cut values of the current tree, rooted at node 0.
    mutating func computeTreeData() {
        postorder.removeAll(keepingCapacity: true)
        var visited = [Bool](repeating: false, count: n)
        var stack: [(node: Int, next: Int, low: Int)] = [(0, 0, 1)]
        visited[0] = true
        parentEdge[0] = -1
        var counter = 1
        while !stack.isEmpty {
            let top = stack[stack.count - 1]
            let list = treeAdjacent[top.node]
            if top.next < list.count {
                stack[stack.count - 1].next += 1
                let e = list[top.next]
                let edge = edges[e]
                let w = edge.tail == top.node ? edge.head : edge.tail
                if !visited[w] {
                    visited[w] = true
                    parentEdge[w] = e
                    rank[w] = edge.tail == top.node ? rank[top.node] + edge.minLength : rank[top.node] - edge.minLength
                    stack.append((w, 0, counter))
                }
            } else {
                low[top.node] = top.low
                lim[top.node] = counter
                counter += 1
                postorder.append(top.node)
                stack.removeLast()
            }
        }
        for child in postorder where parentEdge[child] >= 0 {
            let f = parentEdge[child]
            let childIsTail = edges[f].tail == child
            var value = edges[f].weight
            for e in incident[child] where e != f {
                let edge = edges[e]
                let isOut = edge.tail == child
                let pointsToHead = isOut == childIsTail
                value += pointsToHead ? edge.weight : -edge.weight
                if inTree[e] { value += pointsToHead ? -cut[e] : cut[e] }
            }
            cut[f] = value
        }
    }

    /// A tree edge with a negative cut value: the most negative among the next few, searching on from the last one.
    mutating func leaveEdge() -> Int? {
        let m = edges.count
        guard m > 0 else { return nil }
        var best = -1, found = 0
        var i = searchStart
        for _ in 0..<m {
            if inTree[i] && cut[i] < -Self.epsilon {
                if best < 0 || cut[i] < cut[best] { best = i }
                found += 1
                if found >= 30 { break }
            }
            i += 1
            if i == m { i = 0 }
        }
        searchStart = i
        return best >= 0 ? best : nil
    }

    /// The non-tree edge of least slack crossing the cut made by removing `leaving`, in the opposite direction (the
    /// first in edge order of equals). Only the edges of the smaller side's nodes are looked at.
    func enterEdge(_ leaving: Int) -> Int? {
        let f = edges[leaving]
        let child = subtreeTop(leaving)
        let lo = low[child], hi = lim[child]
        let wantTailInside = child == f.head
        var best = -1, bestSlack = Int.max
        func scan(_ positions: Range<Int>) {
            for k in positions {
                let v = postorder[k]
                for j in 0..<incident[v].count {
                    let i = incident[v][j]
                    if inTree[i] { continue }
                    let e = edges[i]
                    let tailInside = lo <= lim[e.tail] && lim[e.tail] <= hi
                    let headInside = lo <= lim[e.head] && lim[e.head] <= hi
                    guard tailInside == wantTailInside && headInside != wantTailInside else { continue }
                    let s = slack(i)
                    if s < bestSlack || s == bestSlack && i < best { best = i; bestSlack = s }
                }
            }
        }
        // The subtree's nodes are those numbered lo...hi, in a row in the post-order.
        if hi - lo + 1 <= n / 2 {
            scan((lo - 1)..<hi)
        } else {
            scan(0..<(lo - 1))
            scan(hi..<n)
        }
        return best >= 0 ? best : nil
    }

    /// The end of tree edge `e` further from the root: the top of the subtree that `e` holds.
    @inline(__always) func subtreeTop(_ e: Int) -> Int {
        parentEdge[edges[e].tail] == e ? edges[e].tail : edges[e].head
    }

    /// Adds `delta` to the ranks of the subtree under tree edge `e`, by moving the smaller side (ranks matter only
    /// relative to each other).
    mutating func move(below e: Int, by delta: Int) {
        let top = subtreeTop(e)
        let lo = low[top], hi = lim[top]
        if hi - lo + 1 <= n / 2 {
            for k in (lo - 1)..<hi { rank[postorder[k]] += delta }
        } else {
            for k in 0..<(lo - 1) { rank[postorder[k]] -= delta }
            for k in hi..<n { rank[postorder[k]] -= delta }
        }
    }

    /// Replaces tree edge `leaving` by `entering` as Gansner et al.'s update does (and dot): the side cut off moves so
    /// that `entering` becomes tight, cut values change only on the tree path between `entering`'s ends, and the
    /// post-order numbers only under that path's top (their lowest common ancestor).
    mutating func exchange(_ leaving: Int, _ entering: Int) {
        let f = edges[entering]
        let delta = slack(entering)
        if delta > 0 {
            let top = subtreeTop(leaving)
            let tailBelow = low[top] <= lim[f.tail] && lim[f.tail] <= lim[top]
            move(below: leaving, by: tailBelow ? delta : -delta)
        }
        // Climbing from each end of `entering` to their common ancestor, the path's edges gain or lose the cut value
        // of `leaving` depending on their direction.
        let value = cut[leaving]
        func climb(from start: Int, to other: Int, forward: Bool) -> Int {
            var v = start
            while !(low[v] <= lim[other] && lim[other] <= lim[v]) {
                changed[v] = true
                path.append(v)
                let e = parentEdge[v]
                let sameWay = (v == edges[e].tail) == forward
                cut[e] += sameWay ? value : -value
                v = lim[edges[e].tail] > lim[edges[e].head] ? edges[e].tail : edges[e].head
            }
            return v
        }
        let ancestor = climb(from: f.tail, to: f.head, forward: true)
        _ = climb(from: f.head, to: f.tail, forward: false)
        cut[entering] = -value
        cut[leaving] = 0

        inTree[leaving] = false
        for v in [edges[leaving].tail, edges[leaving].head] {
            if let k = treeAdjacent[v].firstIndex(of: leaving) { treeAdjacent[v].remove(at: k) }
        }
        inTree[entering] = true
        treeAdjacent[f.tail].append(entering)
        treeAdjacent[f.head].append(entering)
        number(from: ancestor)
        for v in path { changed[v] = false }
        path.removeAll(keepingCapacity: true)
    }

    /// Numbers the subtree under `top` again in post-order (its nodes keep the range of numbers they had), with parents.
    /// A subtree that hangs off the changed paths by the same edge as before is the same inside: its numbers only
    /// shift, which needs no search.
    mutating func number(from top: Int) {
        var stack: [(node: Int, next: Int, low: Int)] = [(top, 0, low[top])]
        var counter = low[top]
        let base = low[top] - 1
        before.removeAll(keepingCapacity: true)
        before.append(contentsOf: postorder[base..<lim[top]])
        while !stack.isEmpty {
            let current = stack[stack.count - 1]
            if current.next < treeAdjacent[current.node].count {
                stack[stack.count - 1].next += 1
                let e = treeAdjacent[current.node][current.next]
                guard e != parentEdge[current.node] else { continue }
                let w = edges[e].tail == current.node ? edges[e].head : edges[e].tail
                if !changed[w] && parentEdge[w] == e {
                    let shift = counter - low[w]
                    if shift != 0 {
                        for k in (low[w] - 1)..<lim[w] {
                            let u = before[k - base]
                            low[u] += shift
                            lim[u] += shift
                            postorder[lim[u] - 1] = u
                        }
                    }
                    counter = lim[w] + 1
                    continue
                }
                parentEdge[w] = e
                stack.append((w, 0, counter))
            } else {
                low[current.node] = current.low
                lim[current.node] = counter
                postorder[counter - 1] = current.node
                counter += 1
                stack.removeLast()
            }
        }
    }

    /// Moves each part of the tree that hangs by an edge of cut value 0 halfway along its free range (dot's LR_balance).
    mutating func centre() {
        for e in 0..<edges.count where inTree[e] && abs(cut[e]) <= Self.epsilon {
            guard let f = enterEdge(e) else { continue }
            let delta = slack(f)
            guard delta > 1 else { continue }
            move(below: e, by: subtreeTop(e) == edges[e].tail ? -(delta / 2) : delta / 2)
        }
    }

    /// Moves nodes with equal incoming and outgoing weight to the least crowded rank they may take.
    mutating func balance() {
        let maxRank = rank.max() ?? 0
        var count = [Int](repeating: 0, count: maxRank + 1)
        for r in rank { count[r] += 1 }
        var inWeight = [Double](repeating: 0, count: n), outWeight = [Double](repeating: 0, count: n)
        for e in edges {
            outWeight[e.tail] += e.weight
            inWeight[e.head] += e.weight
        }
        for v in 0..<n where abs(inWeight[v] - outWeight[v]) <= Self.epsilon {
            // Bounds are recomputed, as earlier moves may have changed the neighbours' ranks.
            var lo = 0, hi = maxRank
            for e in incident[v] {
                let edge = edges[e]
                if edge.head == v { lo = max(lo, rank[edge.tail] + edge.minLength) }
                else { hi = min(hi, rank[edge.head] - edge.minLength) }
            }
            guard lo <= hi else { continue }
            let current = rank[v]
            var choice = current, choiceCount = count[current] - 1
            for r in lo...hi where r != current && count[r] < choiceCount {
                choice = r
                choiceCount = count[r]
            }
            if choice != current {
                count[current] -= 1
                count[choice] += 1
                rank[v] = choice
            }
        }
    }
}
