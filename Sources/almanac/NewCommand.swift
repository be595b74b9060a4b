import ArgumentParser
import Model
import Site

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start a new document: every required field filled with a default or a TODO placeholder, and the sections a good document has.",
        discussion: """
        Writes <content>/<kind folder>/<slug>.md (a flag's slug is its key) and prints its path. The fields are \
        those the kind's schema requires, with the site's Content/_schemas extension; the owner is the site's \
        first team, a flag has every environment of almanac.yaml, off. Fill in the values marked TODO, then run \
        `almanac check`. An existing file is never replaced.

        Exit status: 0 written; 1 the file exists already; 2 usage or configuration errors.
        """
    )

    @Argument(help: "The kind: team, service, runbook, postmortem, flag, experiment, rollout, sprint or page.")
    var kind: String

    @Argument(help: "The slug: lowercase letters, digits and hyphens, such as db-failover (for a flag, its key).")
    var slug: String

    @Option(help: "The content folder: almanac.yaml and the documents.")
    var content = "Content"

    @Option(help: "The date to fill in (YYYY-MM-DD): created, last reviewed, start. Default: today (UTC).")
    var date: String?

    func validate() throws {
        try validateDate(date, option: "--date")
    }

    func run() throws {
        do {
            let kind = try Scaffold.kind(named: kind)
            let created = try Scaffold.create(kind: kind, slug: slug, content: content, date: date.flatMap(Day.init) ?? Day.today)
            print(created.path)
            let todo = created.placeholders == 0 ? "" : ": fill in the \(created.placeholders) lines marked TODO"
            let check = content == "Content" ? "almanac check" : "almanac check --content \(content)"
            printError("Created a new \(kind.rawValue)\(todo), then run `\(check)` to validate it\n")
        } catch {
            printDiagnostic(error.diagnostic)
            throw ExitCode(error.exitStatus)
        }
    }
}
