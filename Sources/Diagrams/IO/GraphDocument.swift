// Reading graphs from files (DOT, GraphML) and writing their layouts (Graphviz plain, SVG).
//
// Units. A `LayoutGraph` read here is in points, 1/72 inch, as Graphviz measures internally: a node with
// no size of its own is dot's default 0.75 in × 0.5 in, that is 54 × 36 points, and DOT's `width`/`height`
// (inches) are multiplied by 72. `LayoutOptions` separations and every coordinate of a `Layout` are then in
// points too. The plain writer divides by 72 again (plain is in inches) and the SVG writer uses one SVG
// user unit per point.

/// A place in a source file: 1-based line and column (columns count characters, not bytes).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public var description: String { "\(line):\(column)" }
}

/// A message about a graph file, at a place in it when known.
public protocol GraphInputMessage: CustomStringConvertible {
    var message: String { get }
    var location: SourceLocation? { get }
    /// `error` or `warning`, as compilers label them.
    static var label: String { get }
}

extension GraphInputMessage {
    /// `3:14: expected ...`, or just the message when the place is unknown.
    public var description: String { location.map { "\($0): \(message)" } ?? message }

    /// `FILE:3:14: error: ...`, as compilers write it.
    public func described(file: String) -> String {
        "\(file):\(location.map { "\($0):" } ?? "") \(Self.label): \(message)"
    }
}

/// A graph file that cannot be read: what is wrong, and where when known.
public struct GraphInputError: Error, Sendable, Hashable, GraphInputMessage {
    public static let label = "error"
    public var message: String
    public var location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }
}

/// Something in a graph file that was read but not honoured (an unsupported `rankdir`, `rank=same`, ...).
public struct GraphInputWarning: Sendable, Hashable, GraphInputMessage {
    public static let label = "warning"
    public var message: String
    public var location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }
}

/// A graph as read from a file: the graph to lay out, plus what the file says about drawing it.
public struct GraphDocument: Sendable {
    /// The graph's name (`digraph NAME`, GraphML's `<graph id>`), if it has one.
    public var name: String?
    /// Node sizes in points (see the note at the top of this file).
    public var graph: LayoutGraph
    /// The text to draw in each node, in node order: its `label`, else its id. Lines are separated by "\n".
    public var labels: [String]
    /// Layout options the file asks for: `rankdir` (TB, LR), `nodesep` and `ranksep` (inches → points).
    /// Everything else keeps `LayoutOptions`' defaults.
    public var options: LayoutOptions
    /// Each cluster's enclosing cluster (nil at top level), for nested DOT clusters. A node's
    /// `cluster` is the innermost cluster it belongs to.
    public var clusterParents: [String: String?]
    public var warnings: [GraphInputWarning]

    public init(name: String? = nil, graph: LayoutGraph, labels: [String]? = nil, options: LayoutOptions = LayoutOptions(),
                clusterParents: [String: String?] = [:], warnings: [GraphInputWarning] = []) {
        self.name = name
        self.graph = graph
        self.labels = labels ?? graph.nodes.map(\.id)
        self.options = options
        self.clusterParents = clusterParents
        self.warnings = warnings
    }
}

/// The graph file formats that can be read.
public enum GraphInputFormat: String, Sendable, CaseIterable {
    case dot, graphml

    /// By the file's extension: `.gv`/`.dot` are DOT, `.graphml`/`.xml` GraphML; nil for anything else.
    public init?(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "gv", "dot": self = .dot
        case "graphml", "xml": self = .graphml
        default: return nil
        }
    }

    /// By the content: XML (first significant character `<`) is GraphML, anything else DOT.
    public init(content: String) {
        let first = content.unicodeScalars.first { !$0.properties.isWhitespace && $0 != "\u{FEFF}" }
        self = first == "<" ? .graphml : .dot
    }
}

extension GraphDocument {
    /// Reads a graph in the given format, or the one its path's extension names, or the one its content shows.
    public static func read(_ text: String, path: String? = nil, format: GraphInputFormat? = nil) throws(GraphInputError) -> GraphDocument {
        switch format ?? path.flatMap(GraphInputFormat.init(path:)) ?? GraphInputFormat(content: text) {
        case .dot: return try DOTReader.read(text)
        case .graphml: return try GraphMLReader.read(text)
        }
    }
}

/// Node sizes when the file gives none, in points.
public enum NodeSizing {
    /// dot's default node: 0.75 in × 0.5 in.
    public static let defaultWidth = 54.0
    public static let defaultHeight = 36.0
    /// A rough width of one character of a 14 pt Times label (dot's default font), and a line's height.
    public static let characterWidth = 7.0
    public static let lineHeight = 16.8
    /// dot's label margins: 0.11 in left and right, 0.055 in above and below.
    public static let horizontalMargin = 16.0
    public static let verticalMargin = 8.0

    /// dot's rule, approximately: at least the given (or default) size, grown to fit the label unless
    /// `fixed`. The label's size is estimated from its character count, since no font is measured here.
    public static func size(label: String, width: Double? = nil, height: Double? = nil, fixed: Bool = false) -> (width: Double, height: Double) {
        let minimumWidth = width ?? defaultWidth, minimumHeight = height ?? defaultHeight
        if fixed { return (minimumWidth, minimumHeight) }
        let lines = label.split(separator: "\n", omittingEmptySubsequences: false)
        let longest = lines.map(\.count).max() ?? 0
        let textWidth = Double(longest) * characterWidth + horizontalMargin
        let textHeight = Double(lines.count) * lineHeight + verticalMargin
        return (max(minimumWidth, textWidth), max(minimumHeight, textHeight))
    }
}
