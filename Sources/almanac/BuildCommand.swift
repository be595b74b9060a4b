import ArgumentParser
import Diagnostics
import struct Model.Day
import Site

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Options every command that builds a site shares.
struct SiteOptions: ParsableArguments {
    @Option(help: "The content folder: almanac.yaml and the documents.")
    var content = "Content"

    @Option(help: "The theme folder (templates/ and assets/). Default: Themes/default here, else the one installed beside almanac.")
    var theme: String?

    @Option(help: "Where the site is written; replaced only when the build succeeds.")
    var output = "Output"

    @Option(name: .customLong("as-of"), help: "The date taken as today (YYYY-MM-DD); overrides as_of of almanac.yaml.")
    var asOf: String?

    @Option(name: .customLong("base-url"), help: "The URL the site is served under; overrides base_url of almanac.yaml.")
    var baseURL: String?

    func validate() throws {
        if let asOf, Day(asOf) == nil {
            throw ValidationError("--as-of must be a date written YYYY-MM-DD, such as 2026-11-25; found `\(asOf)`")
        }
    }

    func buildOptions(progress: (@Sendable (String) -> Void)?) -> BuildOptions {
        BuildOptions(content: content, theme: theme ?? defaultTheme(), output: output, asOf: asOf.flatMap(Day.init),
                     baseURL: baseURL, progress: progress)
    }

    /// `Themes/default` of the current folder, else of the nearest folder above the executable that has one
    /// (so `.build/release/almanac` finds the repository's theme from anywhere).
    private func defaultTheme() -> String {
        let relative = "Themes/default"
        if access(relative + "/templates", F_OK) == 0 { return relative }
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return relative }
        var folder = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        while let slash = folder.lastIndex(of: "/"), slash != folder.startIndex {
            folder = String(folder[..<slash])
            if access(folder + "/" + relative + "/templates", F_OK) == 0 { return folder + "/" + relative }
        }
        return relative
    }
}

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site: validate every document, resolve every link, render HTML and the JSON export."
    )

    @OptionGroup var site: SiteOptions

    @ArgumentParser.Flag(help: "Print the time each step took.")
    var timings = false

    func run() throws {
        let terminal = isatty(STDERR_FILENO) == 1
        let showStep: @Sendable (String) -> Void = { step in printError("\u{1B}[2K\r  \(step)…") }
        let progress = terminal ? showStep : nil
        let result = Build(site.buildOptions(progress: progress)).run()
        if terminal { printError("\u{1B}[2K\r") }
        let sources = result.sources
        let renderer = DiagnosticRenderer(color: terminal) { sources[$0] }
        if !result.diagnostics.isEmpty {
            printError(renderer.render(result.diagnostics) + "\n")
        }
        if timings {
            for (step, seconds) in result.timings {
                printError("  \(step.padding(8)) \(format(seconds * 1000)) ms\n")
            }
        }
        let errors = result.diagnostics.errorCount, warnings = result.diagnostics.warningCount
        let warningText = warnings == 0 ? "" : " (\(warnings) warning\(warnings == 1 ? "" : "s"))"
        if result.succeeded {
            print("Built \(result.pages) pages from \(result.documents) documents into \(site.output)/ in \(format(result.seconds)) s\(warningText)")
        } else {
            printError("Build failed: \(errors) error\(errors == 1 ? "" : "s")\(warnings == 0 ? "" : ", \(warnings) warning\(warnings == 1 ? "" : "s")"); \(site.output)/ was left as it was\n")
            throw ExitCode(1)
        }
    }
}

private func format(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return String(rounded)
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

/// Writes to standard error (diagnostics, progress), keeping standard output for results.
func printError(_ text: String) {
    _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
}
