// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Almanac",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "almanac", targets: ["almanac"]),
        .library(name: "Site", targets: ["Site"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swhitty/FlyingFox.git", exact: "0.27.1"),
    ],
    targets: [
        // cmark-gfm, the C library, with its GitHub extensions (tables, strikethrough, autolinks, ...).
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(name: "Diagnostics"),
        .target(name: "FrontMatter", dependencies: ["Diagnostics", "Yams"]),
        .target(name: "Schema", dependencies: ["Diagnostics", "FrontMatter"]),
        .target(name: "Markdown", dependencies: ["CCmarkGFM"]),
        .target(name: "Diagrams"),
        .target(name: "Stats"),
        // Mustache templates compiled once and rendered from typed values (`TemplateValue`), from many threads.
        .target(name: "Templates"),
        .target(
            name: "Model",
            dependencies: ["Diagnostics", "FrontMatter", "Markdown", "Schema"],
            resources: [.copy("Schemas")]
        ),
        .target(name: "Analysis", dependencies: ["Model", "Diagnostics", "Stats"]),
        .target(
            name: "Site",
            dependencies: [
                "Diagnostics", "FrontMatter", "Markdown", "Model", "Analysis", "Diagrams", "Templates",
            ]
        ),
        // `almanac serve`: the development server, its watcher and the live reload; keeps FlyingFox out of Site.
        .target(
            name: "Serve",
            dependencies: ["Site", "Diagnostics", .product(name: "FlyingFox", package: "FlyingFox")]
        ),
        .executableTarget(
            name: "almanac",
            dependencies: ["Site", "Serve", "Diagrams", "Markdown", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "FrontMatterTests", dependencies: ["FrontMatter", "Diagnostics"]),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Model"]),
        .testTarget(name: "SchemaTests", dependencies: ["Schema", "FrontMatter", "Diagnostics"]),
        .testTarget(name: "DiagramsTests", dependencies: ["Diagrams"]),
        .testTarget(name: "StatsTests", dependencies: ["Stats"]),
        .testTarget(name: "TemplatesTests", dependencies: ["Templates"]),
        .testTarget(name: "SiteTests", dependencies: ["Site", "Model", "Diagnostics", "Serve"]),
    ]
)
