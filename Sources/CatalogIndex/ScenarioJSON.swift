import CatalogCore

/// Reads a scenario from the `entity_json` column in one pass, several times faster than
/// `JSONDecoder` (which was the largest cost of exporting 100,000 scenarios). It reads exactly the
/// keys `EntityJSON.encode` writes; any other key or shape gives nil, and the caller falls back
/// to `JSONDecoder`, so a field added later is never silently dropped. A test checks both agree.
enum ScenarioJSON {
    indirect enum Value {
        case string(String), number(Double), bool(Bool), null, array([Value]), object([(String, Value)])
    }

    static func decode(_ json: String) -> Scenario? {
        var text = json
        return text.withUTF8 { bytes -> Scenario? in
            var p = Parser(bytes: bytes)
            guard let v = p.value(), p.atEnd, case .object(let fields) = v else { return nil }
            return scenario(fields)
        }
    }

    static func scenario(_ fields: [(String, Value)]) -> Scenario? {
        var s = Scenario(id: "", title: "", sector: "", city: "", stage: .proposed, status: .draft)
        var seen = 0
        for (key, v) in fields {
            switch key {
            case "id": guard let x = v.string else { return nil }; s.id = x; seen |= 1
            case "title": guard let x = v.string else { return nil }; s.title = x; seen |= 2
            case "sector": guard let x = v.string else { return nil }; s.sector = x; seen |= 4
            case "city": guard let x = v.string else { return nil }; s.city = x; seen |= 8
            case "stage": guard let x = v.string.flatMap(Stage.init(rawValue:)) else { return nil }; s.stage = x; seen |= 16
            case "status": guard let x = v.string.flatMap(ScenarioStatus.init(rawValue:)) else { return nil }; s.status = x; seen |= 32
            case "titleEn": guard let x = v.string else { return nil }; s.titleEn = x
            case "withdrawnReason": guard let x = v.string else { return nil }; s.withdrawnReason = x
            case "demandOrg": guard let x = v.string else { return nil }; s.demandOrg = x
            case "summary": guard let x = v.string else { return nil }; s.summary = x
            case "contact": guard let x = v.string else { return nil }; s.contact = x
            case "updated": guard let x = v.string else { return nil }; s.updated = x
            case "dataClass": guard let x = v.string.flatMap(DataClass.init(rawValue:)) else { return nil }; s.dataClass = x
            case "since": guard let x = v.string.flatMap(Quarter.init) else { return nil }; s.since = x
            case "supplierOrgs": guard let x = v.strings else { return nil }; s.supplierOrgs = x
            case "tags": guard let x = v.strings else { return nil }; s.tags = x
            case "links": guard let x = v.strings else { return nil }; s.links = x
            case "models":
                guard case .array(let items) = v else { return nil }
                var links: [ModelLink] = []
                for item in items {
                    guard case .object(let f) = item, f.count == 2,
                          let model = f.first(where: { $0.0 == "model" })?.1.string,
                          let role = f.first(where: { $0.0 == "role" })?.1.string.flatMap(ModelRole.init(rawValue:)) else { return nil }
                    links.append(ModelLink(model: model, role: role))
                }
                s.models = links
            case "compute":
                guard case .array(let items) = v else { return nil }
                var needs: [ComputeNeed] = []
                for item in items {
                    guard case .object(let f) = item, let need = computeNeed(f) else { return nil }
                    needs.append(need)
                }
                s.compute = needs
            default:
                return nil
            }
        }
        return seen == 63 ? s : nil
    }

    static func computeNeed(_ fields: [(String, Value)]) -> ComputeNeed? {
        var workload: Workload?, amount: Double?, unit: ComputeUnit?, from: Quarter?
        var accelerator: String?, precision: Precision?, center: String?, until: Quarter?
        for (key, v) in fields {
            switch key {
            case "workload": guard let x = v.string.flatMap(Workload.init(rawValue:)) else { return nil }; workload = x
            case "amount": guard case .number(let x) = v else { return nil }; amount = x
            case "unit": guard let x = v.string.flatMap(ComputeUnit.init(rawValue:)) else { return nil }; unit = x
            case "from": guard let x = v.string.flatMap(Quarter.init) else { return nil }; from = x
            case "until": guard let x = v.string.flatMap(Quarter.init) else { return nil }; until = x
            case "accelerator": guard let x = v.string else { return nil }; accelerator = x
            case "precision": guard let x = v.string.flatMap(Precision.init(rawValue:)) else { return nil }; precision = x
            case "center": guard let x = v.string else { return nil }; center = x
            default: return nil
            }
        }
        guard let workload, let amount, let unit, let from else { return nil }
        return ComputeNeed(workload: workload, amount: amount, unit: unit, accelerator: accelerator, precision: precision,
                           center: center, from: from, until: until)
    }

    /// A JSON reader over UTF-8 bytes (RFC 8259; nil on anything malformed).
    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        var atEnd: Bool {
            mutating get { skipSpace(); return i == bytes.count }
        }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        mutating func value() -> Value? {
            skipSpace()
            guard i < bytes.count else { return nil }
            switch bytes[i] {
            case UInt8(ascii: "\""): return string().map(Value.string)
            case UInt8(ascii: "{"):
                i += 1
                var fields: [(String, Value)] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
                while true {
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\""), let key = string() else { return nil }
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                    i += 1
                    guard let v = value() else { return nil }
                    fields.append((key, v))
                    skipSpace()
                    guard i < bytes.count else { return nil }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
                    return nil
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [Value] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    guard let v = value() else { return nil }
                    items.append(v)
                    skipSpace()
                    guard i < bytes.count else { return nil }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                    return nil
                }
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default:
                let start = i
                while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
                guard i > start, let d = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)) else { return nil }
                return .number(d)
            }
        }

        mutating func literal(_ word: String, _ v: Value) -> Value? {
            for b in word.utf8 {
                guard i < bytes.count, bytes[i] == b else { return nil }
                i += 1
            }
            return v
        }

        /// A string at `"`, escapes resolved.
        mutating func string() -> String? {
            i += 1
            let start = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") { i += 1 }
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "\"") {
                defer { i += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            }
            var out = Array(bytes[start..<i])
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
                guard b == UInt8(ascii: "\\") else { out.append(b); i += 1; continue }
                i += 1
                guard i < bytes.count else { return nil }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var code = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(code) {
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { return nil }
                        i += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { return nil }
                    out.append(contentsOf: Array(String(scalar).utf8))
                default: return nil
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count else { return nil }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[i]
                let d: UInt32
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - 48)
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - 87)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - 55)
                default: return nil
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }
    }
}

extension ScenarioJSON.Value {
    var string: String? { if case .string(let s) = self { return s } else { return nil } }
    var strings: [String]? {
        guard case .array(let items) = self else { return nil }
        var out: [String] = []
        for item in items {
            guard let s = item.string else { return nil }
            out.append(s)
        }
        return out
    }
}
