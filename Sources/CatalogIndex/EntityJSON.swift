import CatalogCore
import Foundation

/// The `entity_json` column: an entity as the JSON its synthesized `Codable` conformance reads,
/// keys sorted, absent optionals left out.
///
/// Written by hand because `JSONEncoder` costs ~60 µs per scenario, which was the largest single
/// cost of indexing 100,000 files; this writer takes a few µs. Decoding uses `JSONDecoder`, and a
/// test checks that every stored property of each entity type is written and read back equal.
enum EntityJSON {
    static func encode(_ entity: Entity) -> String {
        var w = Writer()
        w.beginObject()
        switch entity {
        case .scenario(let s):
            w.field("city", s.city)
            w.beginArray("compute")
            for c in s.compute {
                w.beginObject()
                w.field("accelerator", c.accelerator)
                w.field("amount", c.amount)
                w.field("center", c.center)
                w.field("from", c.from.description)
                w.field("precision", c.precision?.rawValue)
                w.field("unit", c.unit.rawValue)
                w.field("until", c.until?.description)
                w.field("workload", c.workload.rawValue)
                w.endObject()
            }
            w.endArray()
            w.field("contact", s.contact)
            w.field("dataClass", s.dataClass?.rawValue)
            w.field("demandOrg", s.demandOrg)
            w.field("id", s.id)
            w.field("links", s.links)
            w.beginArray("models")
            for l in s.models {
                w.beginObject()
                w.field("model", l.model)
                w.field("role", l.role.rawValue)
                w.endObject()
            }
            w.endArray()
            w.field("sector", s.sector)
            w.field("since", s.since?.description)
            w.field("stage", s.stage.rawValue)
            w.field("status", s.status.rawValue)
            w.field("summary", s.summary)
            w.field("supplierOrgs", s.supplierOrgs)
            w.field("tags", s.tags)
            w.field("title", s.title)
            w.field("titleEn", s.titleEn)
            w.field("updated", s.updated)
            w.field("withdrawnReason", s.withdrawnReason)
        case .model(let m):
            w.field("baseModel", m.baseModel)
            if let d = m.domain { w.field("domain", d) }
            w.field("filedOn", m.filedOn)
            w.field("filingKind", m.filingKind.rawValue)
            w.field("filingNo", m.filingNo)
            w.field("functions", m.functions.map(\.rawValue))
            w.field("government", m.government)
            w.field("id", m.id)
            w.field("jurisdiction", m.jurisdiction)
            w.field("license", m.license)
            w.field("name", m.name)
            w.field("openSource", m.openSource)
            w.field("paramsB", m.paramsB)
            w.field("provider", m.provider)
            w.field("status", m.status.rawValue)
            w.field("withdrawnReason", m.withdrawnReason)
        case .center(let c):
            w.field("accelerators", c.accelerators)
            w.field("capacityPflopsFP16", c.capacityPflopsFP16)
            w.field("city", c.city)
            w.field("id", c.id)
            w.field("name", c.name)
            w.field("operator", c.operator)
            w.field("since", c.since?.description)
            w.field("status", c.status.rawValue)
            w.field("tier", c.tier.rawValue)
        }
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func decode(kind: EntityKind, json: String) throws -> Entity {
        let d = JSONDecoder()
        let data = Data(json.utf8)
        switch kind {
        case .scenario: return .scenario(try d.decode(Scenario.self, from: data))
        case .model: return .model(try d.decode(Model.self, from: data))
        case .center: return .center(try d.decode(Center.self, from: data))
        }
    }

    /// A minimal JSON writer: objects of fields, arrays, strings, numbers, booleans. Fields are
    /// written in the order called, which `encode` keeps sorted.
    struct Writer {
        var bytes: [UInt8] = []
        /// Whether the object or array being written needs a comma before its next member.
        private var needsComma = false

        init() { bytes.reserveCapacity(1024) }

        /// An object, at the top or as an array element.
        mutating func beginObject() {
            if needsComma { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "{"))
            needsComma = false
        }

        mutating func endObject() {
            bytes.append(UInt8(ascii: "}"))
            needsComma = true
        }

        mutating func beginArray(_ k: String) {
            key(k)
            bytes.append(UInt8(ascii: "["))
            needsComma = false
        }

        mutating func endArray() {
            bytes.append(UInt8(ascii: "]"))
            needsComma = true
        }

        private mutating func key(_ k: String) {
            if needsComma { bytes.append(UInt8(ascii: ",")) }
            string(k)
            bytes.append(UInt8(ascii: ":"))
        }

        mutating func field(_ k: String, _ v: String?) {
            guard let v else { return }
            key(k)
            string(v)
            needsComma = true
        }

        mutating func field(_ k: String, _ v: Double?) {
            guard let v else { return }
            key(k)
            // Shortest text that reads back as the same Double; non-finite values cannot occur
            // (the reader rejects them) but must not produce invalid JSON.
            bytes.append(contentsOf: (v.isFinite ? v.description : "0").utf8)
            needsComma = true
        }

        mutating func field(_ k: String, _ v: Bool?) {
            guard let v else { return }
            key(k)
            bytes.append(contentsOf: (v ? "true" : "false").utf8)
            needsComma = true
        }

        mutating func field(_ k: String, _ items: [String]) {
            key(k)
            bytes.append(UInt8(ascii: "["))
            for (i, s) in items.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                string(s)
            }
            bytes.append(UInt8(ascii: "]"))
            needsComma = true
        }

        private mutating func string(_ s: String) {
            bytes.append(UInt8(ascii: "\""))
            let utf8 = s.utf8
            if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                bytes.append(contentsOf: utf8)
            } else {
                for b in utf8 { escaped(b) }
            }
            bytes.append(UInt8(ascii: "\""))
        }

        private mutating func escaped(_ b: UInt8) {
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default:
                bytes.append(b)
            }
        }
    }
}
