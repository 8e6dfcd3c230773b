import CatalogCore
import GRDB

/// One line of a list table: the columns of any kind (those of other kinds are nil).
public struct EntityRow: Sendable, Hashable {
    public var kind: EntityKind
    public var id: String
    /// Scenario title, model or center name.
    public var name: String
    public var nameEn: String?
    public var file: String
    public var status: String
    /// Scenario and center city; model jurisdiction.
    public var city: String?
    public var since: Quarter?

    // Scenario
    public var sector: String?
    public var stage: Stage?
    public var dataClass: DataClass?
    public var demandOrg: String?
    public var modelCount: Int?
    /// Peak PFLOPS (FP16) over the quarters the scenario's compute spans.
    public var peakPflops: Double?
    public var updated: String?

    // Model
    public var provider: String?
    public var filingKind: FilingKind?
    public var filingNo: String?
    public var filedOn: String?
    public var paramsB: Double?
    public var functions: [ModelFunction]
    /// nil for a general model, else the sectors of its limited domain.
    public var domain: [String]?
    public var baseModel: String?
    /// Scenarios that link the model.
    public var usedBy: Int?

    // Center
    public var `operator`: String?
    public var tier: CenterTier?
    public var capacity: Double?
    /// PFLOPS asked of the center in the list's quarter by scenarios that are not withdrawn.
    public var demand: Double?
    /// demand / capacity; nil without capacity.
    public var utilisation: Double?

    /// The columns `init(row:)` reads, for `SELECT`.
    static let selection = """
        e.kind, e.id, e.name, e.name_en, e.file, e.status, e.city, e.since, e.sector, e.stage, e.data_class, e.demand_org,
        e.model_count, e.peak_pflops, e.updated, e.provider, e.filing_kind, e.filing_no, e.filed_on, e.params_b,
        e.functions, e.domain, e.base_model, e.used_by, e.operator, e.tier, e.capacity
        """

    init(row: Row, demand: Double? = nil) {
        kind = EntityKind(rawValue: row["kind"]) ?? .scenario
        id = row["id"]
        name = row["name"]
        nameEn = row["name_en"]
        file = row["file"]
        status = row["status"]
        city = row["city"]
        since = (row["since"] as String?).flatMap(Quarter.init)
        sector = row["sector"]
        stage = (row["stage"] as String?).flatMap(Stage.init(rawValue:))
        dataClass = (row["data_class"] as String?).flatMap(DataClass.init(rawValue:))
        demandOrg = row["demand_org"]
        modelCount = row["model_count"]
        peakPflops = row["peak_pflops"]
        updated = row["updated"]
        provider = row["provider"]
        filingKind = (row["filing_kind"] as String?).flatMap(FilingKind.init(rawValue:))
        filingNo = row["filing_no"]
        filedOn = row["filed_on"]
        paramsB = row["params_b"]
        functions = EntityRow.list(row["functions"]).compactMap(ModelFunction.init(rawValue:))
        domain = (row["domain"] as String?).map(EntityRow.list)
        baseModel = row["base_model"]
        usedBy = row["used_by"]
        `operator` = row["operator"]
        tier = (row["tier"] as String?).flatMap(CenterTier.init(rawValue:))
        capacity = row["capacity"]
        if kind == .center {
            let d = demand ?? 0
            self.demand = d
            utilisation = capacity.flatMap { $0 > 0 ? d / $0 : nil }
        }
    }

    /// The items of a `,a,b,` column.
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map(String.init)
    }
}
