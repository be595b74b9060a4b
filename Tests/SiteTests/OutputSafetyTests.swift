import Diagnostics
import Foundation
import Testing
@testable import Site

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a build may touch: only the output and its working folders beside it, never through a symbolic link,
/// never the content or the theme, one build at a time; and what the load step refuses to read or publish.
@Suite("Output safety")
struct OutputSafetyTests {
    private static let manager = FileManager.default

    /// The number of files under a folder, hidden ones included (what a writer would lose).
    private static func fileCount(_ folder: String) -> Int {
        (manager.enumerator(atPath: folder)?.allObjects.count) ?? 0
    }

    @Test("an output whose staging folder, previous tree or lock file is the content or the theme is refused, and nothing is deleted")
    func workingFoldersOverSources() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let root = site.root.path
        let count = Self.fileCount(site.content)
        for (content, output) in [("site.staging", "site"), (".site.previous", "site"), (".site.lock", "site")] {
            try Self.manager.copyItem(atPath: site.content, toPath: root + "/" + content)
            let result = Build(BuildOptions(content: root + "/" + content, theme: Fixture.theme, output: root + "/" + output,
                                            asOf: Fixture.day)).run()
            let failure = result.diagnostics(.outputFailed)
            #expect(failure.count == 1 && failure.first?.message.contains("overlaps the content folder") == true, "\(content): \(result.report)")
            #expect(result.exitStatus == 2)
            #expect(Self.fileCount(root + "/" + content) == count, "\(content) lost files")
        }
        // The theme: `--theme T.staging --output T`.
        let theme = root + "/T.staging"
        try Self.manager.copyItem(atPath: Fixture.theme, toPath: theme)
        let themeFiles = Self.fileCount(theme)
        let result = Build(BuildOptions(content: site.content, theme: theme, output: root + "/T", asOf: Fixture.day)).run()
        #expect(result.diagnostics(.outputFailed).first?.message.contains("overlaps the theme folder") == true, "\(result.report)")
        #expect(Self.fileCount(theme) == themeFiles)
    }

    @Test("an output reached through a symbolic link to the content's parent is refused (real paths are compared)")
    func outputThroughAlias() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let alias = site.root.path + "/alias"
        try Self.manager.createSymbolicLink(atPath: alias, withDestinationPath: site.root.path)
        let count = Self.fileCount(site.content)
        for output in [alias + "/Content", alias + "/Content/site", alias + "/Content.staging/../Content"] {
            let result = site.build(output: output)
            #expect(result.diagnostics(.outputFailed).count == 1, "\(output): \(result.report)")
        }
        #expect(Self.fileCount(site.content) == count)
        // The help line works when followed literally, from the folder the command ran in.
        guard FaultTests.available() else { return }
        func almanac(_ output: String) throws -> (status: Int32, log: String) {
            let log = site.root.path + "/help.log"
            let process = try FaultTests.start(["build", "--content", "Content", "--output", output, "--theme", Fixture.theme], log: log,
                                               in: site.root.path)
            process.waitUntilExit()
            return (process.terminationStatus, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
        }
        let refused = try almanac("alias/Content")
        #expect(refused.status == 2)
        let help = try #require(refused.log.split(separator: "\n").first { $0.contains("help: pass an `--output`") })
        let suggested = try #require(help.split(separator: "`").first { $0.hasPrefix("--output ") }).dropFirst("--output ".count)
        let followed = try almanac(String(suggested))
        #expect(followed.status == 0, "\(help): \(followed.log)")
        #expect(Self.fileCount(site.content) == count)
    }

    /// A folder outside the site with a file in it, to check that nothing reaches it.
    private func outsideFolder(_ site: Fixture) throws -> String {
        let outside = site.root.path + "/outside"
        try Self.manager.createDirectory(atPath: outside + "/deep", withIntermediateDirectories: true)
        try "precious".write(toFile: outside + "/deep/keep.txt", atomically: true, encoding: .utf8)
        try "precious".write(toFile: outside + "/index.html", atomically: true, encoding: .utf8)
        return outside
    }

    private func untouched(_ outside: String) -> Bool {
        (try? String(contentsOfFile: outside + "/deep/keep.txt", encoding: .utf8)) == "precious"
            && (try? String(contentsOfFile: outside + "/index.html", encoding: .utf8)) == "precious"
    }

    @Test("symbolic links inside the output, or as its staging and previous trees, are removed, never followed")
    func linksAreNeverFollowed() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let outside = try outsideFolder(site)
        #expect(site.build().succeeded)
        // Links inside the site: a folder the build does not write, one it writes into, and a page it writes.
        try Self.manager.createSymbolicLink(atPath: site.output + "/stray", withDestinationPath: outside)
        try Self.manager.removeItem(atPath: site.output + "/runbooks")
        try Self.manager.createSymbolicLink(atPath: site.output + "/runbooks", withDestinationPath: outside)
        try Self.manager.removeItem(atPath: site.output + "/index.html")
        try Self.manager.createSymbolicLink(atPath: site.output + "/index.html", withDestinationPath: outside + "/index.html")
        // Three builds: the linked tree becomes the previous tree, then is recycled as the staging folder.
        for _ in 0..<3 {
            #expect(site.build().succeeded)
            #expect(untouched(outside))
        }
        #expect(site.build(output: site.root.path + "/Reference").succeeded)
        #expect(site.snapshot() == site.snapshot(site.root.path + "/Reference"))
        #expect(FileSystem.kind(site.output + "/runbooks") == .directory)
        // The staging folder and the previous tree as links.
        for name in ["Output.staging", ".Output.previous"] {
            let path = site.root.path + "/" + name
            try? Self.manager.removeItem(atPath: path)
            try Self.manager.createSymbolicLink(atPath: path, withDestinationPath: outside)
            #expect(site.build().succeeded, "\(name)")
            #expect(untouched(outside), "\(name)")
            #expect(Self.fileCount(outside) == 3, "\(name)")
        }
    }

    @Test("a second build into a locked output waits for the lock, and fails clearly when it is not released in time")
    func lockedOutput() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let before = site.snapshot()
        try site.write("-- pages/new.md --\n---\ntitle: New\n---\nNew.")
        let lock = open(site.root.path + "/.Output.lock", O_RDONLY)
        #expect(lock >= 0 && flock(lock, LOCK_EX) == 0)
        var options = BuildOptions(content: site.content, theme: Fixture.theme, output: site.output, asOf: Fixture.day)
        options.lockWait = 0.3
        let refused = Build(options).run()
        let failure = refused.diagnostics(.outputFailed)
        #expect(failure.count == 1 && failure.first?.message.contains("another build") == true, "\(refused.report)")
        #expect(failure.first?.help?.contains("wait for the other build") == true)
        #expect(site.snapshot() == before, "the locked output was changed")
        // Released while the build waits: it goes on.
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { close(lock) }
        options.lockWait = 20
        let waited = Build(options).run()
        #expect(waited.succeeded, "\(waited.report)")
        #expect(site.exists("pages/new/index.html"))
    }

    @Test("every rebuild replaces the output in one step: index.html is never missing")
    func swapIsAtomic() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let index = site.output + "/index.html"
        let stop = ManagedAtomicFlag()
        let missing = ManagedAtomicFlag()
        let watcher = Thread {
            while !stop.isSet { if access(index, F_OK) != 0 { missing.set() } }
        }
        watcher.start()
        for i in 0..<40 {
            try site.write("-- pages/p.md --\n---\ntitle: Page \(i)\n---\nText \(i).")
            #expect(site.build().succeeded)
        }
        stop.set()
        while !watcher.isFinished { usleep(1000) }
        #expect(!missing.isSet, "Output/index.html was missing during a rebuild")
    }

    @Test("a FIFO or a socket named like a document is reported, and the build does not wait on it")
    func specialFiles() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        try Self.manager.createDirectory(atPath: site.content + "/assets", withIntermediateDirectories: true)
        #expect(mkfifo(site.content + "/runbooks/pipe.md", 0o644) == 0)
        #expect(mkfifo(site.content + "/assets/pipe.css", 0o644) == 0)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: BuildResult?
        Thread {
            result = site.build()
            done.signal()
        }.start()
        if done.wait(timeout: .now() + 20) == .timedOut {
            Issue.record("the build waits on a FIFO")
            // Let the stuck build go.
            for pipe in ["/runbooks/pipe.md", "/assets/pipe.css"] { close(open(site.content + pipe, O_WRONLY | O_NONBLOCK)) }
            _ = done.wait(timeout: .now() + 20)
            return
        }
        let diagnostics = try #require(result).diagnostics(.unreadableFile)
        #expect(Set(diagnostics.compactMap { $0.location?.description }) == ["\(site.content)/runbooks/pipe.md:1:1", "\(site.content)/assets/pipe.css:1:1"],
                "\(result!.report)")
        #expect(diagnostics.allSatisfy { $0.message.contains("not a regular file") })
    }

    @Test("a symbolic link under assets/ publishes no hidden file (.env, .git/config), and is reported")
    func hiddenFilesAreNeverPublished() throws {
        let site = try Fixture(minimalSite + "\n-- assets/site.css --\nbody {}\n-- .env --\nSECRET=1\n-- .git/config --\n[core]\n-- .git/objects/ab --\nx")
        defer { site.cleanUp() }
        let assets = site.content + "/assets"
        try Self.manager.createSymbolicLink(atPath: assets + "/env.txt", withDestinationPath: "../.env")
        try Self.manager.createSymbolicLink(atPath: assets + "/git", withDestinationPath: "../.git")
        try Self.manager.createSymbolicLink(atPath: assets + "/git-config", withDestinationPath: site.content + "/.git/config")
        let result = site.build()
        #expect(result.errors.allSatisfy { $0.code == .unreadableFile })
        let located = Set(result.diagnostics(.unreadableFile).compactMap { $0.location?.description })
        #expect(located == Set(["env.txt", "git", "git-config"].map { "\(site.content)/assets/\($0):1:1" }), "\(result.report)")
        #expect(!FileSystem.exists(site.output))
        // A link to a folder that holds hidden files publishes the others only.
        for link in ["env.txt", "git", "git-config"] { try Self.manager.removeItem(atPath: assets + "/" + link) }
        try site.write("-- linked-files/ok.txt --\nok\n-- linked-files/.env --\nSECRET=2")
        try Self.manager.createSymbolicLink(atPath: assets + "/linked", withDestinationPath: "../linked-files")
        #expect(site.build().succeeded)
        let published = try Self.manager.subpathsOfDirectory(atPath: site.output)
        #expect(!published.contains { $0.split(separator: "/").contains { $0.hasPrefix(".") } }, "\(published)")
    }

    @Test("a hidden .md file in a document folder is reported as not built, with a help to rename it")
    func hiddenDocuments() throws {
        let site = try Fixture(minimalSite + "\n-- runbooks/.draft.md --\n---\ntitle: Draft\nowner: core\nservices: [db]\nlast_reviewed: 2026-11-01\n---\nNot yet.\n-- pages/guides/.old.md --\nx\n-- .github/README.md --\nx")
        defer { site.cleanUp() }
        let result = site.build()
        #expect(result.succeeded, "\(result.report)")
        let hidden = result.diagnostics(.misplacedFile).filter { $0.message.contains("hidden") }
        #expect(Set(hidden.compactMap { $0.location?.description }) == ["\(site.content)/runbooks/.draft.md:1:1", "\(site.content)/pages/guides/.old.md:1:1"],
                "\(result.report)")
        #expect(hidden.allSatisfy { $0.severity == .warning })
        let draft = try #require(hidden.first { $0.location?.file.hasSuffix(".draft.md") == true })
        #expect(draft.help == "rename it to `runbooks/draft.md` to publish it, or move drafts out of the content folder")
        try Self.manager.moveItem(atPath: site.content + "/runbooks/.draft.md", toPath: site.content + "/runbooks/draft.md")
        #expect(site.build().succeeded && site.exists("runbooks/draft/index.html"))
    }
}

/// A flag set once, read from another thread.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
