import ArgumentParser
import Model

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the built-in JSON Schema of a kind, or of every kind.",
        discussion: "A site extends a kind with Content/_schemas/<kind>.schema.json; see docs/writers-guide.md."
    )

    @Argument(help: "The kind: team, service, runbook, postmortem, flag, experiment, rollout, sprint or page. All when omitted.")
    var kind: String?

    func validate() throws {
        if let kind, Kind(rawValue: kind) == nil {
            let kinds = Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("unknown kind `\(kind)`; the kinds are \(kinds)")
        }
    }

    func run() throws {
        let kinds = kind.flatMap(Kind.init(rawValue:)).map { [$0] } ?? Kind.allCases
        for kind in kinds {
            guard let text = BuiltinSchemas.text(for: kind) else {
                printError("error: the built-in schemas are not installed beside almanac (Almanac_Model.resources)\n")
                throw ExitCode(2)
            }
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }
}
