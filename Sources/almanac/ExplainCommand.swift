import ArgumentParser
import Diagnostics

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a diagnostic code at length, with an example and the fix.",
        discussion: "`almanac explain --all` lists every code; `--markdown` prints docs/diagnostics.md."
    )

    @Argument(help: "A code such as E0301.")
    var code: String?

    @ArgumentParser.Flag(help: "Every code, one line each.")
    var all = false

    @ArgumentParser.Flag(help: "Every code at length, as Markdown (the source of docs/diagnostics.md).")
    var markdown = false

    func validate() throws {
        if !all && !markdown && code == nil { throw ValidationError("name a code, such as `almanac explain E0301`, or pass --all") }
        if let code, Code.all.first(where: { $0.id == code.uppercased() }) == nil {
            let near = Suggestions.didYouMean(code.uppercased(), in: Code.all.map(\.id))
            throw ValidationError("unknown code `\(code)`" + (near.map { "; \($0)" } ?? "; `almanac explain --all` lists them"))
        }
    }

    func run() throws {
        if markdown { print(DiagnosticsDocument.markdown(), terminator: ""); return }
        if all {
            for code in Code.all { print("\(code.id)  \(code.defaultSeverity.rawValue.padded(7)) \(code.class.rawValue.padded(16)) \(code.title)") }
            return
        }
        guard let code = Code.all.first(where: { $0.id == self.code?.uppercased() }) else { return }
        print(DiagnosticsDocument.text(code), terminator: "")
    }
}

extension String {
    fileprivate func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
