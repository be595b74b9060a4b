import Foundation
import Templates

/// The spec files' JSON, read with Foundation's `JSONSerialization` and turned into what views give the engine:
/// strings are `.text`; numbers are `.int` when the JSON wrote them without a fraction or exponent (Foundation
/// keeps them as integer `NSNumber`s then), else `.double`. Booleans come as `NSNumber`s too, of type `c`, and must
/// be told apart from numbers before anything else.
enum SpecJSON {
    static func read(_ url: URL) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url), options: [.fragmentsAllowed])
    }

    static func value(_ json: Any) -> TemplateValue {
        switch json {
        case let text as String:
            return .text(text)
        case let number as NSNumber:
            switch String(cString: number.objCType) {
            case "c": return .bool(number.boolValue)
            case "d", "f": return .double(number.doubleValue)
            default: return .int(number.intValue)
            }
        case let items as [Any]:
            return .list(items.map(value))
        case let fields as [String: Any]:
            return .object(TemplateObject(fields.sorted { $0.key < $1.key }.map { ($0.key, value($0.value)) }))
        default:
            return .null
        }
    }
}
