import Testing
@testable import Diagrams

/// A graph of the North corpus, copied into the fixtures (`Tests/Fixtures/north/README.md` says from where).
private let northFile: String = {
    var root = #filePath
    for _ in 0..<2 { if let slash = root.lastIndex(of: "/") { root = String(root[..<slash]) } }
    return root + "/Fixtures/north/g.10.1.graphml"
}()

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private struct ReadFailure: Error {}

private func readText(_ path: String) throws -> String {
    guard let f = fopen(path, "r") else { throw ReadFailure() }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = fread(&buffer, 1, buffer.count, f)
        if n == 0 { break }
        bytes += buffer[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}

private func dot(_ text: String) throws -> GraphDocument { try GraphDocument.read(text, format: .dot) }
private func graphML(_ text: String) throws -> GraphDocument { try GraphDocument.read(text, format: .graphml) }

/// The error that reading `text` raises.
private func dotError(_ text: String) -> GraphInputError? {
    do { _ = try GraphDocument.read(text, format: .dot); return nil } catch { return error }
}
private func graphMLError(_ text: String) -> GraphInputError? {
    do { _ = try GraphDocument.read(text, format: .graphml); return nil } catch { return error }
}

private func ids(_ d: GraphDocument) -> [String] { d.graph.nodes.map(\.id) }
private func pairs(_ d: GraphDocument) -> [String] {
    d.graph.edges.map { "\(d.graph.nodes[$0.source].id)>\(d.graph.nodes[$0.target].id)" }
}

@Suite("DOT reader")
struct DOTReaderTests {
    @Test("nodes, edge chains and the graph's name")
    func basics() throws {
        let d = try dot("digraph deps { a; b -> c -> d; a -> c }")
        #expect(d.name == "deps")
        #expect(ids(d) == ["a", "b", "c", "d"])
        #expect(pairs(d) == ["b>c", "c>d", "a>c"])
        #expect(d.graph.nodes.allSatisfy { $0.width == 54 && $0.height == 36 && $0.cluster == nil })
        #expect(d.options.direction == .topToBottom)
        #expect(d.warnings.isEmpty)
    }

    @Test("quoted, concatenated, numeric, non-ASCII and HTML IDs")
    func identifiers() throws {
        let d = try dot(#"""
        strict digraph "my graph" {
          "a b" -> "say \"hi\"" -> -1.5 -> .5 -> 7 -> été_2
          "con" + "cat" -> "multi\
        line"
          <<b>html</b>> -> x
        }
        """#)
        #expect(d.name == "my graph")
        #expect(ids(d) == ["a b", "say \"hi\"", "-1.5", ".5", "7", "été_2", "concat", "multiline", "<b>html</b>", "x"])
        #expect(d.graph.edges.count == 7)
    }

    @Test("comments of every kind")
    func comments() throws {
        let d = try dot("""
        # a preprocessor line
        digraph { // one line
          a /* inline */ -> b
          /* several
             lines -> z */
          c
        }
        """)
        #expect(ids(d) == ["a", "b", "c"])
        #expect(pairs(d) == ["a>b"])
    }

    @Test("node attributes: label, width and height in inches, fixedsize")
    func nodeAttributes() throws {
        let d = try dot(#"""
        digraph {
          a [label="Alpha", width=1, height=0.75]
          b [label="\N and a rather long label"]
          c [label="two\nlines", width="0.5"; height=.25]
          d [label="a very long label that does not fit", fixedsize=true]
          e [shape=box, color=red]
          a -> b
        }
        """#)
        #expect(d.labels == ["Alpha", "b and a rather long label", "two\nlines", "a very long label that does not fit", "e"])
        let n = d.graph.nodes
        #expect(n[0].width == 72 && n[0].height == 54)
        #expect(n[1].width == 25 * NodeSizing.characterWidth + NodeSizing.horizontalMargin)
        #expect(n[1].height == 36)
        #expect(n[2].width == 5 * NodeSizing.characterWidth + NodeSizing.horizontalMargin)  // 0.5 in is too narrow: grown to fit, as in dot
        #expect(n[2].height == 2 * NodeSizing.lineHeight + NodeSizing.verticalMargin)
        #expect(n[3].width == 54 && n[3].height == 36)
        #expect(n[4].width == 54 && n[4].height == 36)
    }

    @Test("a later node statement sets the attributes of a node met before")
    func laterAttributes() throws {
        let d = try dot("digraph { a -> b; b [width=2] }")
        #expect(d.graph.nodes[1].width == 144)
    }

    @Test("edge attributes weight and minlen, and edge defaults")
    func edgeAttributes() throws {
        let d = try dot("""
        digraph {
          a -> b [weight=3, minlen=2]
          edge [weight=5]
          b -> c -> d [minlen=0]
          c -> e [weight=0]
        }
        """)
        let e = d.graph.edges
        #expect(e.map(\.weight) == [3, 5, 5, 0])
        #expect(e.map(\.minLength) == [2, 0, 0, 1])
    }

    @Test("graph, node and edge default statements; node defaults apply to nodes created after them")
    func defaults() throws {
        let d = try dot("""
        digraph {
          graph [fontname=Helvetica, bgcolor="white"]
          a
          node [width=1, shape=box]
          edge [color=grey]
          b -> a
          subgraph s { node [height=1]; c }
          d
        }
        """)
        let n = d.graph.nodes
        #expect(ids(d) == ["a", "b", "c", "d"])
        #expect(n[0].width == 54)          // created before the default
        #expect(n[1].width == 72)
        #expect(n[2].width == 72 && n[2].height == 72)
        #expect(n[3].width == 72 && n[3].height == 36)  // the subgraph's default ends with it
    }

    @Test("rankdir, nodesep and ranksep, as `ID = ID` or in `graph [...]`")
    func graphAttributes() throws {
        #expect(try dot("digraph { rankdir=LR; a -> b }").options.direction == .leftToRight)
        #expect(try dot("digraph { graph [rankdir=\"LR\"] a -> b }").options.direction == .leftToRight)
        #expect(try dot("digraph { rankdir=TB }").options.direction == .topToBottom)
        let d = try dot(#"digraph { nodesep=0.5; ranksep="1.0 equally" }"#)
        #expect(d.options.nodeSeparation == 36 && d.options.rankSeparation == 72)
        // A subgraph's rankdir is not the graph's.
        #expect(try dot("digraph { subgraph s { rankdir=LR } }").options.direction == .topToBottom)
    }

    @Test("unsupported attributes are warnings, with their place")
    func warnings() throws {
        let d = try dot("digraph {\n  rankdir=BT\n  { rank=same; a b }\n}")
        #expect(d.options.direction == .topToBottom)
        #expect(d.warnings.count == 2)
        #expect(d.warnings[0].location == SourceLocation(line: 2, column: 11))
        #expect(d.warnings[0].message.contains("BT"))
        #expect(d.warnings[1].message.contains("rank=same"))
        #expect(d.warnings[1].described(file: "g.gv").hasPrefix("g.gv:3:"))
    }

    @Test("clusters: membership, nesting, anonymous and plain subgraphs")
    func clusters() throws {
        let d = try dot("""
        digraph {
          a
          subgraph cluster_x {
            label="X"
            b -> c
            subgraph cluster_inner { d }
            subgraph plain { e }
          }
          subgraph other { f }
          { g }
          a -> b
          subgraph cluster_y { a }
          subgraph cluster_z { b }
        }
        """)
        let cluster = Dictionary(uniqueKeysWithValues: d.graph.nodes.map { ($0.id, $0.cluster) })
        #expect(cluster["a"] == "cluster_y")
        #expect(cluster["b"] == "cluster_x")   // first cluster wins over an unrelated later one, as in dot
        #expect(cluster["c"] == "cluster_x")
        #expect(cluster["d"] == "cluster_inner")
        #expect(cluster["e"] == "cluster_x")
        #expect(cluster["f"] == .some(nil))
        #expect(cluster["g"] == .some(nil))
        #expect(d.clusterParents["cluster_inner"] == .some("cluster_x"))
        #expect(d.clusterParents["cluster_x"] == .some(nil))
        #expect(d.clusterParents["other"] == nil)
    }

    @Test("subgraphs as edge ends, and ports")
    func subgraphEdges() throws {
        let d = try dot("digraph { a:p:n -> { b c } -> d:s; subgraph cluster_q { e f } -> g }")
        #expect(pairs(d) == ["a>b", "a>c", "b>d", "c>d", "e>g", "f>g"])
    }

    @Test("undirected graphs use --, and edges run as written")
    func undirected() throws {
        let d = try dot("graph { a -- b -- c }")
        #expect(pairs(d) == ["a>b", "b>c"])
    }

    @Test("errors say what and where", arguments: [
        ("", "1:1", "expected `digraph` or `graph`"),
        ("digraph { a -> b", "1:17", "expected `}` to close the graph"),
        ("digraph {\n  a -- b\n}", "2:5", "`--` in a digraph"),
        ("graph { a -> b }", "1:11", "`->` in an undirected graph"),
        ("digraph {\n  a [label=\"open\n}", "2:12", "unterminated string"),
        ("digraph { /* never closed", "1:11", "unterminated comment"),
        ("digraph { a [width=wide] }", "1:20", "width must be a number"),
        ("digraph { a [width=0] }", "1:20", "width must be a number"),
        ("digraph { a -> b [minlen=1.5] }", "1:26", "minlen must be a whole number"),
        ("digraph { a -> b [weight=-1] }", "1:26", "weight must be a number"),
        ("digraph { a -> node }", "1:16", "`node` is a keyword"),
        ("digraph { a ; @ }", "1:15", "unexpected character `@`"),
        ("digraph { 2abc }", "1:11", "cannot start with a digit"),
        ("digraph { } digraph { }", "1:13", "after the graph's closing `}`"),
        ("digraph { a [label] }", "1:19", "expected `=` after the attribute `label`"),
        ("digraph { a -> }", "1:16", "expected a node or a subgraph"),
        ("digraph { subgraph cluster_a a }", "1:30", "expected `{` to open the subgraph"),
        ("digraph { node a }", "1:16", "expected `[` after `node`"),
        ("digraph { ééé -> \"x\" + y }", "1:24", "a quoted string after `+`"),
    ])
    func errors(text: String, place: String, message: String) {
        let error = dotError(text)
        #expect(error?.location?.description == place, "\(String(describing: error))")
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test("an error's text names the file, line and column")
    func errorText() {
        let error = dotError("digraph {\n  a -> \"b\n")
        #expect(error?.described(file: "x.gv") == "x.gv:2:8: error: unterminated string")
        #expect(error?.description == "2:8: unterminated string")
    }
}

@Suite("GraphML reader")
struct GraphMLReaderTests {
    @Test("a North graph")
    func north() throws {
        let d = try GraphDocument.read(try readText(northFile), path: northFile)
        #expect(d.name == "G")
        #expect(d.graph.nodes.count == 10)
        #expect(d.graph.edges.count == 11)
        #expect(ids(d).prefix(3) == ["n0", "n1", "n2"])
        #expect(pairs(d).prefix(3) == ["n0>n1", "n0>n2", "n3>n1"])
        #expect(pairs(d).last == "n5>n6")
        #expect(d.graph.nodes.allSatisfy { $0.width == 54 && $0.height == 36 })
        #expect(d.labels == ids(d))
        #expect(d.warnings.isEmpty)
    }

    @Test("a small inline file: namespaces, keys, data, comments, entities, edges before their nodes")
    func inline() throws {
        let d = try graphML("""
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE graphml SYSTEM "http://www.graphdrawing.org/dtds/graphml.dtd" [ <!ENTITY x "y"> ]>
        <!-- a comment -->
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
          <key id="d0" for="node" attr.name="label" attr.type="string"><default>none</default></key>
          <graph id="deps" edgedefault="directed">
            <desc><![CDATA[ <not> a tag ]]></desc>
            <edge id="e0" source="a&amp;b" target='c'><data key="d1">1.5</data></edge>
            <node id="a&amp;b"><data key="d0">A &lt; B</data><y:ShapeNode><y:Geometry width="90" height="30"/></y:ShapeNode></node>
            <node id="c"/>
            <node id="&#x263A;&#65;"/>
            <edge source="c" target="&#x263A;&#65;"/>
          </graph>
        </graphml>
        """)
        #expect(d.name == "deps")
        #expect(ids(d) == ["a&b", "c", "☺A"])
        #expect(pairs(d) == ["a&b>c", "c>☺A"])
        #expect(d.graph.nodes.allSatisfy { $0.width == 54 && $0.height == 36 })
    }

    @Test("only the first graph is read; undirected edges keep their order (with warnings)")
    func warnings() throws {
        let d = try graphML("""
        <graphml><graph edgedefault="undirected"><node id="a"/><node id="b"/><edge source="b" target="a"/></graph>
        <graph><node id="z"/></graph></graphml>
        """)
        #expect(ids(d) == ["a", "b"])
        #expect(pairs(d) == ["b>a"])
        #expect(d.warnings.map(\.location?.line) == [1, 2])
    }

    @Test("content decides the format when the extension does not")
    func detection() throws {
        #expect(GraphInputFormat(path: "a/b.graphml") == .graphml)
        #expect(GraphInputFormat(path: "b.GV") == .dot)
        #expect(GraphInputFormat(path: "b.dot") == .dot)
        #expect(GraphInputFormat(path: "b.txt") == nil)
        #expect(GraphInputFormat(path: ".gv") == nil)
        #expect(GraphInputFormat(content: "\u{FEFF}  <?xml version='1.0'?><graphml/>") == .graphml)
        #expect(GraphInputFormat(content: "digraph { }") == .dot)
        let d = try GraphDocument.read("<graphml><graph><node id='q'/></graph></graphml>", path: "graph.txt")
        #expect(ids(d) == ["q"])
        #expect(ids(try GraphDocument.read("digraph { r }", path: nil)) == ["r"])
    }

    @Test("errors say what and where", arguments: [
        ("", "1:1", "empty file"),
        ("<graphml>\n  <graph>\n    <node id='a'>\n  </graph>\n</graphml>", "4:3", "does not match <node> opened at 3:5"),
        ("<graphml><graph><node/></graph></graphml>", "1:17", "<node> without an id"),
        ("<graphml><graph><node id='a'/><node id='a'/></graph></graphml>", "1:31", "duplicate node id \"a\""),
        ("<graphml><graph>\n<node id='a'/>\n<edge source='a' target='b'/></graph></graphml>", "3:1", "edge target \"b\" is not a node"),
        ("<graphml><graph><edge target='b'/></graph></graphml>", "1:17", "without a source"),
        ("<html><body/></html>", "1:1", "not a GraphML file"),
        ("<graphml><key id='k'/></graphml>", "", "no <graph> element"),
        ("<graphml><graph><node id='a'><graph/></node></graph></graphml>", "1:30", "nested graphs"),
        ("<graphml><graph><hyperedge/></graph></graphml>", "1:17", "hyperedges are not supported"),
        ("<graphml><graph><node id=a/></graph></graphml>", "1:26", "must be quoted"),
        ("<graphml><graph><node id='a&b'/></graph></graphml>", "1:28", "`&` must start a reference"),
        ("<graphml><graph><node id='&nbsp;'/></graph></graphml>", "1:27", "unknown entity &nbsp;"),
        ("<graphml>\n<graph>\n", "2:1", "<graph> is never closed"),
        ("<graphml/><graphml/>", "1:11", "a second root element"),
        ("digraph { }", "1:1", "text before the root element"),
        ("<graphml><!-- open", "1:10", "unterminated comment"),
        ("<graphml><graph><node id='a' id='b'/></graph></graphml>", "1:30", "appears twice"),
    ])
    func errors(text: String, place: String, message: String) {
        let error = graphMLError(text)
        #expect((error?.location?.description ?? "") == place, "\(String(describing: error))")
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }
}

/// A hand-made layout of a → b, a → "c d": a on top, b and "c d" below.
private func sample() -> (LayoutGraph, Layout) {
    let graph = LayoutGraph(nodes: [.init(id: "a", width: 54, height: 36), .init(id: "b", width: 54, height: 36),
                                    .init(id: "c d", width: 72, height: 36)],
                            edges: [.init(source: 0, target: 1), .init(source: 0, target: 2)])
    let straight = { (p: Point, q: Point) in
        [p, Point(x: p.x + (q.x - p.x) / 3, y: p.y + (q.y - p.y) / 3), Point(x: p.x + 2 * (q.x - p.x) / 3, y: p.y + 2 * (q.y - p.y) / 3), q]
    }
    let layout = Layout(centres: [Point(x: 63, y: 18), Point(x: 27, y: 90), Point(x: 108, y: 90)], ranks: [0, 1, 1],
                        routes: [.init(edge: 0, points: straight(Point(x: 63, y: 36), Point(x: 27, y: 72)), reversed: false),
                                 .init(edge: 1, points: straight(Point(x: 63, y: 36), Point(x: 108, y: 72)), reversed: false)],
                        width: 144, height: 108)
    return (graph, layout)
}

@Suite("Plain and SVG writers")
struct WriterTests {
    @Test("plain: one graph line, a line per node and per edge, then stop; inches with y up")
    func plain() {
        let (graph, layout) = sample()
        let text = PlainFormat.write(layout, of: graph)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 1 + 3 + 2 + 1)
        #expect(text.hasSuffix("stop\n"))
        #expect(lines[0] == "graph 1 2 1.5")
        #expect(lines[1] == "node a 0.875 1.25 0.75 0.5 a solid box black lightgrey")
        #expect(lines[2] == "node b 0.375 0.25 0.75 0.5 b solid box black lightgrey")
        #expect(lines[3] == #"node "c d" 1.5 0.25 1 0.5 "c d" solid box black lightgrey"#)
        #expect(lines[4] == "edge a b 4 0.875 1 0.70833 0.83333 0.54167 0.66667 0.375 0.5 solid black")
        let edge = fields(lines[5])
        #expect(edge[0...3] == ["edge", "a", "c d", "4"])
        #expect(edge.count == 4 + 2 * 4 + 2)
    }

    @Test("plain: the graph line is the drawing's bounding box (curves included), not the layout's margins")
    func bounds() {
        var (graph, layout) = sample()
        // 18 pt of margin all round, as the layered engine adds.
        layout.centres = layout.centres.map { Point(x: $0.x + 18, y: $0.y + 18) }
        for r in layout.routes.indices { layout.routes[r].points = layout.routes[r].points.map { Point(x: $0.x + 18, y: $0.y + 18) } }
        layout.width += 36
        layout.height += 36
        let tight = PlainFormat.write(layout, of: graph).split(separator: "\n")
        #expect(tight[0] == "graph 1 2 1.5")
        #expect(tight[1] == "node a 0.875 1.25 0.75 0.5 a solid box black lightgrey")
        let padded = PlainFormat.write(layout, of: graph, bounds: .layout).split(separator: "\n")
        #expect(padded[0] == "graph 1 2.5 2")
        #expect(padded[1] == "node a 1.125 1.5 0.75 0.5 a solid box black lightgrey")
        // A curve bulging out of the nodes' box widens it to the curve's extreme: x = 175.39 at t = 0.5604, where
        // dx/dt = 0 (its control points reach 198, the curve does not); (175.39 - 18) / 72 = 2.18596.
        layout.routes[1].points = [Point(x: 81, y: 54), Point(x: 198, y: 60), Point(x: 198, y: 80), Point(x: 126, y: 90)]
        let bulging = PlainFormat.write(layout, of: graph).split(separator: "\n")
        #expect(bulging[0] == "graph 1 2.18596 1.5")
    }

    @Test("plain: an empty graph is 0 × 0 and has only its graph and stop lines")
    func empty() {
        let layout = Layout(centres: [], ranks: [], routes: [], width: 48, height: 48)
        #expect(PlainFormat.write(layout, of: LayoutGraph()) == "graph 1 0 0\nstop\n")
        #expect(PlainFormat.write(layout, of: LayoutGraph(), bounds: .layout) == "graph 1 0.66667 0.66667\nstop\n")
    }

    @Test("plain: labels, quoting and escaping as Graphviz and shlex read them")
    func quoting() {
        #expect(PlainFormat.quote("n0") == "n0")
        #expect(PlainFormat.quote("_x9") == "_x9")
        #expect(PlainFormat.quote("-1.5") == "-1.5")
        #expect(PlainFormat.quote(".5") == ".5")
        #expect(PlainFormat.quote("1.") == "1.")
        #expect(PlainFormat.quote("1a") == "\"1a\"")
        #expect(PlainFormat.quote("") == "\"\"")
        #expect(PlainFormat.quote("node") == "\"node\"")
        #expect(PlainFormat.quote("été") == "\"été\"")
        #expect(PlainFormat.quote(#"say "hi" \ now"#) == #""say \"hi\" \\ now""#)
        #expect(PlainFormat.quote("two\nlines") == #""two\nlines""#)
        #expect(PlainFormat.quote("a\u{2028}b") == "\"a b\"")
        let (graph, layout) = sample()
        let text = PlainFormat.write(layout, of: graph, labels: ["Alpha", "B", "line 1\nline 2"])
        #expect(text.contains(#"node "c d" 1.5 0.25 1 0.5 "line 1\nline 2" solid"#))
        let node = fields(#"node "say \"hi\" \\ now" 1 2 3 4 "x\ny" solid box black lightgrey"#)
        #expect(node[1] == #"say "hi" \ now"# && node[6] == #"x\ny"# && node.count == 11)
        #expect(text.split(separator: "\n").count == 7)
    }

    @Test("plain: numbers have at most 5 decimals and no trailing zeros")
    func numbers() {
        #expect(PlainFormat.number(0) == "0")
        #expect(PlainFormat.number(-0.0) == "0")
        #expect(PlainFormat.number(2) == "2")
        #expect(PlainFormat.number(1.0 / 3) == "0.33333")
        #expect(PlainFormat.number(2.0 / 3) == "0.66667")
        #expect(PlainFormat.number(-0.4) == "-0.4")
        #expect(PlainFormat.number(0.000001) == "0")
        #expect(PlainFormat.number(123.456789, decimals: 2) == "123.46")
        #expect(PlainFormat.number(.nan) == "0")
    }

    @Test("plain: a route that is not 3k + 1 points, or missing, is written as straight pieces")
    func fallbackRoutes() {
        var (graph, layout) = sample()
        layout.routes = [.init(edge: 1, points: [Point(x: 63, y: 36), Point(x: 90, y: 54), Point(x: 108, y: 72)], reversed: false)]
        graph.edges.append(.init(source: 1, target: 2))
        let edges = PlainFormat.write(layout, of: graph).split(separator: "\n").filter { $0.hasPrefix("edge ") }
        #expect(edges.count == 3)
        let counts = edges.map { Int(fields(String($0))[3])! }
        #expect(counts == [4, 7, 4])
        #expect(edges[0].hasPrefix("edge a b 4 0.875 1.25 "))  // centre to centre
    }

    @Test("svg: an image with a title, a box per node, a path per edge, escaped text")
    func svg() {
        let (graph, layout) = sample()
        let text = SVGWriter.write(layout, of: graph, labels: ["a<b & \"c\"", "b", "x\ny"], title: "Deps & <more>")
        #expect(text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""))
        #expect(text.contains("<title id=\"layout-title\">Deps &amp; &lt;more&gt;</title>"))
        #expect(text.contains("a&lt;b &amp; &quot;c&quot;"))
        #expect(text.components("<rect ") == 3)
        #expect(text.components("<path class=\"edge") == 2)
        #expect(text.contains("d=\"M 63 36 C 51 48 39 60 27 72\""))
        #expect(text.contains("marker-end=\"url(#layout-arrow)\""))
        #expect(text.contains("viewBox=\"-4 -4 152 116\""))
        #expect(text.components("<tspan ") == 4)
        #expect(text.hasSuffix("</svg>\n"))
        #expect(!text.contains("\u{1}"))
        #expect(SVGWriter.escape("a\u{1}b'") == "ab&#39;")
    }

    @Test("svg: text with nothing to escape comes back as it is, exactly when the escaping rules leave it so")
    func escapeFastPath() {
        // A trailing `&` sends the text through the escaping loop; what comes before must match the quick return.
        let scalars = (0..<0x80).compactMap(Unicode.Scalar.init) + ["é", "\u{FFFD}", "\u{FFFE}", "\u{FFFF}", "\u{F000}", "😀"]
        for scalar in scalars {
            let text = "ab" + String(scalar) + "c"
            let slow = String(SVGWriter.escape(text + "&").dropLast("&amp;".count))
            #expect(SVGWriter.escape(text) == slow, "U+\(String(scalar.value, radix: 16))")
        }
    }
}

@Suite("Layout check")
struct LayoutCheckTests {
    @Test("a sound layout has no problems")
    func sound() {
        let (graph, layout) = sample()
        #expect(LayoutCheck.problems(layout, of: graph) == [])
    }

    @Test("what the check finds")
    func problems() {
        var (graph, layout) = sample()
        layout.centres[2].y = 95                                // rank 1 on two lines
        layout.centres[1].x = 70                                // overlaps "c d"
        layout.routes[0].points.removeLast()                    // 3 points
        layout.routes.append(layout.routes[1])                  // two routes for edge 1
        graph.edges.append(.init(source: 1, target: 0))          // upward, not reversed, no route
        let problems = LayoutCheck.problems(layout, of: graph)
        let kinds = Set(problems.map { String($0.prefix { $0 != ":" }) })
        #expect(kinds == ["rank-line", "outside", "overlap", "bezier", "ends", "routes"], "\(problems)")
    }
}

@Suite("almanac layout, through the library")
struct LayoutRunTests {
    @Test("DOT in, plain out: a line per node and edge, 3k + 1 points per edge, inside the drawing")
    func plain() throws {
        let run = try LayoutRun.run("digraph { a -> b -> c; a -> c; d -> c }", path: "g.gv")
        let lines = run.output.split(separator: "\n")
        #expect(lines.count == 1 + 4 + 4 + 1)
        #expect(lines.first?.hasPrefix("graph 1 ") == true)
        #expect(lines.last == "stop")
        let graphFields = lines[0].split(separator: " ")
        let width = Double(graphFields[2])!, height = Double(graphFields[3])!
        #expect(width > 0 && height > 0)
        let box = try #require(PlainFormat.drawingBox(run.layout, of: run.document.graph))
        #expect(abs(width - (box.maxX - box.minX) / 72) < 1e-4 && abs(height - (box.maxY - box.minY) / 72) < 1e-4)
        #expect(width <= run.layout.width / 72 + 1e-4 && height <= run.layout.height / 72 + 1e-4)
        for line in lines where line.hasPrefix("node ") {
            let f = line.split(separator: " ")
            #expect(Double(f[4]) == 0.75 && Double(f[5]) == 0.5)
            let x = Double(f[2])!, y = Double(f[3])!
            #expect(x >= 0 && x <= width + 1e-4 && y >= 0 && y <= height + 1e-4)
        }
        for line in lines where line.hasPrefix("edge ") {
            let f = line.split(separator: " ")
            let n = Int(f[3])!
            #expect(n >= 4 && (n - 1) % 3 == 0)
            #expect(f.count == 4 + 2 * n + 2)
        }
        #expect(run.layoutSeconds >= 0 && run.readSeconds >= 0)
    }

    @Test("GraphML in, SVG out; the direction option overrides the file's")
    func svgAndDirection() throws {
        let text = "<graphml><graph><node id='a'/><node id='b'/><edge source='a' target='b'/></graph></graphml>"
        let run = try LayoutRun.run(text, path: "g.graphml", request: LayoutRequest(format: .svg, direction: .leftToRight))
        #expect(run.options.direction == .leftToRight)
        #expect(run.output.hasPrefix("<svg "))
        #expect(run.output.components("<rect ") == 2)
        let fromFile = try LayoutRun.run("digraph { rankdir=LR; a -> b }", path: "g.gv")
        #expect(fromFile.options.direction == .leftToRight)
        let overridden = try LayoutRun.run("digraph { rankdir=LR; a -> b }", path: "g.gv",
                                           request: LayoutRequest(direction: .topToBottom, nodeSeparation: 18, rankSeparation: 36))
        #expect(overridden.options.direction == .topToBottom)
        #expect(overridden.options.nodeSeparation == 18 && overridden.options.rankSeparation == 36)
    }

    @Test("a North graph laid out and written as plain")
    func north() throws {
        let run = try LayoutRun.run(try readText(northFile), path: northFile)
        let lines = run.output.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("node ") }.count == 10)
        #expect(lines.filter { $0.hasPrefix("edge ") }.count == 11)
        #expect(lines.last == "stop")
    }

    @Test("unreadable input is a GraphInputError with its place")
    func unreadable() {
        #expect(throws: GraphInputError("expected `digraph` or `graph`, found `digrph`", at: SourceLocation(line: 1, column: 1))) {
            try LayoutRun.run("digrph { }", path: "bad.gv")
        }
        #expect(throws: GraphInputError.self) { try LayoutRun.run("<graphml>", path: "bad.graphml") }
        // The extension wins over the content.
        #expect(throws: GraphInputError.self) { try LayoutRun.run("digraph { a }", path: "bad.graphml") }
    }
}

/// A line's fields as Python's `shlex.split` gives them (what layout-metrics.py reads): double quotes group,
/// and inside them a backslash escapes only `"` and `\`.
private func fields(_ line: String) -> [String] {
    var out: [String] = [], current = "", inQuotes = false, started = false
    var chars = line.makeIterator()
    while let c = chars.next() {
        if inQuotes {
            if c == "\"" { inQuotes = false }
            else if c == "\\" {
                let d = chars.next() ?? "\\"
                if d == "\"" || d == "\\" { current.append(d) } else { current.append(c); current.append(d) }
            } else { current.append(c) }
        } else if c == " " {
            if started { out.append(current); current = ""; started = false }
        } else if c == "\"" { inQuotes = true; started = true }
        else { current.append(c); started = true }
    }
    if started { out.append(current) }
    return out
}

private extension String {
    func components(_ needle: String) -> Int {
        var count = 0, rest = self[...]
        while let range = rest.firstRange(of: needle) { count += 1; rest = rest[range.upperBound...] }
        return count
    }
}
