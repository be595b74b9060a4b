import Foundation
import Testing

/// Replays what the fuzzer found (docs/fuzzing.md): every file of `Tests/Fixtures/fuzz/<target>/` once crashed,
/// trapped, hung or blew up a reader. Each must now be read to the end, with the reader's diagnostics.
@Suite("Fuzz findings replay")
struct FuzzReplayTests {
    static let folder = Fixture.repository.appendingPathComponent("Tests/Fixtures/fuzz")

    /// Every fixture as "target/name".
    static let fixtures: [String] = FuzzTargets.names.flatMap { target in
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(target).path)) ?? []
        return names.sorted().map { target + "/" + $0 }
    }

    @Test("there are fixtures for the replay")
    func found() {
        #expect(Self.fixtures.count >= FuzzTargets.names.count, "fixtures under \(Self.folder.path): \(Self.fixtures)")
    }

    @Test("a fuzz finding is read to the end with diagnostics", arguments: fixtures)
    func replay(_ fixture: String) throws {
        let data = try #require(FileManager.default.contents(atPath: Self.folder.appendingPathComponent(fixture).path))
        let target = String(fixture.prefix { $0 != "/" })
        #expect(FuzzTargets.run(target, String(decoding: data, as: UTF8.self)) > 0, "the reader reported nothing")
    }
}
