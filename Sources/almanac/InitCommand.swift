import ArgumentParser
import Diagnostics
import Foundation
import Model

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Start a knowledge base: a content folder with a valid almanac.yaml and a folder for each kind.",
        discussion: """
        Writes <folder>/almanac.yaml (a title, the environments, the date to compute as of, commented out) and \
        creates the folders of the documents (teams/, services/, integrations/, runbooks/, postmortems/, flags/, experiments/, \
        rollouts/, sprints/, pages/, assets/). An existing almanac.yaml is never replaced.

        Exit status: 0 written; 1 almanac.yaml exists already; 2 usage errors or a folder that cannot be written.
        """
    )

    @Argument(help: "The content folder to start (created when it does not exist).")
    var folder = "Content"

    @Option(help: "The site's title.")
    var title = "Engineering Almanac"

    /// The almanac.yaml `init` writes.
    static func configuration(title: String) -> String {
        """
        # The site's configuration; see the writer's guide, "almanac.yaml settings".
        title: \(JSON.string(title).serialized(pretty: false))
        # The environments flags are set in, production last.
        environments: [staging, production]
        # The date taken as "today" for everything computed (stale runbooks, overdue action items, flag ages);
        # without it, the day of the build (UTC).
        # as_of: 2026-11-25

        """
    }

    /// The folders `init` creates: one per kind, and `assets/`.
    static var folders: [String] { Kind.allCases.map(\.folder) + ["assets"] }

    func run() throws {
        let fm = FileManager.default
        let config = folder + "/almanac.yaml"
        if fm.fileExists(atPath: config) {
            printDiagnostic(Diagnostic(.fileExists, "`\(config)` already exists; almanac init never replaces it", at: nil,
                                       help: "edit it, or run `almanac init` with another folder"))
            throw ExitCode(1)
        }
        do {
            for name in Self.folders { try fm.createDirectory(atPath: folder + "/" + name, withIntermediateDirectories: true) }
            try Data(Self.configuration(title: title).utf8).write(to: URL(fileURLWithPath: config), options: .withoutOverwriting)
        } catch {
            printDiagnostic(Diagnostic(.outputFailed, "`\(folder)` could not be written: \(error.localizedDescription)", at: nil,
                                       help: "check that `\(folder)` is a folder you may write, or choose another one"))
            throw ExitCode(2)
        }
        print(config)
        let option = folder == "Content" ? "" : " --content \(folder)"
        printError("Started a knowledge base in \(folder)/: add a team with `almanac new team SLUG\(option)`, then run `almanac check\(option)`\n")
    }
}
