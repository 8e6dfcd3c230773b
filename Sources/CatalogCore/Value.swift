/// A value read from a catalogue file, already resolved the way YAML 1.1 reads it
/// (a plain `no` is a boolean, a plain `0012` an integer, a quoted one text), with its position.
/// The file layer produces it; the schema layer checks it. Core stays free of YAML libraries.
public enum Value: Sendable, Equatable {
    case null
    case string(String)
    /// A plain scalar that YAML reads as a number; `raw` is the text as written.
    case number(Double, raw: String)
    case bool(Bool, raw: String)
    /// A plain scalar that YAML reads as a timestamp (`2026-05-01`).
    case date(String)
    case list([Node])
    case map([Field])

    /// How this value is named in error messages.
    public var kindName: String {
        switch self {
        case .null: return "nothing (null)"
        case .string: return "text"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .date: return "a date"
        case .list: return "a list"
        case .map: return "a mapping"
        }
    }

    /// The text as the user wrote it, for scalars.
    public var scalarText: String? {
        switch self {
        case .string(let s): return s
        case .number(_, let raw), .bool(_, let raw): return raw
        case .date(let s): return s
        default: return nil
        }
    }
}

/// A value with the position where it starts in the file.
public struct Node: Sendable, Equatable {
    public var value: Value
    public var position: SourcePosition

    public init(_ value: Value, at position: SourcePosition = .start) {
        self.value = value
        self.position = position
    }
}

/// A key and its value inside a mapping, in document order.
public struct Field: Sendable, Equatable {
    public var key: String
    public var keyPosition: SourcePosition
    public var value: Node

    public init(_ key: String, _ value: Node, keyPosition: SourcePosition = .start) {
        self.key = key
        self.keyPosition = keyPosition
        self.value = value
    }
}

/// Classifies plain (unquoted) scalars as YAML 1.1's core schema does, so that what a partner's
/// PyYAML script reads and what scencat reads agree. Hand-written because regex resolution is slow.
public enum PlainScalar {
    public static func resolve(_ s: String) -> Value {
        guard let first = s.utf8.first else { return .null }
        // Only strings starting with a digit, sign or dot can be numbers or dates.
        let couldBeNumeric = (first >= 48 && first <= 57) || first == 43 || first == 45 || first == 46
        // Only these first bytes start a null or a boolean (~ n N t T y Y o O f F): most text
        // (any Chinese, most English) is known to be text after one byte.
        let couldBeWord = first == 0x7E || first == 0x6E || first == 0x4E || first == 0x74 || first == 0x54 || first == 0x79
            || first == 0x59 || first == 0x6F || first == 0x4F || first == 0x66 || first == 0x46
        if !couldBeNumeric && !couldBeWord { return .string(s) }
        if s == "~" || s == "null" || s == "Null" || s == "NULL" { return .null }
        switch s {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y":
            return .bool(true, raw: s)
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N":
            return .bool(false, raw: s)
        default: break
        }
        if !couldBeNumeric { return .string(s) }
        if isTimestamp(s) { return .date(s) }
        if let d = number(s) { return .number(d, raw: s) }
        return .string(s)
    }

    static func isTimestamp(_ s: String) -> Bool {
        guard s.utf8.count >= 8 else { return false }
        let u = Array(s.utf8)
        // [0-9]{4}-[0-9]{1,2}-[0-9]{1,2} optionally followed by a time part.
        var i = 0
        func digits(_ min: Int, _ max: Int) -> Bool {
            var n = 0
            while i < u.count, u[i] >= 48, u[i] <= 57, n < max { i += 1; n += 1 }
            return n >= min
        }
        guard digits(4, 4), i < u.count, u[i] == 45 else { return false }
        i += 1
        guard digits(1, 2), i < u.count, u[i] == 45 else { return false }
        i += 1
        guard digits(1, 2) else { return false }
        if i == u.count { return true }
        return u[i] == 84 || u[i] == 116 || u[i] == 32 || u[i] == 9 // T, t, space, tab: a time follows
    }

    static func number(_ s: String) -> Double? {
        // Decided by bytes first: a byte no number form below can hold (`2026-Q3`, most text)
        // means text; plain digits without a leading 0 (not octal) are read at once.
        var digitsOnly = true
        for b in s.utf8 {
            switch b {
            case 0x30...0x39: continue
            case 0x5F, 0x2B, 0x2D, 0x2E, 0x3A, 0x61...0x66, 0x41...0x46, 0x78, 0x69, 0x6E, 0x49, 0x4E:
                digitsOnly = false // _ + - . : a-f A-F x i n I N
            default:
                return nil
            }
        }
        if digitsOnly, let first = s.utf8.first, first != 0x30 || s.utf8.count == 1 { return Double(s) }
        var t = String(s.filter { $0 != "_" })
        var sign = 1.0
        if t.hasPrefix("+") { t.removeFirst() } else if t.hasPrefix("-") { t.removeFirst(); sign = -1 }
        // One sign at most: `--1` and `+-1` are text.
        if t.isEmpty || t.hasPrefix("+") || t.hasPrefix("-") { return nil }
        if t.hasPrefix("0x") || t.hasPrefix("0b") {
            let radix = t.hasPrefix("0x") ? 16 : 2
            let digits = t.dropFirst(2)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && Int(String($0), radix: radix) != nil }) else { return nil }
            // Too large for Int is still a number to YAML; keep it as a (possibly inexact) Double.
            let v = digits.reduce(0.0) { $0 * Double(radix) + Double(Int(String($1), radix: radix)!) }
            return sign * v
        }
        if t == ".inf" || t == ".Inf" || t == ".INF" { return sign * .infinity }
        if t == ".nan" || t == ".NaN" || t == ".NAN" { return .nan }
        if t.count > 1, t.hasPrefix("0"), t.allSatisfy({ $0 >= "0" && $0 <= "7" }) {
            // YAML 1.1 octal: 0012 is 10.
            return sign * t.dropFirst().reduce(0.0) { $0 * 8 + Double($1.wholeNumberValue!) }
        }
        if t.contains(":") { return sexagesimal(t).map { sign * $0 } }
        let allowed = t.utf8.allSatisfy { (b: UInt8) -> Bool in
            let digit = b >= 48 && b <= 57
            return digit || b == 46 || b == 101 || b == 69 || b == 43 || b == 45
        }
        guard allowed, t.utf8.contains(where: { $0 >= 48 && $0 <= 57 }), let v = Double(t) else { return nil }
        return sign * v
    }

    /// YAML 1.1 base 60 (`1:30` is 90, `1:30.5` is 90.5): PyYAML reads these as numbers, so scencat does too
    /// and a text field holding one must be quoted.
    static func sexagesimal(_ t: String) -> Double? {
        let parts = t.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, let head = parts.first, let firstDigit = head.first,
              head.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let isFloat = parts.last!.contains(".")
        // Integers start with 1-9; floats may start with 0.
        if !isFloat && firstDigit == "0" { return nil }
        var value = Double(head)!
        for (i, part) in parts.dropFirst().enumerated() {
            let isLast = i == parts.count - 2
            var whole = Substring(part)
            var fraction: Substring = ""
            if isLast, isFloat, let dot = part.firstIndex(of: ".") {
                whole = part[..<dot]
                fraction = part[part.index(after: dot)...]
                guard fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            }
            guard (1...2).contains(whole.count), whole.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let v = Int(whole), v < 60 else { return nil }
            value = value * 60 + Double(v)
            if !fraction.isEmpty { value += Double("0." + fraction)! }
        }
        return value
    }
}
