import ArgumentParser
import Diagnostics
import Markdown

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct Almanac: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "almanac",
        abstract: "Validate, link and render an engineering knowledge base as a static site.",
        discussion: "Exit status: 0 clean, 1 errors in the content, 2 usage, configuration or theme errors.",
        version: "almanac \(Almanac.version) (cmark-gfm \(MarkdownDocument.libraryVersion))",
        subcommands: [BuildCommand.self, CheckCommand.self, ServeCommand.self, InitCommand.self, NewCommand.self, SchemaCommand.self,
                      ExplainCommand.self, LayoutCommand.self],
        defaultSubcommand: BuildCommand.self
    )

    /// Almanac's own version, printed by `almanac --version`.
    static let version = "0.14.0"

    /// Usage errors exit with 2, as configuration errors do; the commands' own exit codes pass through.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Glibc.exit(0)
            }
            if error is ExitCode { Glibc.exit(code.rawValue) }
            // Usage errors as every other error is printed: `error[E0909]: …`.
            if !message.isEmpty { printError(usageMessage(message) + "\n") }
            Glibc.exit(2)
        }
    }
}

/// ArgumentParser's message for a command line it refused, with its `Error: ` as the build's diagnostics begin.
func usageMessage(_ message: String) -> String {
    message.hasPrefix("Error: ") ? "error[\(Code.usage.id)]: " + message.dropFirst("Error: ".count) : message
}

/// One diagnostic that is not about a file of the content (a command line, a folder), as the build prints them.
func printDiagnostic(_ diagnostic: Diagnostic) {
    printError(DiagnosticRenderer(color: isatty(STDERR_FILENO) == 1, source: { _ in nil }).render(diagnostic) + "\n")
}
