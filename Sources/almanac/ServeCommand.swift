import ArgumentParser
import Diagnostics
import Dispatch
import Serve
import Site

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `almanac serve`: build, serve the output on localhost, rebuild on every change and reload the open pages.
/// The work is done by the `Serve` library (`LiveSite`, `DevServer`); this only wires it to the terminal.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build, serve the site on localhost, rebuild when the content or the theme changes, and reload open pages.",
        discussion: """
            Watches the content folder (almanac.yaml included) and the theme folder. A build that fails keeps the \
            last good site served; its diagnostics print here and show over the open pages until fixed. \
            Without --base-url the site is built for the server's root (/). Ctrl-C stops.
            """
    )

    @OptionGroup var site: SiteOptions
    @OptionGroup var reporting: ReportOptions

    @Option(help: "The port to listen on (0: any free port).")
    var port: UInt16 = 4000

    @ArgumentParser.Flag(help: "Print the time each step of each build took, and what a rebuild parsed and rendered again.")
    var timings = false

    @Option(help: """
        The address to listen on; the default serves this machine only. 0.0.0.0 serves the network. Requests are \
        answered only when their Host names the address listened on (with 0.0.0.0: an IP address, localhost or \
        this machine's name), so another site cannot read the preview through DNS rebinding.
        """)
    var host = "127.0.0.1"

    func run() throws {
        var options = site.buildOptions(progress: nil)
        options.strict = reporting.strict
        if site.baseURL == nil { options.baseURL = "/" }
        let terminal = isatty(STDERR_FILENO) == 1
        let reporting = self.reporting, output = site.output, timings = self.timings
        nonisolated(unsafe) var memory: BuildMemory?
        let live = LiveSite(options: options) { result, changed in
            if !changed.isEmpty {
                let names = changed.prefix(3).joined(separator: ", ") + (changed.count > 3 ? " and \(changed.count - 3) more" : "")
                printError("Changed: \(names)\n")
            }
            let printing = ContinuousClock().measure { reporting.print(result, terminal: terminal) }
            let printSeconds = Double(printing.components.seconds) + Double(printing.components.attoseconds) / 1e18
            if timings {
                for (step, seconds) in result.timings + result.measurements + [("print", printSeconds)] {
                    printError("  \(step.padding(8)) \(format(seconds * 1000)) ms\n")
                }
                if let report = memory?.report {
                    printError("  \(report.full ? "full build" : "rebuild"): \(report.parsed) files parsed, \(report.rendered) files rendered, \(report.changedFiles.count) changed\n")
                }
            }
            let warnings = result.diagnostics.warningCount
            if result.succeeded {
                printError("Built \(result.pages) pages in \(String((result.seconds * 100).rounded() / 100)) s" +
                           (warnings == 0 ? "" : " (\(warnings) warning\(warnings == 1 ? "" : "s"))") + "\n")
            } else {
                let errors = result.diagnostics.errorCount
                printError("Build failed: \(errors) error\(errors == 1 ? "" : "s"); still serving the last good \(output)/\n")
            }
        }
        memory = live.memory
        live.rebuild()

        let server = try DevServer(root: output, live: live, host: host, port: port)
        let bound = try blocking { try await server.start() }
        let shown = host.contains(":") ? "[\(host)]" : host
        printError("Serving \(output)/ at http://\(shown):\(bound)/ — watching \(options.content)/ and \(options.theme)/; Ctrl-C stops\n")
        live.startWatching()

        let stop = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            sources.append(source)
        }
        stop.wait()
        printError("\nStopping…\n")
        live.stopWatching()
        try blocking { await server.stop() }
        sources.forEach { $0.cancel() }
    }
}

/// Runs async work from the synchronous command and waits for it.
private func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
