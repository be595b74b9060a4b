import Diagnostics
import Foundation
import Testing
@testable import Site

/// `almanac init`, `--version`, and the errors printed before any content is read: each has a code and the
/// casing of every other diagnostic (`error[E…]:`).
@Suite("Starting a site")
struct StartingTests {
    /// The codes only a command line can cause (no content can): these tests print each of them.
    static let commandLineCodes: Set<Code> = [.unknownKind, .fileExists, .usage]

    func almanac(_ arguments: [String], in site: Fixture) throws -> (status: Int32, out: String, err: String) {
        try FormatTests().almanac(arguments, in: site)
    }

    @Test("almanac init writes a valid almanac.yaml and the folders, and never replaces almanac.yaml")
    func initialise() throws {
        guard FaultTests.available() else { return }
        let site = try Fixture("")
        defer { site.cleanUp() }
        let folder = site.root.path + "/New"
        let first = try almanac(["init", folder], in: site)
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out == folder + "/almanac.yaml\n")
        let config = try String(contentsOfFile: folder + "/almanac.yaml", encoding: .utf8)
        #expect(config.contains("\ntitle: \"Engineering Almanac\"\n") && config.contains("\nenvironments: [staging, production]\n"))
        #expect(config.contains("\n# as_of: "), "as_of is there, commented out")
        for name in ["teams", "services", "runbooks", "postmortems", "flags", "experiments", "rollouts", "sprints", "pages", "assets"] {
            #expect(FileSystem.isDirectory(folder + "/" + name) == true, "\(name)/")
        }
        let check = try almanac(["check", "--content", folder], in: site)
        #expect(check.status == 0 && check.err.hasSuffix("no errors\n"), "\(check.err)")
        // A second init refuses, and leaves the file as it was.
        try "title: Mine\nenvironments: [prod]\n".write(toFile: folder + "/almanac.yaml", atomically: true, encoding: .utf8)
        let again = try almanac(["init", folder], in: site)
        #expect(again.status == 1)
        #expect(again.err.hasPrefix("error[E0908]: `\(folder)/almanac.yaml` already exists"), "\(again.err)")
        #expect(try String(contentsOfFile: folder + "/almanac.yaml", encoding: .utf8) == "title: Mine\nenvironments: [prod]\n")
        // A team started in it is checked as any document is.
        let team = try almanac(["new", "team", "payments", "--content", folder], in: site)
        #expect(team.status == 0 && team.out == folder + "/teams/payments.md\n", "\(team.err)")
    }

    @Test("--version names Almanac's version and the cmark-gfm it runs on")
    func version() throws {
        guard FaultTests.available() else { return }
        let site = try Fixture("")
        defer { site.cleanUp() }
        let result = try almanac(["--version"], in: site)
        #expect(result.status == 0)
        #expect(result.out.range(of: #"^almanac \d+\.\d+\.\d+ \(cmark-gfm \d+\.\d+\.\d+\.gfm\.\d+\)\n$"#, options: .regularExpression) != nil, "\(result.out)")
    }

    @Test("errors before the content is read have codes and the diagnostics' casing")
    func earlyErrors() throws {
        guard FaultTests.available() else { return }
        let site = try Fixture("")
        defer { site.cleanUp() }
        let empty = site.root.path + "/Empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let cases: [([String], Int32, String)] = [
            (["new", "widget", "x", "--content", site.root.path], 2, "error[E0907]: unknown kind `widget`"),
            (["new", "runbook", "DB_Failover", "--content", site.root.path], 2, "error[E0108]: `DB_Failover` is not a valid slug"),
            (["new", "runbook", "db-failover", "--content", site.root.path + "/none"], 2, "error[E0901]: the content folder"),
            (["check", "--content", site.root.path + "/none"], 2, "error[E0901]: there is no content folder"),
            (["check", "--content", empty], 2, "error[E0901]: the content folder has no `almanac.yaml`"),
            (["build", "--bogus"], 2, "error[E0909]: Unknown option '--bogus'"),
            (["new"], 2, "error[E0909]: Missing expected argument '<kind>'"),
        ]
        for (arguments, status, start) in cases {
            let result = try almanac(arguments, in: site)
            #expect(result.status == status, "\(arguments): \(result.err)")
            #expect(result.err.hasPrefix(start), "\(arguments): \(result.err)")
        }
        // With `initialise`'s E0908, every code of the command line is printed by these tests.
        let printed = Set(cases.map(\.2).map { String($0.dropFirst("error[".count).prefix(5)) } + [Code.fileExists.id])
        #expect(Self.commandLineCodes.map(\.id).allSatisfy(printed.contains))
    }
}
