import ArgumentParser
import Diagnostics
import struct Model.Day
import struct Model.SiteConfig
import Site

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Refuses an option that is not a date `YYYY-MM-DD` of years 0001 to 9999.
func validateDate(_ text: String?, option: String) throws {
    guard let text, Day(text) == nil else { return }
    throw ValidationError("\(option) must be a date written YYYY-MM-DD (years 0001 to 9999), such as 2026-11-25; found `\(text)`")
}

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
        try validateDate(asOf, option: "--as-of")
        if let baseURL, let problem = SiteConfig.baseURLProblem(baseURL) {
            throw ValidationError("--base-url cannot be `\(baseURL)`: \(problem); pass \(SiteConfig.baseURLExpectation)")
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

/// How diagnostics are reported.
struct ReportOptions: ParsableArguments {
    @Option(help: "How to print diagnostics: text, json, github (workflow annotations) or sarif (SARIF 2.1.0).")
    var format: DiagnosticFormat = .text

    @ArgumentParser.Flag(help: "Treat warnings as errors.")
    var strict = false

    @ArgumentParser.Flag(help: """
        Print every warning. Without it the text format prints the first \(DiagnosticRenderer.warningsShownPerCode) \
        warnings of each code and sums up the rest of that code in one line; errors are always printed, and the \
        other formats list everything.
        """)
    var allWarnings = false

    /// Prints the diagnostics: text to standard error; GitHub workflow commands, JSON and SARIF to standard output,
    /// where the runner and other programs read them.
    func print(_ result: BuildResult, terminal: Bool) {
        let sources = result.sources
        let renderer = DiagnosticRenderer(color: terminal && format == .text,
                                          warningsPerCode: allWarnings ? nil : DiagnosticRenderer.warningsShownPerCode) { sources[$0] }
        let report = format.render(result.diagnostics, renderer: renderer)
        switch format {
        case .text: if !report.isEmpty { printError(report) }
        case .json, .sarif, .github: Swift.print(report, terminator: "")
        }
    }
}

extension DiagnosticFormat: ExpressibleByArgument {}

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site: validate every document, resolve every link, render HTML and the JSON export."
    )

    @OptionGroup var site: SiteOptions
    @OptionGroup var reporting: ReportOptions

    @ArgumentParser.Flag(help: "Print the time each step took.")
    var timings = false

    func run() throws {
        let terminal = isatty(STDERR_FILENO) == 1
        let showStep: @Sendable (String) -> Void = { step in printError("\u{1B}[2K\r  \(step)…") }
        var options = site.buildOptions(progress: terminal && reporting.format == .text ? showStep : nil)
        options.strict = reporting.strict
        let result = Build(options).run()
        if terminal && reporting.format == .text { printError("\u{1B}[2K\r") }
        let printing = ContinuousClock().measure { reporting.print(result, terminal: terminal) }
        if timings {
            let printSeconds = Double(printing.components.seconds) + Double(printing.components.attoseconds) / 1e18
            for (step, seconds) in result.timings + result.measurements + [("print", printSeconds)] {
                printError("  \(step.padding(8)) \(format(seconds * 1000)) ms\n")
            }
        }
        let warnings = result.diagnostics.warningCount
        let warningText = warnings == 0 ? "" : " (\(warnings) warning\(warnings == 1 ? "" : "s"))"
        if result.succeeded {
            printError("Built \(result.pages) pages from \(result.documents) documents into \(site.output)/ in \(format(result.seconds)) s\(warningText)\n")
        } else {
            printError("Build failed: \(counts(result)); \(site.output)/ was left as it was\n")
            throw ExitCode(max(1, result.exitStatus))
        }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the content (schemas, references, links, rules) without rendering anything."
    )

    @Option(help: "The content folder: almanac.yaml and the documents.")
    var content = "Content"

    @Option(name: .customLong("as-of"), help: "The date taken as today (YYYY-MM-DD); overrides as_of of almanac.yaml.")
    var asOf: String?

    @OptionGroup var reporting: ReportOptions

    func validate() throws {
        try validateDate(asOf, option: "--as-of")
    }

    func run() throws {
        var options = BuildOptions(content: content, asOf: asOf.flatMap(Day.init))
        options.strict = reporting.strict
        let result = Build(options).check()
        reporting.print(result, terminal: isatty(STDERR_FILENO) == 1)
        if result.diagnostics.hasErrors {
            printError("Check failed: \(counts(result))\n")
            throw ExitCode(result.exitStatus)
        }
        printError("Checked \(result.documents) documents: no errors\(result.diagnostics.isEmpty ? "" : ", " + counts(result))\n")
    }
}

private func counts(_ result: BuildResult) -> String {
    let errors = result.diagnostics.errorCount, warnings = result.diagnostics.warningCount
    var parts: [String] = []
    if errors > 0 { parts.append("\(errors) error\(errors == 1 ? "" : "s")") }
    if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
    return parts.joined(separator: ", ")
}

func format(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return String(rounded)
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

/// Writes to standard error (diagnostics, progress), keeping standard output for results: every byte, however
/// long the text, through partial writes, interruptions and a standard error left non-blocking by another program.
func printError(_ text: String) {
    var text = text
    text.withUTF8 { bytes in
        guard var next = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let written = write(STDERR_FILENO, next, left)
            if written > 0 {
                next += written
                left -= written
            } else if written < 0 && errno == EINTR {
                continue
            } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                var ready = pollfd(fd: STDERR_FILENO, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, -1)
            } else {
                return
            }
        }
    }
}
