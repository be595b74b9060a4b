/// A directed graph to lay out: nodes with sizes, edges between them. It knows nothing of documents.
public struct LayoutGraph: Sendable {
    public struct Node: Sendable, Hashable {
        public var id: String
        public var width: Double
        public var height: Double
        /// Nodes of one cluster are kept next to each other in their ranks (optional).
        public var cluster: String?

        public init(id: String, width: Double, height: Double, cluster: String? = nil) {
            self.id = id
            self.width = width
            self.height = height
            self.cluster = cluster
        }
    }

    public struct Edge: Sendable, Hashable {
        /// Indices into `nodes`.
        public var source: Int
        public var target: Int
        /// How strongly the layout keeps this edge short and straight.
        public var weight: Double
        /// The least number of ranks between source and target.
        public var minLength: Int

        public init(source: Int, target: Int, weight: Double = 1, minLength: Int = 1) {
            self.source = source
            self.target = target
            self.weight = weight
            self.minLength = minLength
        }
    }

    public var nodes: [Node]
    public var edges: [Edge]

    public init(nodes: [Node] = [], edges: [Edge] = []) {
        self.nodes = nodes
        self.edges = edges
    }
}

public struct Point: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

public struct LayoutOptions: Sendable {
    public enum Direction: Sendable { case topToBottom, leftToRight }
    public var direction: Direction
    /// Space between neighbouring nodes of one rank.
    public var nodeSeparation: Double
    /// Space between ranks.
    public var rankSeparation: Double

    public init(direction: Direction = .topToBottom, nodeSeparation: Double = 24, rankSeparation: Double = 48) {
        self.direction = direction
        self.nodeSeparation = nodeSeparation
        self.rankSeparation = rankSeparation
    }
}

/// Where everything goes: node centres, edge routes, the drawing's size. Coordinates grow right and down.
public struct Layout: Sendable {
    public struct Route: Sendable, Hashable {
        /// Index into the graph's edges.
        public var edge: Int
        /// Cubic Bézier pieces (3k + 1 points), from the source's border to the target's border.
        public var points: [Point]
        /// True when the engine reversed the edge to break a cycle; the route still runs source → target.
        public var reversed: Bool
    }

    /// Centre of each node, in the graph's node order.
    public var centres: [Point]
    /// The rank (layer) of each node.
    public var ranks: [Int]
    public var routes: [Route]
    public var width: Double
    public var height: Double
    /// Edge crossings counted rank by rank (pairs of edge pieces between two adjacent ranks whose order flips),
    /// the quantity the ordering phase minimises.
    public var crossings: Int = 0
}
