/// The three kinds of entity a catalogue holds, one file each.
public enum EntityKind: String, Sendable, Hashable, CaseIterable, Codable {
    case scenario = "Scenario"
    case model = "Model"
    case center = "Center"

    /// The catalogue folder that holds this kind's files.
    public var directory: String {
        switch self {
        case .scenario: return "scenarios"
        case .model: return "models"
        case .center: return "centers"
        }
    }

    /// The word used on the command line (`list scenarios`).
    public var plural: String { directory }

    public init?(directory: String) {
        guard let k = EntityKind.allCases.first(where: { $0.directory == directory }) else { return nil }
        self = k
    }
}

/// The language a person reads scencat in (docs/0020): Chinese only, English only, or both side by side.
public enum InterfaceLanguage: String, Sendable, CaseIterable, Codable {
    case zh, en, both
}

public enum Stage: String, Sendable, CaseIterable, Codable, Comparable {
    case proposed, piloting, demonstration, scaled
    public var zh: String { ["proposed": "提出", "piloting": "试点", "demonstration": "示范", "scaled": "推广"][rawValue]! }
    public static func < (a: Stage, b: Stage) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

public enum ScenarioStatus: String, Sendable, CaseIterable, Codable {
    case draft, approved, withdrawn
}

public enum DataClass: String, Sendable, CaseIterable, Codable {
    case general, important, core
}

public enum ModelRole: String, Sendable, CaseIterable, Codable {
    case deployed, candidate, evaluated
}

public enum Workload: String, Sendable, CaseIterable, Codable {
    case training, fineTuning = "fine-tuning", inference
}

public enum ComputeUnit: String, Sendable, CaseIterable, Codable {
    case pflops, cards
}

public enum Precision: String, Sendable, CaseIterable, Codable {
    case fp16, bf16, fp8, int8
}

public enum FilingKind: String, Sendable, CaseIterable, Codable {
    case filed, registered
}

public enum ModelFunction: String, Sendable, CaseIterable, Codable {
    case chat, text, image, audio, video, code
}

public enum ModelStatus: String, Sendable, CaseIterable, Codable {
    case active, suspended, withdrawn
}

public enum CenterTier: String, Sendable, CaseIterable, Codable {
    case nationalHub = "national-hub", provincial, city
}

public enum CenterStatus: String, Sendable, CaseIterable, Codable {
    case operating, building, planned
}

/// A model serving a scenario.
public struct ModelLink: Sendable, Hashable, Codable {
    public var model: String
    public var role: ModelRole

    public init(model: String, role: ModelRole) {
        self.model = model
        self.role = role
    }
}

/// Compute a scenario needs over a span of quarters.
public struct ComputeNeed: Sendable, Hashable, Codable {
    public var workload: Workload
    public var amount: Double
    public var unit: ComputeUnit
    public var accelerator: String?
    public var precision: Precision?
    public var center: String?
    public var from: Quarter
    public var until: Quarter?

    public init(workload: Workload, amount: Double, unit: ComputeUnit, accelerator: String? = nil,
                precision: Precision? = nil, center: String? = nil, from: Quarter, until: Quarter? = nil) {
        self.workload = workload
        self.amount = amount
        self.unit = unit
        self.accelerator = accelerator
        self.precision = precision
        self.center = center
        self.from = from
        self.until = until
    }

    /// Whether the need covers `quarter`.
    public func isActive(in quarter: Quarter) -> Bool {
        from <= quarter && (until.map { quarter <= $0 } ?? true)
    }
}

public struct Scenario: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var titleEn: String?
    public var sector: String
    public var city: String
    public var stage: Stage
    public var status: ScenarioStatus
    /// Why it was withdrawn (recorded by `withdraw`).
    public var withdrawnReason: String?
    public var demandOrg: String?
    public var supplierOrgs: [String]
    public var summary: String?
    public var dataClass: DataClass?
    public var tags: [String]
    public var models: [ModelLink]
    public var compute: [ComputeNeed]
    public var since: Quarter?
    public var links: [String]
    public var contact: String?
    public var updated: String?

    public init(id: String, title: String, titleEn: String? = nil, sector: String, city: String,
                stage: Stage, status: ScenarioStatus, demandOrg: String? = nil, supplierOrgs: [String] = [],
                summary: String? = nil, dataClass: DataClass? = nil, tags: [String] = [], models: [ModelLink] = [],
                compute: [ComputeNeed] = [], since: Quarter? = nil, links: [String] = [], contact: String? = nil,
                updated: String? = nil, withdrawnReason: String? = nil) {
        self.id = id
        self.title = title
        self.titleEn = titleEn
        self.sector = sector
        self.city = city
        self.stage = stage
        self.status = status
        self.demandOrg = demandOrg
        self.supplierOrgs = supplierOrgs
        self.summary = summary
        self.dataClass = dataClass
        self.tags = tags
        self.models = models
        self.compute = compute
        self.since = since
        self.links = links
        self.contact = contact
        self.updated = updated
        self.withdrawnReason = withdrawnReason
    }
}

public struct Model: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var provider: String
    public var filingKind: FilingKind
    public var filingNo: String
    public var filedOn: String?
    public var jurisdiction: String?
    public var functions: [ModelFunction]
    /// nil when absent, [] for `general`, else the sector ids of a limited domain.
    public var domain: [String]?
    public var paramsB: Double?
    public var openSource: Bool?
    public var license: String?
    public var baseModel: String?
    public var government: Bool?
    public var status: ModelStatus
    /// Why it was withdrawn (recorded by `withdraw`).
    public var withdrawnReason: String?

    public init(id: String, name: String, provider: String, filingKind: FilingKind, filingNo: String,
                filedOn: String? = nil, jurisdiction: String? = nil, functions: [ModelFunction] = [],
                domain: [String]? = nil, paramsB: Double? = nil, openSource: Bool? = nil, license: String? = nil,
                baseModel: String? = nil, government: Bool? = nil, status: ModelStatus, withdrawnReason: String? = nil) {
        self.id = id
        self.name = name
        self.provider = provider
        self.filingKind = filingKind
        self.filingNo = filingNo
        self.filedOn = filedOn
        self.jurisdiction = jurisdiction
        self.functions = functions
        self.domain = domain
        self.paramsB = paramsB
        self.openSource = openSource
        self.license = license
        self.baseModel = baseModel
        self.government = government
        self.status = status
        self.withdrawnReason = withdrawnReason
    }

    /// True when the model serves any sector (`domain: general` or no domain given).
    public var isGeneral: Bool { domain?.isEmpty ?? true }
}

public struct Center: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var city: String
    public var `operator`: String?
    public var tier: CenterTier
    public var status: CenterStatus
    public var capacityPflopsFP16: Double
    public var accelerators: [String]
    public var since: Quarter?

    public init(id: String, name: String, city: String, operator: String? = nil, tier: CenterTier,
                status: CenterStatus, capacityPflopsFP16: Double, accelerators: [String] = [], since: Quarter? = nil) {
        self.id = id
        self.name = name
        self.city = city
        self.operator = `operator`
        self.tier = tier
        self.status = status
        self.capacityPflopsFP16 = capacityPflopsFP16
        self.accelerators = accelerators
        self.since = since
    }
}

/// Any entity, as read from one file.
public enum Entity: Sendable, Hashable {
    case scenario(Scenario)
    case model(Model)
    case center(Center)

    public var id: String {
        switch self {
        case .scenario(let s): return s.id
        case .model(let m): return m.id
        case .center(let c): return c.id
        }
    }

    public var kind: EntityKind {
        switch self {
        case .scenario: return .scenario
        case .model: return .model
        case .center: return .center
        }
    }

    /// The human name: a scenario's title, a model's or center's name.
    public var displayName: String {
        switch self {
        case .scenario(let s): return s.title
        case .model(let m): return m.name
        case .center(let c): return c.name
        }
    }

    /// Where this entity's file lives inside the catalogue.
    public var relativePath: String { "\(kind.directory)/\(id).yaml" }
}

public struct Sector: Sendable, Hashable, Codable {
    public var id: String
    public var zh: String
    public var en: String
    public init(id: String, zh: String, en: String) { self.id = id; self.zh = zh; self.en = en }
}

public struct City: Sendable, Hashable, Codable {
    public var id: String
    public var zh: String
    public var en: String
    public init(id: String, zh: String, en: String) { self.id = id; self.zh = zh; self.en = en }
}

public struct Accelerator: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var vendor: String
    public var domestic: Bool
    public var fp16Tflops: Double
    public init(id: String, name: String, vendor: String, domestic: Bool, fp16Tflops: Double) {
        self.id = id; self.name = name; self.vendor = vendor; self.domestic = domestic; self.fp16Tflops = fp16Tflops
    }
}

/// `catalog.yaml`: what the catalogue is.
public struct CatalogInfo: Sendable, Hashable, Codable {
    public var name: String
    public var nameEn: String?
    public var owner: String
    public var format: Int
    public var description: String?
    /// Percent of a center's capacity at which `validate` and the screens report it (default 90).
    public var capacityWarningPercent: Double?
    /// Months after which a scenario not `updated` counts as stale (default 12).
    public var reviewMonths: Int?
    /// The language of the screens and messages unless `--lang` or `SCENCAT_LANG` says otherwise.
    public var uiLanguage: InterfaceLanguage?
    public init(name: String, nameEn: String? = nil, owner: String, format: Int = 1, description: String? = nil,
                capacityWarningPercent: Double? = nil, reviewMonths: Int? = nil, uiLanguage: InterfaceLanguage? = nil) {
        self.name = name; self.nameEn = nameEn; self.owner = owner; self.format = format; self.description = description
        self.capacityWarningPercent = capacityWarningPercent; self.reviewMonths = reviewMonths; self.uiLanguage = uiLanguage
    }

    /// The review period in effect.
    public var reviewPeriodMonths: Int { reviewMonths ?? 12 }
    /// The capacity warning threshold in effect, in percent.
    public var warningPercent: Double { capacityWarningPercent ?? Oversubscription.defaultWarningPercent }
}

/// The taxonomies that entity fields refer to.
public struct Taxonomy: Sendable, Hashable {
    public var sectors: [Sector]
    public var cities: [City]
    public var accelerators: [Accelerator]

    public init(sectors: [Sector] = [], cities: [City] = [], accelerators: [Accelerator] = []) {
        self.sectors = sectors
        self.cities = cities
        self.accelerators = accelerators
    }

    public func sector(_ id: String) -> Sector? { sectors.first { $0.id == id } }
    public func city(_ id: String) -> City? { cities.first { $0.id == id } }
    public func accelerator(_ id: String) -> Accelerator? { accelerators.first { $0.id == id } }
    /// FP16 TFLOPS per card by accelerator id, for `ComputeMath`.
    public var acceleratorTflops: [String: Double] {
        Dictionary(accelerators.map { ($0.id, $0.fp16Tflops) }, uniquingKeysWith: { a, _ in a })
    }
}

extension Entity {
    /// The entity withdrawn for `reason`; nil for a center, which has no withdrawn status.
    public func withdrawn(reason: String) -> Entity? {
        switch self {
        case .scenario(var s):
            s.status = .withdrawn
            s.withdrawnReason = reason
            return .scenario(s)
        case .model(var m):
            m.status = .withdrawn
            m.withdrawnReason = reason
            return .model(m)
        case .center:
            return nil
        }
    }
}
