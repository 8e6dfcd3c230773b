import CatalogCore

/// Byte-level checks before YAML parsing: valid UTF-8, no control characters, no tabs in
/// indentation, no merge-conflict markers. Positions are 1-based, columns in Unicode scalars.
enum TextCheck {
    struct Problem {
        var position: SourcePosition
        var coded: CodedMessage
    }

    static func firstProblem(in bytes: ArraySlice<UInt8>) -> Problem? {
        isPlainlyClean(bytes) ? nil : exactFirstProblem(in: bytes)
    }

    /// `firstProblem` byte by byte, with positions.
    static func exactFirstProblem(in bytes: ArraySlice<UInt8>) -> Problem? {
        var line = 1
        var column = 1
        var atLineStart = true   // only spaces seen so far on this line
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            let pos = SourcePosition(line: line, column: column)
            if b < 0x80 {
                if b == 0x0A {
                    line += 1; column = 1; atLineStart = true; i += 1
                    if let marker = conflictMarker(bytes, at: i) { return Problem(position: SourcePosition(line: line, column: 1), coded: marker) }
                    continue
                }
                if b == 0x09 {
                    if atLineStart { return Problem(position: pos, coded: CodedMessage("tab character in indentation; YAML indents with spaces", "Tab", [])) }
                } else if b == 0x0D {
                    // CR is accepted only as part of CRLF.
                    if i + 1 >= end || bytes[i + 1] != 0x0A { return Problem(position: pos, coded: CodedMessage("carriage return without line feed; use LF line endings", "CarriageReturn", [])) }
                } else if b < 0x20 || b == 0x7F {
                    return Problem(position: pos, coded: CodedMessage("control character U+\(hex(UInt32(b))) is not allowed", "FileControlCharacter", ["U+" + hex(UInt32(b))]))
                } else if b != 0x20 {
                    atLineStart = false
                }
                if i == bytes.startIndex, let marker = conflictMarker(bytes, at: i) { return Problem(position: pos, coded: marker) }
                column += 1; i += 1
                continue
            }
            atLineStart = false
            // Multi-byte sequence: validate strictly (no overlongs, no surrogates, ≤ U+10FFFF).
            let (length, scalar) = decode(bytes, at: i)
            guard length > 0 else {
                return Problem(position: pos, coded: CodedMessage("invalid UTF-8 byte 0x\(String(b, radix: 16, uppercase: true)); catalogue files are UTF-8 (save the file as UTF-8, not GBK or Latin-1)",
                                                          "InvalidUTF8", ["0x" + String(b, radix: 16, uppercase: true)]))
            }
            if (0x80...0x9F).contains(scalar) || scalar == 0x2028 || scalar == 0x2029 {
                return Problem(position: pos, coded: CodedMessage("control character U+\(hex(scalar)) is not allowed", "FileControlCharacter", ["U+" + hex(scalar)]))
            }
            if scalar == 0xFFFE || scalar == 0xFFFF {
                return Problem(position: pos, coded: CodedMessage("non-character U+\(hex(scalar)) is not allowed", "NonCharacter", ["U+" + hex(scalar)]))
            }
            if scalar == 0xFEFF {
                return Problem(position: pos, coded: CodedMessage("byte order mark U+FEFF inside the file is not allowed", "InnerBOM", []))
            }
            column += 1
            i += length
        }
        return nil
    }

    /// True when `bytes` certainly pass `firstProblem`: printable ASCII and line feeds, no line
    /// starting with `<`, `=` or `>`, and well-formed two- and three-byte UTF-8 sequences other
    /// than the refused ones (C1 controls, U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF). Anything else
    /// (a tab, a CR, a four-byte sequence, a possible conflict marker) gets false, and the exact
    /// check, which finds the position, decides: what nearly every file holds is passed in one
    /// tight pass.
    static func isPlainlyClean(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { p in
            let n = p.count
            var i = 0
            var lineStart = true
            while i < n {
                let b = p[i]
                if b < 0x80 {
                    if b == 0x0A { lineStart = true; i += 1; continue }
                    guard b >= 0x20, b != 0x7F else { return false }
                    if lineStart && (b == 0x3C || b == 0x3D || b == 0x3E) { return false }
                    lineStart = false
                    i += 1
                    continue
                }
                lineStart = false
                if b >= 0xE1 && b <= 0xEF && b != 0xED {
                    guard i + 2 < n else { return false }
                    let c1 = p[i + 1], c2 = p[i + 2]
                    guard c1 & 0xC0 == 0x80, c2 & 0xC0 == 0x80 else { return false }
                    if b == 0xE2 && c1 == 0x80 && (c2 == 0xA8 || c2 == 0xA9) { return false }      // U+2028, U+2029
                    if b == 0xEF && ((c1 == 0xBB && c2 == 0xBF) || (c1 == 0xBF && c2 >= 0xBE)) { return false } // U+FEFF, U+FFFE, U+FFFF
                    i += 3
                    continue
                }
                if b >= 0xC2 && b <= 0xDF {
                    guard i + 1 < n else { return false }
                    let c1 = p[i + 1]
                    guard c1 & 0xC0 == 0x80, b != 0xC2 || c1 >= 0xA0 else { return false }   // C1 controls
                    i += 2
                    continue
                }
                return false
            }
            return true
        }
    }

    static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    /// A `<<<<<<< `, `=======` or `>>>>>>> ` line left by git.
    static func conflictMarker(_ bytes: ArraySlice<UInt8>, at i: Int) -> CodedMessage? {
        guard i + 7 <= bytes.endIndex else { return nil }
        let first = bytes[i]
        guard first == 0x3C || first == 0x3D || first == 0x3E else { return nil }
        for k in 0..<7 where bytes[i + k] != first { return nil }
        let next: UInt8? = i + 7 < bytes.endIndex ? bytes[i + 7] : nil
        if first == 0x3D { guard next == nil || next == 0x0A || next == 0x0D else { return nil } } else {
            guard next == nil || next == 0x20 || next == 0x0A else { return nil }
        }
        return CodedMessage("unresolved merge conflict", "Conflict", [])
    }

    /// Length and scalar of the UTF-8 sequence at `i`, or (0, 0) when invalid.
    static func decode(_ bytes: ArraySlice<UInt8>, at i: Int) -> (Int, UInt32) {
        let b0 = bytes[i]
        let end = bytes.endIndex
        func cont(_ k: Int) -> UInt32? {
            guard i + k < end else { return nil }
            let b = bytes[i + k]
            return b & 0xC0 == 0x80 ? UInt32(b & 0x3F) : nil
        }
        switch b0 {
        case 0xC2...0xDF:
            guard let c1 = cont(1) else { return (0, 0) }
            return (2, UInt32(b0 & 0x1F) << 6 | c1)
        case 0xE0...0xEF:
            guard let c1 = cont(1), let c2 = cont(2) else { return (0, 0) }
            let v = UInt32(b0 & 0x0F) << 12 | c1 << 6 | c2
            if v < 0x800 || (0xD800...0xDFFF).contains(v) { return (0, 0) }
            return (3, v)
        case 0xF0...0xF4:
            guard let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) else { return (0, 0) }
            let v = UInt32(b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            if v < 0x10000 || v > 0x10FFFF { return (0, 0) }
            return (4, v)
        default:
            return (0, 0)
        }
    }
}
