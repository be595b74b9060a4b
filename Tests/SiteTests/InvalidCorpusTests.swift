import Diagnostics
import Foundation
import Model
import Testing
@testable import Site

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The invalid-input corpus: `Tests/Fixtures/invalid/NNN-short-name.site`, one writer's (or operator's) mistake per
/// file, each built on top of `minimalSite` and compared with the diagnostics a writer would expect.
///
/// A case file is a header of `#` lines, then files in the inline format of `Fixture` (`-- path --`), which are
/// added to `minimalSite` or replace its files of the same path. Header lines:
///
///     # <one line saying what the writer did wrong>           (the first line; free text)
///     # expect: E0301 runbooks/x.md:5:12      a diagnostic the build must report: code, path in Content/, line, column
///     # expect: E0903 -                       an unlocated diagnostic (then unlocated ones are compared too)
///     # known-issue: <why>                    the tool disagrees with the expectation; recorded with withKnownIssue
///     # bytes: pages/x.md 2d2d2d0a ff fe      writes these bytes (hex, spaces ignored; none for an empty file)
///     # generate: pages/x.md KIND N           writes a generated file: nested-lists, nested-quotes, big-body,
///                                                           wide-table, links-on-one-line or huge-body
///     # remove: almanac.yaml                  removes a file of minimalSite
///     # socket: runbooks/x.md                 puts a Unix socket (a file that cannot be read) at that path
///     # theme: missing | without NAME         builds with no theme folder, or a copy of the theme lacking NAME.mustache
///     # output: PATH | file PATH              the output folder, relative to the fixture's root (`file`: a regular file)
///     # isolate: <why>                        builds in a separate `almanac` process, killed after a time limit
///
/// The comparison is on the set of (code, file, line, column) of every diagnostic located in one of the case's
/// own files; diagnostics in the other files of minimalSite (its intended warnings) are ignored.
@Suite("Invalid-input corpus")
struct InvalidCorpusTests {
    @Test("an invalid input is reported where a writer expects it", arguments: InvalidCorpus.names)
    func invalidCase(_ name: String) throws {
        let corpusCase = try InvalidCorpus.load(name)
        let outcome = try corpusCase.run()
        switch outcome {
        case .built(let actual, let report, let seconds):
            // The build returned (a crash would have ended the process); it must also return promptly.
            #expect(seconds < 60, "\(name): the build took \(Int(seconds)) s")
            corpusCase.compare(actual, report: report)
        case .isolated(let actual, let report, let problem):
            if let problem {
                // A build that does not return (or crashes) is the worst answer to any input.
                if let known = corpusCase.knownIssue {
                    withKnownIssue(Comment(rawValue: known)) { Issue.record(Comment(rawValue: "\(name): \(problem)")) }
                } else {
                    Issue.record(Comment(rawValue: "\(name): \(problem)"))
                }
            } else {
                corpusCase.compare(actual, report: report)
            }
        }
    }

    @Test("the corpus has at least 60 cases and covers every diagnostic code")
    func coverage() throws {
        let cases = try InvalidCorpus.names.map(InvalidCorpus.load)
        #expect(cases.count >= 60, "only \(cases.count) cases")
        let ids = Set(Code.all.map(\.id))
        let covered = Set(cases.flatMap { $0.expectations.map(\.code) })
        // Fatal codes are bugs or broken installations of Almanac: no content can produce them. The command
        // line's own codes are StartingTests' to cover.
        let missing = Code.all.filter { $0.class != .fatal && !StartingTests.commandLineCodes.contains($0) }.map(\.id)
            .filter { !covered.contains($0) }
        #expect(missing.isEmpty, "no case expects \(missing.joined(separator: ", "))")
        for c in cases {
            #expect(!c.expectations.isEmpty, "\(c.name) expects nothing")
            #expect(c.summary != nil, "\(c.name) does not say what the writer did wrong")
            let unknown = c.expectations.map(\.code).filter { !ids.contains($0) }
            #expect(unknown.isEmpty, "\(c.name) expects codes that do not exist: \(unknown)")
            #expect(c.name.range(of: #"^[0-9]{3}-[a-z0-9-]+\.site$"#, options: .regularExpression) != nil,
                    "\(c.name) is not named NNN-short-name.site")
        }
    }
}

/// One diagnostic reduced to what the corpus compares.
struct LocatedCode: Hashable, Comparable, CustomStringConvertible {
    var code: String
    /// Relative to the content folder; "-" for an unlocated diagnostic.
    var file: String
    var line: Int
    var column: Int

    var description: String { file == "-" ? "\(code) -" : "\(code) \(file):\(line):\(column)" }

    static func < (a: LocatedCode, b: LocatedCode) -> Bool {
        (a.file, a.line, a.column, a.code) < (b.file, b.line, b.column, b.code)
    }
}

enum InvalidCorpus {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/invalid")

    /// The case files, sorted.
    static let names: [String] = {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return all.filter { $0.hasSuffix(".site") }.sorted()
    }()

    static func load(_ name: String) throws -> CorpusCase {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        return try CorpusCase(name: name, text: text)
    }

    /// The date every case is built as of (the Fixture's default).
    static let asOf = "2026-11-25"
}

enum CorpusOutcome {
    case built([LocatedCode], report: String, seconds: Double)
    /// Built in a separate process; `problem` says why it did not return normally.
    case isolated([LocatedCode], report: String, problem: String?)
}

struct CorpusCase {
    enum Directive {
        case bytes(String, [UInt8])
        case generate(String, String, Int)
        case remove(String)
        case socket(String)
    }

    let name: String
    var summary: String?
    var expectations: [LocatedCode] = []
    var knownIssue: String?
    var directives: [Directive] = []
    var theme: String?
    var output: String?
    var isolate: String?
    /// The inline files, in `Fixture`'s format.
    var files: String = ""
    /// Every path the case writes, relative to the content folder.
    var paths: Set<String> = []

    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    init(name: String, text: String) throws {
        self.name = name
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let firstFile = lines.firstIndex { Self.fileHeader($0) != nil } ?? lines.count
        for line in lines[..<firstFile] where !line.isEmpty {
            guard line.hasPrefix("#") else { throw FormatError(description: "\(name): header line without `#`: \(line)") }
            let content = line.dropFirst().trimmingCharacters(in: .whitespaces)
            guard let colon = content.firstIndex(of: ":"),
                  let directive = Optional(String(content[..<colon])), Self.directives.contains(directive) else {
                if summary == nil { summary = content }
                continue
            }
            let argument = content[content.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            let words = argument.split(separator: " ").map(String.init)
            switch directive {
            case "expect":
                guard let space = argument.firstIndex(of: " ") else { throw FormatError(description: "\(name): bad expect: \(line)") }
                let code = String(argument[..<space])
                let place = argument[argument.index(after: space)...].trimmingCharacters(in: .whitespaces)
                if place == "-" {
                    expectations.append(LocatedCode(code: code, file: "-", line: 0, column: 0))
                } else {
                    let parts = place.split(separator: ":", omittingEmptySubsequences: false)
                    guard parts.count >= 3, let l = Int(parts[parts.count - 2]), let c = Int(parts[parts.count - 1]) else {
                        throw FormatError(description: "\(name): bad place in \(line)")
                    }
                    expectations.append(LocatedCode(code: code, file: parts.dropLast(2).joined(separator: ":"), line: l, column: c))
                }
            case "known-issue": knownIssue = argument
            case "bytes":
                guard let path = words.first else { throw FormatError(description: "\(name): bytes without a path") }
                let hex = Array(words.dropFirst().joined().utf8)
                guard hex.count % 2 == 0 else { throw FormatError(description: "\(name): odd hex in \(line)") }
                var bytes: [UInt8] = []
                for i in stride(from: 0, to: hex.count, by: 2) {
                    guard let b = UInt8(String(decoding: hex[i..<i + 2], as: UTF8.self), radix: 16) else {
                        throw FormatError(description: "\(name): bad hex in \(line)")
                    }
                    bytes.append(b)
                }
                directives.append(.bytes(path, bytes))
                paths.insert(path)
            case "generate":
                guard words.count == 3, let n = Int(words[2]) else { throw FormatError(description: "\(name): bad generate: \(line)") }
                directives.append(.generate(words[0], words[1], n))
                paths.insert(words[0])
            case "remove": directives.append(.remove(argument))
            case "socket":
                directives.append(.socket(argument))
                paths.insert(argument)
            case "theme": theme = argument
            case "output": output = argument
            case "isolate": isolate = argument
            default: break
            }
        }
        var body = lines[firstFile...].joined(separator: "\n")
        if body.hasSuffix("\n") { body.removeLast() }
        files = body
        lines = Array(lines[firstFile...])
        for line in lines { if let path = Self.fileHeader(line) { paths.insert(path) } }
    }

    static let directives: Set<String> = ["expect", "known-issue", "bytes", "generate", "remove", "socket", "theme", "output", "isolate"]

    /// The path of a `-- path --` line, as `Fixture.write` reads it.
    static func fileHeader(_ line: String) -> String? {
        guard line.hasPrefix("-- "), line.hasSuffix(" --"), line.count > 6 else { return nil }
        return String(line.dropFirst(3).dropLast(3))
    }

    /// Whether unlocated diagnostics take part in the comparison.
    var comparesUnlocated: Bool { expectations.contains { $0.file == "-" } }

    // MARK: Building

    func run() throws -> CorpusOutcome {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        if !files.isEmpty { try site.write(files) }
        for directive in directives {
            switch directive {
            case .bytes(let path, let bytes):
                let url = URL(fileURLWithPath: site.content).appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: url)
            case .generate(let path, let kind, let n):
                let url = URL(fileURLWithPath: site.content).appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(Self.generate(kind, n).utf8).write(to: url)
            case .remove(let path):
                try site.remove(path)
            case .socket(let path):
                try Self.makeSocket(at: site.content + "/" + path)
            }
        }
        var theme = Fixture.theme
        switch themeChoice {
        case nil: break
        case .missing: theme = site.root.path + "/no-theme"
        case .without(let template):
            theme = site.root.path + "/theme"
            try FileManager.default.copyItem(atPath: Fixture.theme, toPath: theme)
            try FileManager.default.removeItem(atPath: theme + "/templates/\(template).mustache")
        }
        var output = site.output
        if let argument = self.output {
            let words = argument.split(separator: " ").map(String.init)
            if words.count == 2, words[0] == "file" {
                output = site.root.path + "/" + words[1]
                try Data("not a folder\n".utf8).write(to: URL(fileURLWithPath: output))
            } else {
                output = site.root.path + "/" + argument
            }
        }
        if isolate != nil {
            return try runIsolated(content: site.content, theme: theme, output: output)
        }
        let start = Date()
        let result = themeChoice == nil
            ? site.build(output: output, asOf: InvalidCorpus.asOf)
            : Build(BuildOptions(content: site.content, theme: theme, output: output, asOf: Day(InvalidCorpus.asOf))).run()
        let seconds = Date().timeIntervalSince(start)
        let located = result.diagnostics.map { d in
            d.location.map { LocatedCode(code: d.code.id, file: Self.relative($0.file, to: site.content), line: $0.line, column: $0.column) }
                ?? LocatedCode(code: d.code.id, file: "-", line: 0, column: 0)
        }
        return .built(located, report: result.report, seconds: seconds)
    }

    enum ThemeChoice { case missing, without(String) }

    var themeChoice: ThemeChoice? {
        guard let argument = theme else { return nil }
        let words = argument.split(separator: " ").map(String.init)
        if words == ["missing"] { return .missing }
        if words.count == 2, words[0] == "without" { return .without(words[1]) }
        return nil
    }

    /// Generated inputs too big to keep in a file.
    static func generate(_ kind: String, _ n: Int) -> String {
        switch kind {
        case "nested-lists":
            // `tags: [[[…]]]`, n deep, on line 3; the first `[` is at column 7.
            return "---\ntitle: Deep\ntags: " + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "\n---\n"
        case "nested-quotes":
            // n `>` then a link to a missing runbook, on line 4; the link starts at column n + 2.
            return "---\ntitle: Quotes\n---\n" + String(repeating: ">", count: n) + " [x](runbook:missing)\n"
        case "big-body":
            // n filler lines (paragraphs separated by blank lines) from line 4, then a broken link on line n + 4, column 5.
            var text = "---\ntitle: Big\n---\n"
            text.reserveCapacity(n * 32)
            for i in 0..<n { text += i % 2 == 0 ? "Paragraph \(i) of filler text.\n" : "\n" }
            return text + "See [the missing runbook](runbook:missing).\n"
        case "huge-body":
            // A body of n MB of paragraphs, from line 4.
            let paragraph = String(repeating: "Filler words of a body far larger than any document. ", count: 9) + "\n\n"
            return "---\ntitle: Huge\n---\n" + String(repeating: paragraph, count: n * 1_000_000 / paragraph.utf8.count + 1)
        case "wide-table":
            // A table of n columns: header on line 4, delimiter row on line 5, one row on line 6.
            let row = "|" + String(repeating: " x |", count: n) + "\n"
            return "---\ntitle: Wide\n---\n" + row + "|" + String(repeating: "---|", count: n) + "\n" + row
        case "links-on-one-line":
            // n links on line 4, then a broken one at column 21 n + 1.
            return "---\ntitle: Links\n---\n" + String(repeating: "[a](https://x.test/) ", count: n) + "[x](runbook:missing)\n"
        default:
            Issue.record("unknown generator `\(kind)`")
            return ""
        }
    }

    /// A Unix domain socket: listed among the files of its folder, but `open` fails on it.
    static func makeSocket(at path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #if canImport(Glibc)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw CorpusCase.FormatError(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { throw CorpusCase.FormatError(description: "socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (i, b) in bytes.enumerated() { buffer[i] = b }
            buffer[bytes.count] = 0
        }
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard status == 0 else { throw CorpusCase.FormatError(description: "bind(\(path)) failed: errno \(errno)") }
    }

    // MARK: Isolated builds

    static let isolatedSeconds = 15.0
    static let isolatedMemoryKB = 4_000_000

    /// The `almanac` executable built beside the test bundle.
    static var executable: String? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("almanac").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("almanac").path,
            Fixture.repository.appendingPathComponent(".build/debug/almanac").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `almanac build` in a child process with a memory limit, killing it after `isolatedSeconds`.
    func runIsolated(content: String, theme: String, output: String) throws -> CorpusOutcome {
        guard let executable = Self.executable else {
            return .isolated([], report: "", problem: "the `almanac` executable was not found beside the tests; run `swift build` first")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -v \(Self.isolatedMemoryKB); exec \"$0\" \"$@\"", executable, "build",
                             "--content", content, "--theme", theme, "--output", output,
                             "--as-of", InvalidCorpus.asOf, "--format", "json"]
        let stdout = FileManager.default.temporaryDirectory.appendingPathComponent("almanac-isolated-\(UUID().uuidString).json")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: stdout) }
        let handle = try FileHandle(forWritingTo: stdout)
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(Self.isolatedSeconds)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        var problem: String?
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            problem = "the build did not return within \(Int(Self.isolatedSeconds)) s (killed)"
        } else {
            process.waitUntilExit()
        }
        try handle.close()
        if problem == nil, process.terminationReason == .uncaughtSignal {
            problem = "the build was killed by signal \(process.terminationStatus) (memory limited to \(Self.isolatedMemoryKB / 1_000_000) GB)"
        }
        if problem == nil, ![0, 1, 2].contains(process.terminationStatus) {
            problem = "almanac exited with status \(process.terminationStatus)"
        }
        var located: [LocatedCode] = []
        var report = ""
        if problem == nil {
            let data = try Data(contentsOf: stdout)
            let objects = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] ?? []
            for object in objects {
                let code = object["code"] as? String ?? "?"
                if let file = object["file"] as? String, let line = object["line"] as? Int, let column = object["column"] as? Int {
                    located.append(LocatedCode(code: code, file: Self.relative(file, to: content), line: line, column: column))
                } else {
                    located.append(LocatedCode(code: code, file: "-", line: 0, column: 0))
                }
                report += "\(located.last!): \(object["message"] as? String ?? "")\n"
            }
        }
        return .isolated(located, report: report, problem: problem)
    }

    // MARK: Comparing

    static func relative(_ file: String, to content: String) -> String {
        file.hasPrefix(content + "/") ? String(file.dropFirst(content.count + 1)) : file
    }

    /// The diagnostics that concern this case: located in its files, or unlocated when it expects unlocated ones.
    func relevant(_ all: [LocatedCode]) -> Set<LocatedCode> {
        Set(all.filter { $0.file == "-" ? comparesUnlocated : paths.contains($0.file) })
    }

    func compare(_ all: [LocatedCode], report: String) {
        let actual = relevant(all)
        let expected = Set(expectations)
        let check = {
            let missing = expected.subtracting(actual).sorted()
            let unexpected = actual.subtracting(expected).sorted()
            #expect(missing.isEmpty && unexpected.isEmpty, Comment(rawValue: """
                \(name)
                expected but not reported: \(missing.map(\.description).joined(separator: "; "))
                reported but not expected: \(unexpected.map(\.description).joined(separator: "; "))
                every diagnostic of the build:
                \(report)
                """))
        }
        if let knownIssue {
            withKnownIssue(Comment(rawValue: knownIssue)) { check() }
        } else {
            check()
        }
    }
}
