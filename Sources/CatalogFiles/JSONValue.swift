import CatalogCore

/// A JSON value with ordered object keys, so output is stable and readable (Chinese unescaped).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.text() == b.text() }

    public static func str(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    public static func num(_ d: Double?) -> JSONValue { d.map { .number($0) } ?? .null }
    public static func int(_ i: Int) -> JSONValue { .number(Double(i)) }

    public func text(indent: Int? = 2, level: Int = 0) -> String {
        var out = ""
        write(into: &out, indent: indent, level: level)
        return out
    }

    private func write(into out: inout String, indent: Int?, level: Int) {
        let nl = indent == nil ? "" : "\n"
        let pad = { (l: Int) -> String in indent.map { String(repeating: " ", count: $0 * l) } ?? "" }
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 { out += String(Int64(d)) } else if d.isFinite { out += "\(d)" } else { out += "null" }
        case .string(let s): JSONValue.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + nl
            for (i, v) in items.enumerated() {
                out += pad(level + 1)
                v.write(into: &out, indent: indent, level: level + 1)
                out += (i + 1 < items.count ? "," : "") + nl
            }
            out += pad(level) + "]"
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{" + nl
            for (i, (k, v)) in pairs.enumerated() {
                out += pad(level + 1)
                JSONValue.quote(k, into: &out)
                out += indent == nil ? ":" : ": "
                v.write(into: &out, indent: indent, level: level + 1)
                out += (i + 1 < pairs.count ? "," : "") + nl
            }
            out += pad(level) + "}"
        }
    }

    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        // Most text needs no escape and is appended whole: scalar by scalar, quoting was half the
        // time of printing a 10,000-row list (E2 is the lead byte of U+2028 and U+2029).
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) {
            out += s
            out += "\""
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}

extension JSONValue {
    /// The value as a catalogue value tree, to print YAML through the canonical writer.
    public var yamlNode: Node {
        switch self {
        case .null: return Node(.null)
        case .bool(let b): return Node(.bool(b, raw: b ? "true" : "false"))
        case .number(let d): return Node(.number(d, raw: NumberText.format(d)))
        case .string(let s): return Node(.string(s))
        case .array(let items): return Node(.list(items.map(\.yamlNode)))
        case .object(let pairs): return Node(.map(pairs.map { Field($0.0, $0.1.yamlNode) }))
        }
    }
}
