/// Reads one mapping against an `ObjectSpec`, turning every problem into a positioned diagnostic:
/// unknown keys (with "did you mean"), missing required keys, wrong types, bad choices.
/// Typed getters return nil after reporting, so decoding continues and finds every error in one pass.
public struct ObjectReader {
    public let file: String
    public let spec: ObjectSpec
    /// Position of the mapping itself, where missing keys are reported.
    public let position: SourcePosition
    /// The mapping's fields, and where each known key's field is in them (the last, if given twice).
    private var fields: [Field] = []
    private var byKey: [String: Int] = [:]
    public private(set) var diagnostics: [Diagnostic] = []
    /// True when the node was not a mapping at all.
    public private(set) var isBroken = false

    /// `what` names the mapping in diagnostics; it is built only when there is one.
    public init(_ node: Node, spec: ObjectSpec, file: String, what: @autoclosure () -> String? = nil) {
        self.file = file
        self.spec = spec
        self.position = node.position
        guard case .map(let fields) = node.value else {
            isBroken = true
            diagnostics.append(.error(file, node.position, "expected a mapping for \(what() ?? spec.name), found \(node.value.kindName)",
                                      code: "ExpectedMapping", arguments: [what() ?? spec.name, node.value.kindName]))
            return
        }
        self.fields = fields
        byKey.reserveCapacity(fields.count)
        for (i, f) in fields.enumerated() {
            if !spec.hasField(f.key) {
                let names = spec.fieldNames
                diagnostics.append(.error(file, f.keyPosition, "unknown key '\(f.key)' in \(what() ?? spec.name)\(Suggest.hint(f.key, names))",
                                          code: Suggest.closest(to: f.key, in: names) == nil ? "UnknownKey" : "UnknownKeyHint",
                                          arguments: [f.key, what() ?? spec.name, Suggest.closest(to: f.key, in: names) ?? ""]))
                continue
            }
            byKey[f.key] = i
        }
        for f in spec.fields where f.required {
            if let at = byKey[f.name] {
                let present = fields[at]
                if case .null = present.value.value {
                    diagnostics.append(.error(file, present.keyPosition, "'\(f.name)' must not be empty", code: "Empty", arguments: [f.name]))
                }
            } else {
                diagnostics.append(.error(file, position, "missing required key '\(f.name)' in \(what() ?? spec.name)",
                                          code: "MissingKey", arguments: [f.name, what() ?? spec.name]))
            }
        }
    }

    public func has(_ key: String) -> Bool { byKey[key] != nil }
    public func node(_ key: String) -> Node? {
        guard let at = byKey[key] else { return nil }
        if case .null = fields[at].value.value { return nil }
        return fields[at].value
    }
    public func keyPosition(_ key: String) -> SourcePosition? { byKey[key].map { fields[$0].keyPosition } }

    public mutating func report(_ position: SourcePosition, _ message: String, code: String? = nil, arguments: [String] = []) {
        diagnostics.append(.error(file, position, message, code: code, arguments: arguments))
    }

    public mutating func warn(_ position: SourcePosition, _ message: String, code: String? = nil, arguments: [String] = []) {
        diagnostics.append(.warning(file, position, message, code: code, arguments: arguments))
    }

    public mutating func report(_ position: SourcePosition, _ coded: CodedMessage) {
        report(position, coded.message, code: coded.code, arguments: coded.arguments)
    }

    // MARK: typed access

    /// Bidirectional controls and zero-width characters refused in text (zero-width joiners stay:
    /// emoji sequences and some scripts need them).
    static let invisible: [UInt32: String] = [
        0x200B: "ZERO WIDTH SPACE", 0x2060: "WORD JOINER", 0x180E: "MONGOLIAN VOWEL SEPARATOR",
        0x200E: "LEFT-TO-RIGHT MARK", 0x200F: "RIGHT-TO-LEFT MARK", 0x061C: "ARABIC LETTER MARK",
        0x202A: "LEFT-TO-RIGHT EMBEDDING", 0x202B: "RIGHT-TO-LEFT EMBEDDING", 0x202C: "POP DIRECTIONAL FORMATTING",
        0x202D: "LEFT-TO-RIGHT OVERRIDE", 0x202E: "RIGHT-TO-LEFT OVERRIDE",
        0x2066: "LEFT-TO-RIGHT ISOLATE", 0x2067: "RIGHT-TO-LEFT ISOLATE", 0x2068: "FIRST STRONG ISOLATE", 0x2069: "POP DIRECTIONAL ISOLATE",
    ]

    /// False when `s` certainly holds no control character, line or paragraph separator,
    /// non-character, byte order mark or `invisible` character (what `text(of:key:)` refuses);
    /// true when it may (the exact checks then decide).
    static func mightHoldRefused(_ s: String) -> Bool {
        for v in s.unicodeScalars {
            let x = v.value
            if x < 0x20 {
                if x != 0x0A && x != 0x09 { return true }
            } else if x < 0x7F {
                continue
            } else if x <= 0x9F || x == 0x061C || x == 0x180E || x == 0xFEFF || x == 0xFFFE || x == 0xFFFF {
                return true
            } else if x >= 0x200B && x <= 0x2069 {
                // 200B–200F, 2028–202E, 2060, 2066–2069; not the dashes, quotes and ellipsis between them.
                if x <= 0x200F || (x >= 0x2028 && x <= 0x202E) || x == 0x2060 || x >= 0x2066 { return true }
            }
        }
        return false
    }

    /// Text from a node: quoted or plain text is accepted; a plain scalar YAML reads as another type is refused
    /// with the fix (quote it), because PyYAML and other readers would see a number or a boolean.
    public mutating func text(of node: Node, key: String) -> String? {
        switch node.value {
        case .string(let s):
            // Nearly all text holds none of the characters refused below: one pass over its scalars
            // (a range test each) says so, and only text that might hold one is looked at closely.
            if !Self.mightHoldRefused(s) { return s }
            // Escapes in double quotes ("\a", "\u0085") can smuggle in what the file may not hold as bytes.
            if let bad = s.unicodeScalars.first(where: { v in
                (v.value < 0x20 && v != "\n" && v != "\t") || (0x7F...0x9F).contains(v.value)
                    || v.value == 0x2028 || v.value == 0x2029 || v.value == 0xFEFF || v.value == 0xFFFE || v.value == 0xFFFF
            }) {
                let hex = "U+" + String(bad.value, radix: 16, uppercase: true).leftPadded(4)
                report(node.position, "'\(key)' contains control character \(hex)", code: "ControlCharacter", arguments: [key, hex])
                return nil
            }
            // Invisible characters that make text read differently from what it holds.
            if let (offset, v) = s.unicodeScalars.enumerated().first(where: { Self.invisible[$0.element.value] != nil }) {
                let hex = "U+" + String(v.value, radix: 16, uppercase: true).leftPadded(4), name = Self.invisible[v.value]!
                report(node.position, "'\(key)' contains \(hex) \(name) at character \(offset + 1): invisible, it changes how the text reads without showing; remove it",
                       code: "Invisible", arguments: [key, hex, name, String(offset + 1)])
                return nil
            }
            return s
        case .number(_, let raw), .bool(_, let raw):
            report(node.position, "'\(key)' must be text, found \(node.value.kindName) \(raw); quote it: '\(raw)'",
                   code: "TextQuote", arguments: [key, node.value.kindName, raw])
            return nil
        case .date(let raw):
            report(node.position, "'\(key)' must be text, found a date \(raw); quote it: '\(raw)'", code: "TextDate", arguments: [key, raw])
            return nil
        default:
            report(node.position, "'\(key)' must be text, found \(node.value.kindName)", code: "TextKind", arguments: [key, node.value.kindName])
            return nil
        }
    }

    public mutating func text(_ key: String, multiline: Bool = false) -> String? {
        guard let n = node(key), let s = text(of: n, key: key) else { return nil }
        // `text(of:key:)` refused every CR, so a line feed is its own character here.
        if !multiline, s.utf8.contains(0x0A) {
            report(n.position, "'\(key)' must be one line", code: "OneLine", arguments: [key])
            return nil
        }
        if s.isBlank {
            report(n.position, "'\(key)' must not be blank", code: "Blank", arguments: [key])
            return nil
        }
        return s
    }

    public mutating func id(_ key: String = "id") -> String? {
        guard let n = node(key), let s = text(of: n, key: key) else { return nil }
        if let problem = Identifier.codedProblem(s) {
            report(n.position, problem)
            return nil
        }
        return s
    }

    public mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) -> E? where E.RawValue == String {
        guard let n = node(key) else { return nil }
        return choice(of: n, key: key, type)
    }

    public mutating func choice<E: RawRepresentable & CaseIterable>(of n: Node, key: String, _ type: E.Type) -> E? where E.RawValue == String {
        guard let raw = n.value.scalarText else {
            let options = E.allCases.map(\.rawValue).joined(separator: ", ")
            report(n.position, "'\(key)' must be one of \(options), found \(n.value.kindName)", code: "OneOfKind", arguments: [key, options, n.value.kindName])
            return nil
        }
        if let v = E(rawValue: raw) { return v }
        let options = E.allCases.map(\.rawValue)
        report(n.position, "'\(key)' must be one of \(options.joined(separator: ", ")), found '\(raw)'\(Suggest.hint(raw, options))",
               code: Suggest.closest(to: raw, in: options) == nil ? "OneOf" : "OneOfHint",
               arguments: [key, options.joined(separator: ", "), raw, Suggest.closest(to: raw, in: options) ?? ""])
        return nil
    }

    /// A number above `minimum` (or at it, unless `exclusive`) and at most `maximum`: figures
    /// beyond any real one are typing mistakes, and sums of them would overflow to infinity.
    public mutating func number(_ key: String, minimum: Double, exclusive: Bool, maximum: Double = NumberLimits.maximum) -> Double? {
        guard let n = node(key) else { return nil }
        guard case .number(let d, _) = n.value else {
            var quoted = false
            if case .string(let s) = n.value, case .number = PlainScalar.resolve(s) { quoted = true }
            report(n.position, Self.found("Number", "'\(key)' must be a number", key, n.value, quoted: quoted))
            return nil
        }
        if !d.isFinite {
            report(n.position, "'\(key)' must be a finite number", code: "Finite", arguments: [key])
            return nil
        }
        if exclusive ? d <= minimum : d < minimum {
            report(n.position, "'\(key)' must be \(exclusive ? "greater than" : "at least") \(NumberText.format(minimum)), found \(NumberText.format(d))",
                   code: exclusive ? "GreaterThan" : "AtLeast", arguments: [key, NumberText.format(minimum), NumberText.format(d)])
            return nil
        }
        if d > maximum {
            report(n.position, "'\(key)' must be at most \(NumberText.format(maximum)), found \(NumberText.format(d))",
                   code: "AtMost", arguments: [key, NumberText.format(maximum), NumberText.format(d)])
            return nil
        }
        return d
    }

    public mutating func integer(_ key: String) -> Int? {
        guard let n = node(key) else { return nil }
        guard case .number(let d, let raw) = n.value, d.isFinite, d == d.rounded(), abs(d) < 1e15 else {
            report(n.position, Self.found("Whole", "'\(key)' must be a whole number", key, n.value, quoted: false))
            return nil
        }
        _ = raw
        return Int(d)
    }

    public mutating func bool(_ key: String) -> Bool? {
        guard let n = node(key) else { return nil }
        guard case .bool(let b, let raw) = n.value else {
            var quoted = false
            if case .string(let s) = n.value, s == "true" || s == "false" { quoted = true }
            report(n.position, Self.found("Bool", "'\(key)' must be true or false", key, n.value, quoted: quoted))
            return nil
        }
        if raw != "true" && raw != "false" {
            report(n.position, "'\(key)' must be written true or false, found '\(raw)'", code: "BoolSpelling", arguments: [key, raw])
            return nil
        }
        return b
    }

    public mutating func date(_ key: String) -> String? {
        guard let n = node(key) else { return nil }
        let raw: String
        switch n.value {
        case .date(let s), .string(let s): raw = s
        default:
            report(n.position, "'\(key)' must be a date YYYY-MM-DD, found \(n.value.kindName)", code: "DateKind", arguments: [key, n.value.kindName])
            return nil
        }
        guard CalendarDate.isValid(raw) else {
            let hint = Self.dateProblem(raw)
            report(n.position, "'\(key)' must be a date YYYY-MM-DD, found '\(raw)'\(hint.english)", code: "Date" + hint.code, arguments: [key, raw] + hint.arguments)
            return nil
        }
        return raw
    }

    /// Why a date in the right shape is still not a date (`2026-02-30`), or how to write one that is almost right.
    static func dateHint(_ raw: String) -> String { dateProblem(raw).english }

    /// The hint as a code suffix (`Date` + `NoMonth`, `Days`, `Meant`) and its arguments, for other languages.
    static func dateProblem(_ raw: String) -> Hint {
        let parts = raw.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return .none }
        guard (1...12).contains(m) else { return Hint("; there is no month \(m)", "NoMonth", [String(m)]) }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        let month = "\(parts[0])-\(parts[1].count == 1 ? "0" : "")\(parts[1])"
        guard (1...days).contains(d) else { return Hint("; \(month) has \(days) days", "Days", [month, String(days)]) }
        if parts[1].count == 1 || parts[2].count == 1 {
            let meant = "\(parts[0])-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
            return Hint("; did you mean '\(meant)'?", "Meant", [meant])
        }
        return .none
    }

    /// What follows a message (`; did you mean …?`): in English, and as a code suffix with its arguments.
    struct Hint {
        var english: String
        var code: String
        var arguments: [String]
        init(_ english: String, _ code: String, _ arguments: [String]) { self.english = english; self.code = code; self.arguments = arguments }
        static let none = Hint("", "", [])
    }

    /// `'KEY' must be …, found KIND 'RAW'` (code `BASE` + `Value`, `Kind` or `Quoted`: arguments key, kind, raw).
    static func found(_ base: String, _ head: String, _ key: String, _ value: Value, quoted: Bool) -> CodedMessage {
        let kind = value.kindName
        guard let raw = value.scalarText else { return CodedMessage("\(head), found \(kind)", base + "Kind", [key, kind]) }
        return CodedMessage("\(head), found \(kind) '\(raw)'\(quoted ? "; write it without quotes" : "")", base + (quoted ? "Quoted" : "Value"), [key, kind, raw])
    }

    public mutating func quarter(_ key: String) -> Quarter? {
        guard let n = node(key) else { return nil }
        return quarter(of: n, key: key)
    }

    public mutating func quarter(of n: Node, key: String) -> Quarter? {
        guard let raw = n.value.scalarText, let q = Quarter(raw) else {
            let head = "'\(key)' must be a quarter YYYY-Qn (like 2026-Q3)"
            guard let raw = n.value.scalarText else {
                report(n.position, "\(head), found \(n.value.kindName)", code: "QuarterKind", arguments: [key, n.value.kindName])
                return nil
            }
            let hint = Self.quarterProblem(raw)
            report(n.position, "\(head), found '\(raw)'\(hint.english)", code: "Quarter" + hint.code, arguments: [key, raw] + hint.arguments)
            return nil
        }
        return q
    }

    /// What is wrong with an almost-quarter: `2026-Q5`, `2026Q1`, `2026-q1`, `26-Q1`.
    static func quarterHint(_ raw: String) -> String { quarterProblem(raw).english }

    static func quarterProblem(_ raw: String) -> Hint {
        let t = String(raw.uppercased().filter { $0 != " " })
        var year = ""
        var rest = Substring(t)
        while let c = rest.first, c.isASCII, c.isNumber { year.append(c); rest.removeFirst() }
        if rest.hasPrefix("-") { rest.removeFirst() }
        guard !year.isEmpty, rest.hasPrefix("Q"), rest.count == 2, let n = rest.last?.wholeNumberValue else { return .none }
        if year.count != 4 { return Hint("; write the year with four digits", "Year", []) }
        if !(1...4).contains(n) { return Hint("; quarters are Q1 to Q4", "Number", []) }
        guard let y = Int(year), (2000...2100).contains(y) else { return Hint("; the year must be 2000 to 2100", "Range", []) }
        return Hint("; did you mean '\(year)-Q\(n)'?", "Meant", ["\(year)-Q\(n)"])
    }

    /// The items of a list field, or [] when absent; reports a non-list.
    public mutating func list(_ key: String) -> [Node] {
        guard let n = node(key) else { return [] }
        guard case .list(let items) = n.value else {
            report(n.position, "'\(key)' must be a list, found \(n.value.kindName)", code: "ListKind", arguments: [key, n.value.kindName])
            return []
        }
        return items
    }

    /// A list of text items; duplicates are errors (the list is a set).
    public mutating func textList(_ key: String) -> [String] {
        var out: [String] = []
        var seen: Set<String> = []
        for item in list(key) {
            guard let s = text(of: item, key: key) else { continue }
            if s.isBlank { report(item.position, "'\(key)' items must not be blank", code: "BlankItem", arguments: [key]); continue }
            if s.utf8.contains(0x0A) { report(item.position, "'\(key)' items must be one line", code: "OneLineItem", arguments: [key]); continue }
            // A short list (nearly every one) is searched; past 16 items `seen` takes over, holding what `out` holds.
            let duplicate: Bool
            if seen.isEmpty && out.count < 16 {
                duplicate = out.contains(s)
            } else {
                if seen.isEmpty { seen = Set(out) }
                duplicate = !seen.insert(s).inserted
            }
            if duplicate { report(item.position, "duplicate '\(s)' in '\(key)'", code: "DuplicateItem", arguments: [s, key]); continue }
            out.append(s)
        }
        return out
    }
}

extension String {
    /// `trimmingSpaces.isEmpty`, decided by the first scalar when it is not white space (a
    /// character is white space when its first scalar is).
    var isBlank: Bool {
        if let first = unicodeScalars.first, !first.properties.isWhitespace { return false }
        return trimmingSpaces.isEmpty
    }

    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }

    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Numbers as the canonical form writes them: `8`, `0.5`, `1.25` (shortest round-trip text).
public enum NumberText {
    public static func format(_ d: Double) -> String {
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }
}

/// The largest figure a number field takes: a million PFLOPS, cards, TFLOPS per card or billions
/// of parameters is beyond any real one. 100,000 compute rows at the limit sum to 1e11, far from
/// overflowing to infinity.
public enum NumberLimits {
    public static let maximum: Double = 1_000_000
}
