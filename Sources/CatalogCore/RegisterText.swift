/// How register texts are compared: what real lists differ in without meaning anything.
///
/// The check passes every model and every register row through these (docs/0018), so they work on
/// UTF-8 bytes rather than on Characters: every rule is about particular scalars (full-width forms,
/// spaces, dashes, brackets, CJK ideographs), and a byte loop is several times faster than building
/// a string scalar by scalar (`fold` gives a text with nothing to change back as it was). Where a
/// text holds marks that could join the character before them, the Character reading decides.
public enum RegisterText {
    /// Full-width forms made half-width, the ideographic space and every other space removed,
    /// brackets and dashes unified, ASCII lower-cased.
    public static func fold(_ s: String) -> String {
        guard mayFold(s) else { return s }
        return String(decoding: foldedBytes(s), as: UTF8.self)
    }

    /// The filing number as matched: folded, upper-cased.
    public static func filingNo(_ s: String) -> String {
        var bytes = mayFold(s) ? foldedBytes(s) : Array(s.utf8)
        // Filing numbers are ASCII; anything else takes the Unicode upper-casing.
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return String(decoding: bytes, as: UTF8.self).uppercased() }
        for k in bytes.indices where bytes[k] >= 0x61 && bytes[k] <= 0x7A { bytes[k] -= 0x20 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A model name as compared: folded, a trailing 大模型 left out, so 南越语音 is 南越语音大模型.
    public static func name(_ s: String) -> String {
        let bytes = mayFold(s) ? foldedBytes(s) : Array(s.utf8)
        guard isPlain(bytes) else {
            // Marks that join the character before them: compare by Characters, as Swift does.
            var n = String(decoding: bytes, as: UTF8.self)
            if n.hasSuffix("大模型") && n.count > 3 { n.removeLast(3) }
            return n
        }
        // Something must be left: 大模型 alone stays.
        guard bytes.count > daMoXing.count, bytes.suffix(daMoXing.count).elementsEqual(daMoXing) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(decoding: bytes.dropLast(daMoXing.count), as: UTF8.self)
    }

    /// An organisation as compared: folded, a parenthesised place such as （深圳） left out,
    /// 有限责任公司 read as 有限公司.
    public static func organisation(_ s: String) -> String {
        var bytes = mayFold(s) ? foldedBytes(s) : Array(s.utf8)
        // Most organisations hold neither a bracket nor 责 (E8 B4 A3, whose last byte is looked for).
        let bracket = bytes.contains(0x28)
        let liability = bytes.contains(0xA3)
        guard bracket || liability else { return String(decoding: bytes, as: UTF8.self) }
        guard isPlain(bytes) else {
            // Marks that join the character before them: read by Characters, as Swift does.
            return removingParenthesisedPlaces(String(decoding: bytes, as: UTF8.self)).replacing("有限责任公司", with: "有限公司")
        }
        if bracket { bytes = removingParenthesisedPlaces(bytes) }
        if liability { bytes = replacing(youXianZeRen, with: youXian, in: bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ASCII and CJK ideographs (U+4000–U+9FFF, lead bytes E4–E9) alone: every scalar is a Character
    /// of its own (CR LF are folded away), so bytes can be compared where Swift compares Characters.
    static func isPlain(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 < 0xC0 || ($0 >= 0xE4 && $0 <= 0xE9) }
    }

    /// 大模型, 有限责任公司 and 有限公司 in UTF-8.
    static let daMoXing = Array("大模型".utf8)
    static let youXianZeRen = Array("有限责任公司".utf8)
    static let youXian = Array("有限公司".utf8)

    /// `(深圳)`, `(广州)`: a short run of Chinese characters in brackets, by Characters.
    static func removingParenthesisedPlaces(_ s: String) -> String {
        var out = ""
        var rest = Substring(s)
        while let open = rest.firstIndex(of: "(") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: ")") {
                let inside = after[..<close]
                if (1...6).contains(inside.count), inside.unicodeScalars.allSatisfy({ (0x4E00...0x9FFF).contains($0.value) }) {
                    rest = after[after.index(after: close)...]
                    continue
                }
            }
            out.append("(")
            rest = after
        }
        return out + rest
    }

    /// The same on plain bytes (`isPlain`): 1 to 6 ideographs of U+4E00–U+9FFF, three bytes each.
    static func removingParenthesisedPlaces(_ s: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            guard s[i] == 0x28, let close = s[(i + 1)...].firstIndex(of: 0x29) else {
                out.append(s[i])
                i += 1
                continue
            }
            let inside = s[(i + 1)..<close]
            if (3...18).contains(inside.count), inside.count % 3 == 0, isIdeographs(inside) {
                i = close + 1
            } else {
                out.append(0x28)
                i += 1
            }
        }
        return out
    }

    /// Every three bytes one scalar of U+4E00–U+9FFF.
    static func isIdeographs(_ bytes: ArraySlice<UInt8>) -> Bool {
        var k = bytes.startIndex
        while k < bytes.endIndex {
            let (a, b, c) = (bytes[k], bytes[k + 1], bytes[k + 2])
            guard a & 0xF0 == 0xE0, b & 0xC0 == 0x80, c & 0xC0 == 0x80 else { return false }
            let v = UInt32(a & 0x0F) << 12 | UInt32(b & 0x3F) << 6 | UInt32(c & 0x3F)
            guard (0x4E00...0x9FFF).contains(v) else { return false }
            k += 3
        }
        return true
    }

    /// Every occurrence of `target`, left to right, replaced by `replacement`.
    static func replacing(_ target: [UInt8], with replacement: [UInt8], in s: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            if s[i] == target[0], i + target.count <= s.count, s[i..<(i + target.count)].elementsEqual(target) {
                out += replacement
                i += target.count
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }

    /// Whether `s` holds a byte that `fold` may change: ASCII spaces and capitals, or the lead byte
    /// of U+00A0 (C2), of the dashes and U+200B (E2), of U+3000 and the CJK brackets (E3), of the
    /// full-width forms (EF). Chinese text (lead bytes E4–E9) has none.
    @inline(__always)
    static func mayFold(_ s: String) -> Bool {
        s.utf8.contains { b in
            switch b {
            case 0x09, 0x0A, 0x0D, 0x20, 0x41...0x5A, 0xC2, 0xE2, 0xE3, 0xEF: return true
            default: return false
            }
        }
    }

    /// `fold` on the bytes of `s` (valid UTF-8, as every String is).
    static func foldedBytes(_ s: String) -> [UInt8] {
        var s = s
        return s.withUTF8 { foldedBytes($0) }
    }

    static func foldedBytes(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        let n = b.count
        var i = 0
        func ascii(_ v: UInt8) {
            switch v {
            case 0x20, 0x09, 0x0A, 0x0D: break
            case 0x41...0x5A: out.append(v + 0x20)
            default: out.append(v)
            }
        }
        while i < n {
            let c = b[i]
            if c < 0x80 {
                ascii(c)
                i += 1
                continue
            }
            let c1: UInt8 = i + 1 < n ? b[i + 1] : 0
            let c2: UInt8 = i + 2 < n ? b[i + 2] : 0
            switch (c, c1, c2) {
            case (0xC2, 0xA0, _):                                   // U+00A0
                i += 2
            case (0xE2, 0x80, 0x8B), (0xE3, 0x80, 0x80):            // U+200B, U+3000
                i += 3
            case (0xE2, 0x80, 0x90...0x95), (0xE2, 0x88, 0x92):     // U+2010–2015, U+2212 → -
                out.append(0x2D); i += 3
            case (0xE3, 0x80, 0x90), (0xE3, 0x80, 0x94):            // 【 〔 → (
                out.append(0x28); i += 3
            case (0xE3, 0x80, 0x91), (0xE3, 0x80, 0x95):            // 】 〕 → )
                out.append(0x29); i += 3
            case (0xEF, 0xBC, 0x81...0xBF):                         // U+FF01–FF3F → U+0021–003F
                ascii(c2 - 0x60); i += 3
            case (0xEF, 0xBD, 0x80...0x9E):                         // U+FF40–FF5E → U+0040–007E
                ascii(c2 - 0x20); i += 3
            default:
                out.append(c)
                i += 1
            }
        }
        return out
    }

    /// A date as lists write it — `2024-04-16`, `2024/4/16`, `2024.4.16`, `2024年4月16日` — as YYYY-MM-DD,
    /// or nil when it reads as none.
    public static func date(_ s: String) -> String? {
        let folded = fold(s)
        var parts: [Int] = []
        var digits = ""
        for c in folded {
            if c.isASCII, c.isNumber { digits.append(c); continue }
            guard !digits.isEmpty else { return nil }
            guard "-/.年月日".contains(c), let n = Int(digits) else { return nil }
            parts.append(n)
            digits = ""
        }
        if !digits.isEmpty, let n = Int(digits) { parts.append(n) }
        guard parts.count == 3 else { return nil }
        let text = "\(parts[0])-\(parts[1] < 10 ? "0" : "")\(parts[1])-\(parts[2] < 10 ? "0" : "")\(parts[2])"
        return CalendarDate.isValid(text) ? text : nil
    }
}
