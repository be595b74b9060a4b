import ArgumentParser
import Diagrams

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LayoutOutputFormat: ExpressibleByArgument {}

/// `--direction tb|lr`.
enum LayoutDirectionArgument: String, ExpressibleByArgument, CaseIterable {
    case tb, lr
    var direction: LayoutOptions.Direction { self == .tb ? .topToBottom : .leftToRight }
}

struct LayoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layout",
        abstract: "Lay out a graph (DOT or GraphML) with the layered engine and print the layout.",
        discussion: """
        FILE is DOT (.gv, .dot) or GraphML (.graphml, .xml); with another extension, or `-` for standard \
        input, the content decides (XML is GraphML). Sizes are in points (1/72 in) inside, inches in DOT \
        attributes and in the plain format, as in Graphviz.

        plain is Graphviz's -Tplain format (inches, y up), which the layout-metrics.py crossing counter \
        reads; svg is a plain drawing of boxes and arrows.

        Exit status: 0 done; 1 --check found problems in the layout; 2 unreadable input or usage errors.
        """
    )

    @Argument(help: "The graph file (DOT or GraphML), or - for standard input.")
    var file: String

    @Option(help: "What to print: plain (Graphviz -Tplain) or svg.")
    var format: LayoutOutputFormat = .plain

    @Option(help: "tb (top to bottom) or lr (left to right); overrides the file's rankdir.")
    var direction: LayoutDirectionArgument?

    @Option(name: .customLong("node-separation"), help: "Space between neighbouring nodes of a rank, in points (dot: 18).")
    var nodeSeparation: Double?

    @Option(name: .customLong("rank-separation"), help: "Space between ranks, in points (dot: 36).")
    var rankSeparation: Double?

    @ArgumentParser.Flag(help: "Print the time spent reading, laying out and writing to standard error.")
    var timing = false

    @ArgumentParser.Flag(help: "Check the layout (one route per edge, Bézier points, ranks, overlaps) and report problems to standard error.")
    var check = false

    func validate() throws {
        for (name, value) in [("--node-separation", nodeSeparation), ("--rank-separation", rankSeparation)] {
            if let value, !(value >= 0 && value.isFinite) { throw ValidationError("\(name) must be a number of points ≥ 0") }
        }
    }

    func run() throws {
        let text: String
        do {
            text = try readInput(file)
        } catch {
            printError("error: \(error.message)\n")
            throw ExitCode(2)
        }
        let request = LayoutRequest(format: format, direction: direction?.direction,
                                    nodeSeparation: nodeSeparation, rankSeparation: rankSeparation)
        let shown = file == "-" ? "<stdin>" : file
        let result: LayoutRun
        do {
            result = try LayoutRun.run(text, path: file == "-" ? nil : file, request: request)
        } catch {
            printError(error.described(file: shown) + "\n")
            throw ExitCode(2)
        }
        for warning in result.document.warnings { printError(warning.described(file: shown) + "\n") }
        print(result.output, terminator: "")
        if timing {
            let graph = result.document.graph
            printError("\(shown): \(graph.nodes.count) nodes, \(graph.edges.count) edges, \(result.layout.crossings) crossings; read \(milliseconds(result.readSeconds)) ms, "
                       + "layout \(milliseconds(result.layoutSeconds)) ms, write \(milliseconds(result.writeSeconds)) ms\n")
        }
        if check {
            let problems = result.problems
            for problem in problems { printError("\(shown): layout: \(problem)\n") }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }

    private func milliseconds(_ seconds: Double) -> String {
        PlainFormat.number(seconds * 1000, decimals: 3)
    }
}

struct InputError: Error {
    var message: String
}

/// The whole of `path` (standard input for `-`) as UTF-8 text.
func readInput(_ path: String) throws(InputError) -> String {
    let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
    guard fd >= 0 else { throw InputError(message: "cannot read \(path): \(String(cString: strerror(errno)))") }
    defer { if fd != STDIN_FILENO { close(fd) } }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            throw InputError(message: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        if count == 0 { break }
        bytes += buffer[0..<count]
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
        throw InputError(message: "\(path) is not UTF-8 text")
    }
    return text
}
