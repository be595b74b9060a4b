import Diagnostics
import Foundation
import Testing
@testable import Site

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Faults around the `almanac` executable: builds and `serve` rebuilds killed at random points, a full disk, a
/// read-only output, two builds into one output. After each, `Output/` is one whole site, and the next build works.
@Suite("Faults", .serialized)
struct FaultTests {
    static let almanac = Fixture.repository.appendingPathComponent(".build/debug/almanac").path
    static let pages = 300

    /// A site of a few hundred pages; variant B changes every page's text, so nearly every file of its site differs.
    static func bigContent(_ site: Fixture, _ variant: String) throws -> String {
        let folder = site.root.path + "/Content" + variant
        try FileManager.default.createDirectory(atPath: folder + "/pages", withIntermediateDirectories: true)
        try "title: Fault Almanac\nenvironments: [staging, production]\n".write(toFile: folder + "/almanac.yaml", atomically: false, encoding: .utf8)
        let filler = String(repeating: "Lorem ipsum dolor sit amet, variant \(variant). ", count: 40)
        for i in 1...pages {
            let text = "---\ntitle: Page \(i) \(variant)\n---\n## Section\n\nPage \(i) links [the next](p-\(i % pages + 1).md).\n\n\(filler)\n"
            try text.write(toFile: folder + "/pages/p-\(i).md", atomically: false, encoding: .utf8)
        }
        return folder
    }

    /// Starts `almanac` with `arguments` (in `folder`, else here), its standard error going to `log` (or nowhere).
    static func start(_ arguments: [String], log: String? = nil, in folder: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: almanac)
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        if let log {
            FileManager.default.createFile(atPath: log, contents: nil)
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    static func build(_ content: String, _ output: String, _ extra: [String] = []) -> [String] {
        ["build", "--content", content, "--output", output, "--theme", Fixture.theme, "--as-of", "2026-11-25"] + extra
    }

    /// Runs `almanac` to its end: its exit status and standard error.
    static func run(_ arguments: [String], in folder: String) throws -> (status: Int32, log: String) {
        let log = folder + "/run-\(UUID().uuidString).log"
        let process = try start(arguments, log: log)
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    static func available() -> Bool {
        if FileManager.default.isExecutableFile(atPath: almanac) { return true }
        Issue.record("the `almanac` executable is not at \(almanac); run `swift build` first")
        return false
    }

    static func killNow(_ process: Process) {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    @Test("SIGKILL at random points of a large build leaves a whole site, and the next build succeeds")
    func killedBuilds() throws {
        guard Self.available() else { return }
        let site = try Fixture("")
        defer { site.cleanUp() }
        let contents = [try Self.bigContent(site, "A"), try Self.bigContent(site, "B")]
        var references: [[String: Data]] = []
        let start = Date()
        for (i, content) in contents.enumerated() {
            let reference = site.root.path + "/Reference\(i)"
            let (status, log) = try Self.run(Self.build(content, reference), in: site.root.path)
            #expect(status == 0, "\(log)")
            references.append(site.snapshot(reference))
        }
        // Kill points spread over a build and a bit more, as long as a build takes on this machine now.
        let span = UInt32(min(3.0, Date().timeIntervalSince(start) / 2 * 1.3) * 1_000_000)
        #expect(references[0].count > Self.pages && references[0] != references[1])
        #expect(try Self.run(Self.build(contents[0], site.output), in: site.root.path).status == 0)
        var random = SplitMix64(seed: 20261125)
        var current = 0, kept = 0, replaced = 0, mixed = 0
        for round in 0..<20 {
            let next = 1 - current
            let delay = UInt32.random(in: 0..<span, using: &random)
            let process = try Self.start(Self.build(contents[next], site.output))
            usleep(delay)
            Self.killNow(process)
            let after = site.snapshot()
            if after == references[current] {
                kept += 1
            } else if after == references[next] {
                replaced += 1
                current = next
            } else {
                Issue.record("killed after \(delay / 1000) ms (round \(round)): Output/ is neither the previous site nor the new one (\(after.count) files)")
                return
            }
        }
        let (status, log) = try Self.run(Self.build(contents[1 - current], site.output), in: site.root.path)
        #expect(status == 0, "the build after the kills failed: \(log)")
        #expect(site.snapshot() == references[1 - current])
        print("Faults: 20 builds of \(Self.pages) pages killed at random points within \(span / 1000) ms: \(kept) left the previous site whole, \(replaced) ended with the new one, none anything else")
    }

    /// The port `almanac serve` says it serves on, once it does (nil after `seconds`).
    static func servingPort(_ log: String, within seconds: Double) -> UInt16? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: log, encoding: .utf8),
               let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+/"#, options: .regularExpression) {
                return UInt16(text[range].dropFirst("http://127.0.0.1:".count).dropLast())
            }
            usleep(20_000)
        }
        return nil
    }

    @Test("SIGKILL of `almanac serve` in the middle of a rebuild leaves every file whole, and a restarted serve serves the whole new site")
    func killedServeRebuilds() async throws {
        guard Self.available() else { return }
        let site = try Fixture("")
        defer { site.cleanUp() }
        let variants = [try Self.bigContent(site, "A"), try Self.bigContent(site, "B")]
        var references: [[String: Data]] = []
        let start = Date()
        for (i, content) in variants.enumerated() {
            let reference = site.root.path + "/Reference\(i)"
            #expect(try Self.run(Self.build(content, reference, ["--base-url", "/"]), in: site.root.path).status == 0)
            references.append(site.snapshot(reference))
        }
        // A rebuild starts within a poll (0.3 s) of the change and takes about as long as a build.
        let span = UInt32(min(4.0, 0.3 + Date().timeIntervalSince(start) / 2 * 1.5) * 1_000_000)
        let content = site.root.path + "/Live"
        try FileManager.default.copyItem(atPath: variants[0], toPath: content)
        let serve = ["serve", "--content", content, "--output", site.output, "--theme", Fixture.theme, "--as-of", "2026-11-25", "--port", "0"]
        var random = SplitMix64(seed: 4000)
        var current = 0, kept = 0, replaced = 0, mixed = 0
        let log = site.root.path + "/serve.log"
        for round in 0..<5 {
            let process = try Self.start(serve, log: log)
            guard Self.servingPort(log, within: 60) != nil else {
                Self.killNow(process)
                Issue.record("serve did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
                return
            }
            #expect(site.snapshot() == references[current], "round \(round): serve's first build")
            // Change every page, then kill serve at a random point of the rebuild that follows.
            let next = 1 - current
            for i in 1...Self.pages {
                let page = "/pages/p-\(i).md"
                try FileManager.default.removeItem(atPath: content + page)
                try FileManager.default.copyItem(atPath: variants[next] + page, toPath: content + page)
            }
            let delay = UInt32.random(in: 200_000..<max(span, 400_000), using: &random)
            usleep(delay)
            Self.killNow(process)
            // serve rebuilds in place, each file atomically: a file is its old or its new version, never a part.
            let after = site.snapshot()
            if after == references[current] { kept += 1 } else if after == references[next] { replaced += 1 } else {
                mixed += 1
                let torn = after.filter { $0.value != references[current][$0.key] && $0.value != references[next][$0.key] }
                if !torn.isEmpty {
                    Issue.record("serve killed \(delay / 1000) ms after a change (round \(round)): \(torn.count) files are neither version, such as \(torn.keys.sorted().prefix(3))")
                    return
                }
            }
            current = next  // the content is now the next variant: the restarted serve builds it first
        }
        let process = try Self.start(serve, log: log)
        defer { Self.killNow(process) }
        let port = try #require(Self.servingPort(log, within: 60))
        let home = try await get(port, "/pages/p-1/")
        #expect(home.status == 200 && home.body.contains("Page 1 \(current == 0 ? "A" : "B")"))
        #expect(site.snapshot() == references[current])
        print("Faults: 5 serve rebuilds killed at random points: \(kept) left the previous site, \(replaced) ended with the new one, \(mixed) between (every file whole); the restarted serve served the new site")
    }

    @Test("two builds into one output end with one whole site; the second waits for the first and says so")
    func concurrentBuilds() throws {
        guard Self.available() else { return }
        let site = try Fixture("")
        defer { site.cleanUp() }
        let contents = [try Self.bigContent(site, "A"), try Self.bigContent(site, "B")]
        var references: [[String: Data]] = []
        for (i, content) in contents.enumerated() {
            let reference = site.root.path + "/Reference\(i)"
            #expect(try Self.run(Self.build(content, reference), in: site.root.path).status == 0)
            references.append(site.snapshot(reference))
        }
        for round in 0..<3 {
            let logs = [site.root.path + "/a\(round).log", site.root.path + "/b\(round).log"]
            let processes = try [Self.start(Self.build(contents[0], site.output), log: logs[0]),
                                 Self.start(Self.build(contents[1], site.output), log: logs[1])]
            processes.forEach { $0.waitUntilExit() }
            let texts = logs.map { (try? String(contentsOfFile: $0, encoding: .utf8)) ?? "" }
            #expect(processes.allSatisfy { $0.terminationStatus == 0 }, "round \(round): \(texts)")
            let waited = (0..<2).filter { texts[$0].contains("another build is writing into") }
            let after = site.snapshot()
            #expect(after == references[0] || after == references[1], "round \(round): Output/ mixes the two sites (\(after.count) files)")
            if waited.count == 1 { #expect(after == references[waited[0]], "the build that waited was not the last to write") }
            print("Faults: two concurrent builds, round \(round): \(waited.count == 1 ? "build \("AB".map(String.init)[waited[0]]) waited for the other" : "neither waited"); Output/ is site \(after == references[0] ? "A" : "B"), whole")
        }
    }

    /// Runs a command of the system quietly; true when it succeeded.
    @discardableResult
    static func system(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// A small tmpfs at `folder`, or the reason why not where this machine does not allow mounting one (or
    /// `ALMANAC_FAULTS_NO_MOUNT` is set, to exercise the stand-in).
    static func mountTmpfs(_ folder: String, size: String) -> String? {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if ProcessInfo.processInfo.environment["ALMANAC_FAULTS_NO_MOUNT"] != nil { return "ALMANAC_FAULTS_NO_MOUNT is set" }
        guard geteuid() == 0 else { return "the tests do not run as root" }
        return system(["mount", "-t", "tmpfs", "-o", "size=\(size)", "tmpfs", folder]) ? nil : "`mount -t tmpfs` is refused here"
    }

    /// A build in this process whose writes fail with `code`: the stand-in where no real fault can be made.
    static func injected(_ site: Fixture, _ code: Int32) -> BuildResult {
        let marker = site.root.lastPathComponent
        FileSystem.injectedWriteFault = (marker, code)
        defer { FileSystem.injectedWriteFault = nil }
        return site.build()
    }

    @Test("a full disk fails the build with an error naming the file and the cause; the previous site stays whole")
    func fullDisk() throws {
        guard Self.available() else { return }
        let site = try Fixture("")
        defer { site.cleanUp() }
        let small = try Self.bigContent(site, "A")
        let disk = site.root.path + "/disk"
        if let reason = Self.mountTmpfs(disk, size: "6m") {
            print("Faults: no small file system can be mounted (\(reason)); the full disk is injected at the FileSystem layer instead")
            try site.write(minimalSite)
            #expect(site.build().succeeded)
            let before = site.snapshot()
            let result = Self.injected(site, ENOSPC)
            #expect(result.diagnostics(.outputFailed).first?.message.contains("No space left on device") == true, "\(result.report)")
            #expect(site.snapshot() == before)
            return
        }
        defer { Self.system(["umount", "-l", disk]) }
        let output = disk + "/Output"
        // The first build fits (about 4 MB); the second needs a second tree beside it, and does not.
        #expect(try Self.run(Self.build(small, output), in: site.root.path).status == 0)
        let before = site.snapshot(output)
        #expect(before.count > Self.pages)
        let changed = try Self.bigContent(site, "B")
        let (status, log) = try Self.run(Self.build(changed, output), in: site.root.path)
        #expect(status == 2, "\(log)")
        #expect(log.contains("error[E0905]") && log.contains("No space left on device") && log.contains(disk + "/Output.staging/"), "\(log)")
        #expect(log.contains("help: check the free space"))
        #expect(site.snapshot(output) == before, "the previous site was damaged")
        print("Faults: a full 6 MB tmpfs failed the build with E0905 naming the file; the previous site stayed whole")
    }

    @Test("a read-only output fails the build with an error naming the folder and the cause; the site stays whole")
    func readOnlyOutput() throws {
        guard Self.available() else { return }
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let disk = site.root.path + "/disk"
        if let reason = Self.mountTmpfs(disk, size: "16m") {
            print("Faults: no file system can be mounted read-only (\(reason)); the fault is injected at the FileSystem layer instead")
            #expect(site.build().succeeded)
            let before = site.snapshot()
            let result = Self.injected(site, EROFS)
            #expect(result.diagnostics(.outputFailed).first?.message.contains("Read-only file system") == true, "\(result.report)")
            #expect(site.snapshot() == before)
            return
        }
        defer { Self.system(["umount", "-l", disk]) }
        let output = disk + "/Output"
        #expect(try Self.run(Self.build(site.content, output), in: site.root.path).status == 0)
        let before = site.snapshot(output)
        try site.write("-- pages/new.md --\n---\ntitle: New\n---\nNew.")
        #expect(Self.system(["mount", "-o", "remount,ro", disk]))
        for target in [output, disk + "/Fresh"] {
            let (status, log) = try Self.run(Self.build(site.content, target), in: site.root.path)
            #expect(status == 2, "\(log)")
            #expect(log.contains("error[E0905]") && log.contains("Read-only file system") && log.contains(disk), "\(log)")
        }
        #expect(site.snapshot(output) == before)
        print("Faults: a read-only tmpfs failed the build with E0905 naming the path; the site stayed whole")
    }
}

/// A small seeded generator, so that the random kill points are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D4_9BB2_133B_111F
        return z ^ (z >> 31)
    }
}
