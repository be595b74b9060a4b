import ArgumentParser

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
        subcommands: [BuildCommand.self, CheckCommand.self, ServeCommand.self, NewCommand.self, SchemaCommand.self, ExplainCommand.self, LayoutCommand.self],
        defaultSubcommand: BuildCommand.self
    )

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
            if !message.isEmpty { printError(message + "\n") }
            Glibc.exit(2)
        }
    }
}
