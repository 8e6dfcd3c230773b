import CatalogCore
import CatalogFiles
import Foundation
import Wording

/// `manifest.json`: what a publication holds and where it came from. Every other file of the
/// publication is listed with its size and SHA-256; `manifest.sig` signs these exact bytes.
public struct Manifest: Sendable, Equatable {
    public struct FileEntry: Sendable, Equatable {
        public var path: String
        public var bytes: Int
        public var sha256: String
        public init(path: String, bytes: Int, sha256: String) { self.path = path; self.bytes = bytes; self.sha256 = sha256 }
    }

    public struct SectorCount: Sendable, Equatable {
        public var sector: String
        public var scenarios: Int
        public var pflops: Double
    }

    public struct Signer: Sendable, Equatable {
        public var name: String
        public var keyId: String
    }

    /// An earlier list of the same quarter, kept in `superseded/<number>/`.
    public struct Supersession: Sendable, Equatable {
        public var number: Int
        public var reason: String
        /// SHA-256 of the superseded list's manifest.json, which lists its own files.
        public var manifestSha256: String
        public var commit: String?
    }

    /// A center booked at or above the warning threshold in the quarter when the list was published.
    public struct Oversubscribed: Sendable, Equatable {
        public var center: String
        public var demand: Double
        public var capacity: Double
        public init(center: String, demand: Double, capacity: Double) { self.center = center; self.demand = demand; self.capacity = capacity }

        /// `center dongguan-compute is booked at 102 % of its capacity in 2026-Q3 (409.2 of 400 PFLOPS FP16)`.
        public func text(quarter: String) -> String {
            let percent = capacity > 0 ? "\(Int((demand / capacity * 100).rounded())) %" : "—"
            return Text.pubCenterBooked(center, percent, quarter, Figures.round3(demand).formatted1, capacity.formatted1)
        }
    }

    public static let formatName = "scencat-publication"
    public static let fileName = "manifest.json"
    public static let signatureFileName = "manifest.sig"
    public static let supersededDirectory = "superseded"

    public var version = 1
    public var quarter: String
    public var catalog: String
    public var commit: String
    public var commitDate: String
    public var published: String
    public var previous: String?
    public var scenarios: Int
    public var bySector: [SectorCount]
    /// Change counts against `previous` (nil on a first publication).
    public var added: Int?
    public var changed: Int?
    public var withdrawn: Int?
    public var removed: Int?
    public var pflops: Double
    public var files: [FileEntry]
    public var signer: Signer?
    public var superseded: [Supersession]
    public var oversubscribed: [Oversubscribed] = []
    /// The filing register snapshots the list was checked against (docs/0018); empty: none was used.
    public var registers: [RegisterSnapshotRef] = []
    /// `--allow-unfiled REASON` and the deployed models it let through.
    public var unfiledAllowed: UnfiledAllowed? = nil

    public struct UnfiledAllowed: Sendable, Equatable {
        public var reason: String
        /// `scenario`, `model`, status (`not-found`, `removed`).
        public var models: [RegisterUse.Unfiled]
    }

    public var json: JSONValue {
        func opt(_ i: Int?) -> JSONValue { i.map { .int($0) } ?? .null }
        return .object([
            ("format", .string(Manifest.formatName)),
            ("version", .int(version)),
            ("quarter", .string(quarter)),
            ("catalog", .string(catalog)),
            ("commit", .string(commit)),
            ("commit_date", .string(commitDate)),
            ("published", .string(published)),
            ("previous", .str(previous)),
            ("counts", .object([
                ("scenarios", .int(scenarios)),
                ("added", opt(added)), ("changed", opt(changed)), ("withdrawn", opt(withdrawn)), ("removed", opt(removed)),
                ("by_sector", .array(bySector.map { .object([("sector", .string($0.sector)), ("scenarios", .int($0.scenarios)), ("pflops", .number($0.pflops))]) })),
            ])),
            ("pflops", .number(pflops)),
            ("files", .array(files.map { .object([("path", .string($0.path)), ("bytes", .int($0.bytes)), ("sha256", .string($0.sha256))]) })),
            ("signer", signer.map { .object([("name", .string($0.name)), ("key_id", .string($0.keyId))]) } ?? .null),
            ("superseded", .array(superseded.map { s in
                .object([("number", .int(s.number)), ("reason", .string(s.reason)), ("commit", .str(s.commit)),
                         ("manifest_sha256", .string(s.manifestSha256))])
            })),
            ("oversubscribed_centers", .array(oversubscribed.map { o in
                .object([("center", .string(o.center)), ("demand_pflops", .number(Figures.round3(o.demand))),
                         ("capacity_pflops_fp16", .number(o.capacity)),
                         ("utilisation", o.capacity > 0 ? .number(Figures.round3(o.demand / o.capacity)) : .null)])
            })),
            ("registers", .array(registers.map { .object([("source", .string($0.source)), ("as_of", .string($0.asOf)), ("path", .string($0.path))]) })),
            ("unfiled_allowed", unfiledAllowed.map { u in
                .object([("reason", .string(u.reason)), ("models", .array(u.models.map {
                    .object([("scenario", .string($0.scenario)), ("model", .string($0.model)), ("status", .string($0.status.rawValue))])
                }))])
            } ?? .null),
        ])
    }

    /// The file's bytes: two-space indented JSON, keys in a fixed order, one trailing newline.
    public var bytes: [UInt8] { Array((json.text(indent: 2) + "\n").utf8) }

    public struct ParseError: Error, CustomStringConvertible, Sendable, CodedError {
        public var message: String
        public var description: String { message }
        /// The message's code (a `Text` key) and arguments.
        public var coded: CodedMessage?
        init(message: String, _ code: String, _ arguments: [String] = []) {
            self.message = message
            coded = CodedMessage(message, code, arguments)
        }
    }

    public static func parse(_ bytes: [UInt8]) throws -> Manifest {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)), let o = object as? [String: Any] else {
            throw ParseError(message: "not valid JSON", "manifestNotJSON")
        }
        guard o["format"] as? String == formatName else { throw ParseError(message: "not a scencat publication manifest (format is not \(formatName))", "manifestFormat", [formatName]) }
        func str(_ d: [String: Any], _ k: String) throws -> String {
            guard let v = d[k] as? String else { throw ParseError(message: "'\(k)' is missing or not text", "manifestNotText", [k]) }
            return v
        }
        func int(_ d: [String: Any], _ k: String) throws -> Int {
            guard let v = d[k] as? NSNumber else { throw ParseError(message: "'\(k)' is missing or not a number", "manifestNotNumber", [k]) }
            return v.intValue
        }
        func optInt(_ d: [String: Any], _ k: String) -> Int? { (d[k] as? NSNumber)?.intValue }
        guard let counts = o["counts"] as? [String: Any] else { throw ParseError(message: "'counts' is missing", "manifestNoCounts") }
        guard let files = o["files"] as? [[String: Any]] else { throw ParseError(message: "'files' is missing or not a list", "manifestNoFiles") }
        var m = Manifest(
            quarter: try str(o, "quarter"), catalog: (o["catalog"] as? String) ?? "", commit: try str(o, "commit"),
            commitDate: (o["commit_date"] as? String) ?? "", published: try str(o, "published"), previous: o["previous"] as? String,
            scenarios: try int(counts, "scenarios"),
            bySector: ((counts["by_sector"] as? [[String: Any]]) ?? []).map {
                SectorCount(sector: ($0["sector"] as? String) ?? "", scenarios: ($0["scenarios"] as? NSNumber)?.intValue ?? 0,
                            pflops: ($0["pflops"] as? NSNumber)?.doubleValue ?? 0)
            },
            added: optInt(counts, "added"), changed: optInt(counts, "changed"), withdrawn: optInt(counts, "withdrawn"), removed: optInt(counts, "removed"),
            pflops: (o["pflops"] as? NSNumber)?.doubleValue ?? 0,
            files: try files.map { FileEntry(path: try str($0, "path"), bytes: try int($0, "bytes"), sha256: try str($0, "sha256")) },
            signer: nil, superseded: [])
        m.version = (o["version"] as? NSNumber)?.intValue ?? 1
        if let s = o["signer"] as? [String: Any] {
            m.signer = Signer(name: (s["name"] as? String) ?? "", keyId: try str(s, "key_id"))
        }
        if let list = o["oversubscribed_centers"] as? [[String: Any]] {
            m.oversubscribed = list.map {
                Oversubscribed(center: ($0["center"] as? String) ?? "", demand: ($0["demand_pflops"] as? NSNumber)?.doubleValue ?? 0,
                               capacity: ($0["capacity_pflops_fp16"] as? NSNumber)?.doubleValue ?? 0)
            }
        }
        if let list = o["registers"] as? [[String: Any]] {
            m.registers = list.map { RegisterSnapshotRef(source: ($0["source"] as? String) ?? "", asOf: ($0["as_of"] as? String) ?? "") }
        }
        if let u = o["unfiled_allowed"] as? [String: Any] {
            m.unfiledAllowed = UnfiledAllowed(reason: (u["reason"] as? String) ?? "", models: ((u["models"] as? [[String: Any]]) ?? []).map {
                RegisterUse.Unfiled(scenario: ($0["scenario"] as? String) ?? "", model: ($0["model"] as? String) ?? "",
                                    status: RegisterStatus.Kind(rawValue: ($0["status"] as? String) ?? "") ?? .notFound)
            })
        }
        if let list = o["superseded"] as? [[String: Any]] {
            m.superseded = try list.map {
                Supersession(number: try int($0, "number"), reason: (try? str($0, "reason")) ?? "",
                             manifestSha256: try str($0, "manifest_sha256"), commit: $0["commit"] as? String)
            }
        }
        return m
    }
}

extension Double {
    /// At most one decimal, none when whole: 409.2, 400.
    var formatted1: String { NumberText.format((self * 10).rounded() / 10) }
}
