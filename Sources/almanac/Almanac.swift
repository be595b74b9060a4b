import ArgumentParser

@main
struct Almanac: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "almanac",
        abstract: "Validate, link and render an engineering knowledge base as a static site.",
        subcommands: [BuildCommand.self],
        defaultSubcommand: BuildCommand.self
    )
}
