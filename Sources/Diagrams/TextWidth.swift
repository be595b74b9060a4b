// How wide a line of text is, for laying out SVG text without font metrics (diagram nodes, chart labels).

/// An estimate of the width of a line of text: the advances of DejaVu Sans, the widest of the usual sans-serif
/// faces and the one Linux browsers (and headless Chromium) take for `system-ui`, so that text measured here fits
/// in the faces of the theme's font stack. Characters beyond ASCII count a full em, except a few common ones.
public enum TextWidth {
    /// Advances of ASCII 32…126 in hundredths of an em (rounded up), regular and bold.
    static let regular: [UInt8] = [
        32, 41, 46, 84, 64, 96, 78, 28, 40, 40, 50, 84, 32, 37, 32, 34, 64, 64, 64, 64, 64, 64, 64, 64,
        64, 64, 34, 34, 84, 84, 84, 54, 100, 69, 69, 70, 78, 64, 58, 78, 76, 30, 30, 66, 56, 87, 75, 79,
        61, 79, 70, 64, 62, 74, 69, 99, 69, 62, 69, 40, 34, 40, 84, 50, 50, 62, 64, 55, 64, 62, 36, 64,
        64, 28, 28, 58, 28, 98, 64, 62, 64, 64, 42, 53, 40, 64, 60, 82, 60, 60, 53, 64, 34, 64, 84,
    ]
    static let bold: [UInt8] = [
        35, 46, 53, 84, 70, 101, 88, 31, 46, 46, 53, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70, 70, 70,
        70, 70, 40, 40, 84, 84, 84, 59, 100, 78, 77, 74, 84, 69, 69, 83, 84, 38, 38, 78, 64, 100, 84, 86,
        74, 86, 78, 73, 69, 82, 78, 111, 78, 73, 73, 46, 37, 46, 84, 50, 50, 68, 72, 60, 72, 68, 44, 72,
        72, 35, 35, 67, 35, 105, 72, 69, 72, 72, 50, 60, 48, 72, 66, 93, 65, 66, 59, 72, 37, 72, 84,
    ]
    /// Common characters beyond ASCII, in hundredths of an em (bold; the regular ones are no wider).
    static let others: [Character: Double] = ["·": 38, "–": 50, "→": 84, "…": 100, "—": 100, "é": 69, "ö": 69, "ü": 72]

    /// The width of `text` at `size` pixels.
    public static func of(_ text: String, size: Double, bold: Bool = false) -> Double {
        let table = bold ? Self.bold : Self.regular
        var hundredths = 0.0
        for character in text {
            if let ascii = character.asciiValue, ascii >= 32, ascii < 127 {
                hundredths += Double(table[Int(ascii) - 32])
            } else {
                hundredths += others[character] ?? 100
            }
        }
        return hundredths * size / 100
    }
}
