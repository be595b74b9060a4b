import Diagnostics
import Foundation
import FrontMatter
import Schema

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

/// The compiled schema of every kind for one build: the built-in one, extended by the site's
/// `Content/_schemas/<kind>.schema.json` when there is one.
public struct SchemaSet: Sendable {
    public let schemas: [Kind: JSONSchema]
    /// The schema document behind each of `schemas` (the built-in one merged with the site's extension), for tools
    /// that read what a kind requires (`almanac new`).
    public var documents: [Kind: Value] = [:]

    /// Compiles the built-in schemas and merges the extensions found in `extensions` (a folder that may not exist).
    /// `display` is the folder as the writer knows it, for messages.
    public static func load(extensions: String, display: String) -> (SchemaSet, [Diagnostic]) {
        var schemas: [Kind: JSONSchema] = [:]
        var documents: [Kind: Value] = [:]
        var diagnostics: [Diagnostic] = []
        let fm = FileManager.default
        let names = ((try? fm.contentsOfDirectory(atPath: extensions)) ?? []).sorted()
        for name in names where !name.hasPrefix(".") {
            let kindName = name.hasSuffix(".schema.json") ? String(name.dropLast(".schema.json".count)) : ""
            if Kind(rawValue: kindName) == nil {
                diagnostics.append(Diagnostic(
                    .configInvalid, "`\(display)/\(name)` extends no kind", at: SourceLocation(file: display + "/" + name, line: 1, column: 1),
                    expected: "a file named `<kind>.schema.json`, such as `postmortem.schema.json`", found: "`\(name)`",
                    help: Suggestions.didYouMean(kindName, in: Kind.allCases.map(\.rawValue)).map { $0 + " (the file is named after the kind, singular)" }))
            }
        }
        for kind in Kind.allCases {
            guard let text = BuiltinSchemas.text(for: kind), var builtin = try? Value(json: text, file: "\(kind.rawValue).schema.json") else {
                diagnostics.append(Diagnostic(.internalError, "the built-in schema of `\(kind.rawValue)` is missing or broken", at: nil,
                                              help: "reinstall Almanac: its resources (Almanac_Model.resources) belong beside the executable"))
                continue
            }
            let path = extensions + "/" + kind.rawValue + ".schema.json"
            let shown = display + "/" + kind.rawValue + ".schema.json"
            if fm.fileExists(atPath: path) {
                do {
                    let text = try String(contentsOfFile: path, encoding: .utf8)
                    let extensionSchema = try Value(json: text, file: shown)
                    builtin = SchemaMerge.extend(builtin, with: extensionSchema)
                } catch let error as JSONError {
                    diagnostics.append(Diagnostic(.configInvalid, "`\(shown)` is not valid JSON: \(error.message)", at: error.location))
                    continue
                } catch {
                    diagnostics.append(Diagnostic(.configInvalid, "`\(shown)` could not be read: \(error)", at: SourceLocation(file: shown, line: 1, column: 1)))
                    continue
                }
            }
            do {
                schemas[kind] = try JSONSchema(builtin)
                documents[kind] = builtin
            } catch {
                var d = error.diagnostic
                d.message = "the schema of `\(kind.rawValue)` does not compile: " + d.message
                d.help = d.help ?? "check `\(shown)` against JSON Schema draft 2020-12"
                diagnostics.append(d)
            }
        }
        return (SchemaSet(schemas: schemas, documents: documents), diagnostics)
    }
}

/// How a site's extension schema combines with a built-in one: its `properties` are added (a property the
/// built-in schema already has must satisfy both), its `required` names are added, its `$defs` are added, and
/// every other keyword of it applies to the whole document as one more `allOf` branch.
enum SchemaMerge {
    static let metadata: Set<String> = ["$schema", "$id", "$comment", "title", "description", "properties", "required", "$defs"]

    static func extend(_ builtin: Value, with ext: Value) -> Value {
        guard var entries = builtin.entries, let extEntries = ext.entries else { return builtin }
        func set(_ key: String, _ value: Value) {
            if let i = entries.firstIndex(where: { $0.key == key }) { entries[i].value = value }
            else { entries.append(.init(key: key, keyLocation: value.location, value: value)) }
        }
        if let added = ext["properties"]?.entries {
            var properties = builtin["properties"]?.entries ?? []
            for property in added {
                if let i = properties.firstIndex(where: { $0.key == property.key }) {
                    let both = Value(.map([.init(key: "allOf", keyLocation: property.keyLocation,
                                                 value: Value(.list([properties[i].value, property.value]), at: property.value.location))]),
                                     at: property.value.location)
                    properties[i].value = both
                } else {
                    properties.append(property)
                }
            }
            set("properties", Value(.map(properties), at: builtin.location))
        }
        if let required = ext["required"]?.list {
            let existing = builtin["required"]?.list ?? []
            let names = Set(existing.compactMap(\.string))
            set("required", Value(.list(existing + required.filter { !names.contains($0.string ?? "") }), at: builtin.location))
        }
        if let defs = ext["$defs"]?.entries {
            var merged = builtin["$defs"]?.entries ?? []
            for def in defs {
                if let i = merged.firstIndex(where: { $0.key == def.key }) { merged[i] = def } else { merged.append(def) }
            }
            set("$defs", Value(.map(merged), at: builtin.location))
        }
        let rest = extEntries.filter { !metadata.contains($0.key) }
        if !rest.isEmpty {
            var allOf = builtin["allOf"]?.list ?? []
            allOf.append(Value(.map(rest), at: ext.location))
            set("allOf", Value(.list(allOf), at: builtin.location))
        }
        return Value(.map(entries), at: builtin.location)
    }
}
