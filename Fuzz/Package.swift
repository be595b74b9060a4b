// swift-tools-version: 6.0
// The libFuzzer harness of Almanac's readers (docs/fuzzing.md), a package of its own so that the main build and
// its tests do not compile it. Build and run it with scripts/fuzz.
import PackageDescription

let package = Package(
    name: "AlmanacFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Almanac", path: "..")],
    targets: [
        .executableTarget(name: "AlmanacFuzz", dependencies: [.product(name: "Site", package: "Almanac")]),
    ]
)
