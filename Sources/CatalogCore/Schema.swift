/// The catalogue format, declared once. Reading, canonical key order, `scencat schema`
/// and "did you mean" all come from these tables, so they cannot drift apart.
public indirect enum FieldType: Sendable {
    /// The fixed `kind:` discriminator.
    case kind(String)
    case id
    /// One line of text.
    case text
    /// Text that may span lines (written as a literal block when it does).
    case multilineText
    /// A number; `minimum` is exclusive when `exclusive` is set.
    case number(minimum: Double, exclusive: Bool)
    case integer
    case bool
    /// `YYYY-MM-DD`
    case date
    /// `YYYY-Qn`
    case quarter
    case choice([String])
    case reference(ReferenceKind)
    /// `sorted`: order carries no meaning, so the canonical form sorts it.
    case list(FieldType, sorted: Bool)
    case object(ObjectSpec)
    /// Model domain: the word `general`, or a list of sector ids (限定领域).
    case generalOrSectors
}

/// What a reference field points at.
public enum ReferenceKind: String, Sendable, Hashable, CaseIterable {
    case sector, city, model, center, accelerator

    /// Where a user finds the valid ids, for error messages.
    public var home: String {
        switch self {
        case .sector: return "taxonomy/sectors.yaml"
        case .city: return "taxonomy/cities.yaml"
        case .accelerator: return "taxonomy/accelerators.yaml"
        case .model: return "models/"
        case .center: return "centers/"
        }
    }
}

public struct FieldSpec: Sendable {
    public var name: String
    public var type: FieldType
    public var required: Bool
    /// Internal fields never appear in a published list.
    public var isInternal: Bool
    public var doc: String

    public init(_ name: String, _ type: FieldType, required: Bool = false, internal: Bool = false, _ doc: String) {
        self.name = name
        self.type = type
        self.required = required
        self.isInternal = `internal`
        self.doc = doc
    }
}

public struct ObjectSpec: Sendable {
    public var name: String
    public var doc: String
    public var fields: [FieldSpec]

    public init(_ name: String, _ doc: String, _ fields: [FieldSpec]) {
        self.name = name
        self.doc = doc
        self.fields = fields
    }

    public var fieldNames: [String] { fields.map(\.name) }
    public func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }
    public func hasField(_ name: String) -> Bool { fields.contains { $0.name == name } }
}

public enum Schema {
    public static let stages = Stage.allCases.map(\.rawValue)

    public static let modelLink = ObjectSpec("ModelLink", "A filed model serving the scenario, and in what role.", [
        FieldSpec("model", .reference(.model), required: true, "Model id (models/<id>.yaml)."),
        FieldSpec("role", .choice(ModelRole.allCases.map(\.rawValue)), required: true, "deployed, candidate or evaluated."),
    ])

    public static let computeNeed = ObjectSpec("ComputeNeed", "Compute the scenario needs for a period.", [
        FieldSpec("workload", .choice(Workload.allCases.map(\.rawValue)), required: true, "training, fine-tuning or inference."),
        FieldSpec("amount", .number(minimum: 0, exclusive: true), required: true, "How much, in `unit` (> 0, at most 1,000,000)."),
        FieldSpec("unit", .choice(ComputeUnit.allCases.map(\.rawValue)), required: true, "pflops (FP16 dense) or cards."),
        FieldSpec("accelerator", .reference(.accelerator), "Accelerator id; required when unit is cards."),
        FieldSpec("precision", .choice(Precision.allCases.map(\.rawValue)), "fp16, bf16, fp8 or int8."),
        FieldSpec("center", .reference(.center), "Compute center expected to serve it."),
        FieldSpec("from", .quarter, required: true, "First quarter of the need (YYYY-Qn)."),
        FieldSpec("until", .quarter, "Last quarter of the need (YYYY-Qn); open-ended when absent."),
    ])

    public static let scenario = ObjectSpec("Scenario", "An AI application scenario (人工智能应用场景).", [
        FieldSpec("kind", .kind("Scenario"), required: true, "Always Scenario."),
        FieldSpec("id", .id, required: true, "Equals the file name without .yaml."),
        FieldSpec("title", .text, required: true, "Title in Chinese (场景名称)."),
        FieldSpec("title_en", .text, "Title in English."),
        FieldSpec("sector", .reference(.sector), required: true, "Sector id (taxonomy/sectors.yaml)."),
        FieldSpec("city", .reference(.city), required: true, "City id or province (taxonomy/cities.yaml)."),
        FieldSpec("stage", .choice(Stage.allCases.map(\.rawValue)), required: true, "proposed, piloting, demonstration or scaled."),
        FieldSpec("status", .choice(ScenarioStatus.allCases.map(\.rawValue)), required: true, "draft, approved or withdrawn."),
        FieldSpec("withdrawn_reason", .text, "Why it was withdrawn (asked by withdraw)."),
        FieldSpec("demand_org", .text, "Organisation that needs the scenario (需求方)."),
        FieldSpec("supplier_orgs", .list(.text, sorted: true), "Organisations supplying it."),
        FieldSpec("summary", .multilineText, "What the scenario does."),
        FieldSpec("data_class", .choice(DataClass.allCases.map(\.rawValue)), "general, important or core (数据分类分级)."),
        FieldSpec("tags", .list(.text, sorted: true), "Free keywords."),
        FieldSpec("models", .list(.object(modelLink), sorted: true), "Models that serve it."),
        FieldSpec("compute", .list(.object(computeNeed), sorted: false), "Compute needs."),
        FieldSpec("since", .quarter, "First quarter it may be listed (YYYY-Qn)."),
        FieldSpec("links", .list(.text, sorted: false), "Web links."),
        FieldSpec("contact", .text, internal: true, "Internal contact; never published."),
        FieldSpec("updated", .date, "Date of the last change (kept by scencat)."),
    ])

    public static let model = ObjectSpec("Model", "A filed generative AI model (备案大模型) or a registered application.", [
        FieldSpec("kind", .kind("Model"), required: true, "Always Model."),
        FieldSpec("id", .id, required: true, "Equals the file name without .yaml."),
        FieldSpec("name", .text, required: true, "Model name (模型名称)."),
        FieldSpec("provider", .text, required: true, "Filing organisation (备案单位)."),
        FieldSpec("filing_kind", .choice(FilingKind.allCases.map(\.rawValue)), required: true, "filed (备案) or registered (登记)."),
        FieldSpec("filing_no", .text, required: true, "Filing or launch number (备案编号/上线编号)."),
        FieldSpec("filed_on", .date, "Filing date."),
        FieldSpec("jurisdiction", .reference(.city), "City id or province where it was filed."),
        FieldSpec("functions", .list(.choice(ModelFunction.allCases.map(\.rawValue)), sorted: true), "chat, text, image, audio, video, code."),
        FieldSpec("domain", .generalOrSectors, "general, or a list of sector ids (限定领域)."),
        FieldSpec("params_b", .number(minimum: 0, exclusive: true), "Parameters, in billions."),
        FieldSpec("open_source", .bool, "Whether the weights are open."),
        FieldSpec("license", .text, "Licence name."),
        FieldSpec("base_model", .reference(.model), "The model it derives from (lineage; no cycles)."),
        FieldSpec("government", .bool, "A government model (政务大模型)."),
        FieldSpec("status", .choice(ModelStatus.allCases.map(\.rawValue)), required: true, "active, suspended or withdrawn."),
        FieldSpec("withdrawn_reason", .text, "Why it was withdrawn (asked by withdraw)."),
    ])

    public static let center = ObjectSpec("Center", "A compute center (算力中心).", [
        FieldSpec("kind", .kind("Center"), required: true, "Always Center."),
        FieldSpec("id", .id, required: true, "Equals the file name without .yaml."),
        FieldSpec("name", .text, required: true, "Name."),
        FieldSpec("city", .reference(.city), required: true, "City id."),
        FieldSpec("operator", .text, "Operating organisation."),
        FieldSpec("tier", .choice(CenterTier.allCases.map(\.rawValue)), required: true, "national-hub, provincial or city."),
        FieldSpec("status", .choice(CenterStatus.allCases.map(\.rawValue)), required: true, "operating, building or planned."),
        FieldSpec("capacity_pflops_fp16", .number(minimum: 0, exclusive: false), required: true, "Capacity in PFLOPS, FP16 dense."),
        FieldSpec("accelerators", .list(.reference(.accelerator), sorted: true), "Accelerator ids installed."),
        FieldSpec("since", .quarter, "First quarter in service (YYYY-Qn)."),
    ])

    public static let sector = ObjectSpec("Sector", "A sector of the economy.", [
        FieldSpec("id", .id, required: true, "Sector id."),
        FieldSpec("zh", .text, required: true, "Chinese name."),
        FieldSpec("en", .text, required: true, "English name."),
    ])

    public static let city = ObjectSpec("City", "A prefecture-level city, or the province itself.", [
        FieldSpec("id", .id, required: true, "City id."),
        FieldSpec("zh", .text, required: true, "Chinese name."),
        FieldSpec("en", .text, required: true, "English name."),
    ])

    public static let accelerator = ObjectSpec("Accelerator", "An AI accelerator card.", [
        FieldSpec("id", .id, required: true, "Accelerator id."),
        FieldSpec("name", .text, required: true, "Product name."),
        FieldSpec("vendor", .text, required: true, "Vendor."),
        FieldSpec("domestic", .bool, required: true, "Made in China (国产)."),
        FieldSpec("fp16_tflops", .number(minimum: 0, exclusive: true), required: true, "FP16 dense TFLOPS per card."),
    ])

    public static let catalog = ObjectSpec("Catalog", "The catalogue's own description (catalog.yaml).", [
        FieldSpec("kind", .kind("Catalog"), required: true, "Always Catalog."),
        FieldSpec("name", .text, required: true, "Catalogue name."),
        FieldSpec("name_en", .text, "Name in English."),
        FieldSpec("owner", .text, required: true, "Owning office."),
        FieldSpec("format", .integer, required: true, "Format version: 1."),
        FieldSpec("description", .multilineText, "What the catalogue holds."),
        FieldSpec("capacity_warning_percent", .number(minimum: 0, exclusive: true),
                  "Percent of a center's capacity at which its bookings are reported (default 90)."),
        FieldSpec("review_months", .integer, "Months after which a scenario not updated counts as stale (default 12)."),
        FieldSpec("ui_language", .choice(InterfaceLanguage.allCases.map(\.rawValue)),
                  "Language of the screens and messages when neither --lang nor SCENCAT_LANG says: zh, en or both (docs/0020)."),
    ])

    /// A taxonomy file: `kind:` and a list of `items`.
    public static func taxonomy(_ kind: String, item: ObjectSpec) -> ObjectSpec {
        ObjectSpec(kind, "Taxonomy file listing \(item.name) entries.", [
            FieldSpec("kind", .kind(kind), required: true, "Always \(kind)."),
            FieldSpec("items", .list(.object(item), sorted: false), required: true, "The entries."),
        ])
    }

    public static let sectors = taxonomy("Sectors", item: sector)
    public static let cities = taxonomy("Cities", item: city)
    public static let accelerators = taxonomy("Accelerators", item: accelerator)

    /// The entity spec for a `kind:` value.
    public static func entitySpec(_ kind: EntityKind) -> ObjectSpec {
        switch kind {
        case .scenario: return scenario
        case .model: return model
        case .center: return center
        }
    }
}
