import Foundation

/// The JSON Schema of each kind, shipped as package resources (`Sources/Model/Schemas/<kind>.schema.json`).
public enum BuiltinSchemas {
    /// The text of the kind's schema, or nil when the resources cannot be found (a broken installation).
    public static func text(for kind: Kind) -> String? {
        guard let folder = folder else { return nil }
        return try? String(contentsOfFile: folder + "/" + kind.rawValue + ".schema.json", encoding: .utf8)
    }

    /// Where the schemas are: the resource bundle beside the executable (as SwiftPM lays it out), else the
    /// source tree this binary was built from. Looked up by hand: SwiftPM's generated `Bundle.module` stops
    /// the program when the bundle is missing, and Almanac must report that instead.
    static let folder: String? = {
        let fm = FileManager.default
        var candidates: [String] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        for base in [Bundle.main.bundleURL, executable] {
            candidates.append(base.appendingPathComponent("Almanac_Model.resources").appendingPathComponent("Schemas").path)
            candidates.append(base.appendingPathComponent("Almanac_Model.resources").path)
        }
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Schemas").path)
        return candidates.first { fm.fileExists(atPath: $0 + "/page.schema.json") }
    }()
}
