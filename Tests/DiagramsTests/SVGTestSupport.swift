/// String checks of SVG text shared by the chart tests.

/// How many times `needle` occurs in `text`.
func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

/// The numeric value of attribute `name` in the first element (from `<`) that contains `marker`.
func attribute(_ name: String, of marker: String, in svg: String) -> Double? {
    guard let hit = svg.range(of: marker) else { return nil }
    let start = svg[..<hit.lowerBound].range(of: "<", options: .backwards)?.lowerBound ?? hit.lowerBound
    let end = svg[hit.upperBound...].range(of: ">")?.upperBound ?? svg.endIndex
    let element = svg[start..<end]
    guard let a = element.range(of: " \(name)=\"") else { return nil }
    let rest = element[a.upperBound...]
    guard let q = rest.firstIndex(of: "\"") else { return nil }
    return Double(rest[..<q])
}
