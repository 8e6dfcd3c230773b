/// A reference from one entity to another or to a taxonomy entry, with where it was written.
public struct Reference: Sendable, Hashable {
    public var kind: ReferenceKind
    public var target: String
    public var position: SourcePosition
    /// The key path that holds it, e.g. `models[2].model`, for messages.
    public var field: String

    public init(_ kind: ReferenceKind, _ target: String, at position: SourcePosition, field: String) {
        self.kind = kind
        self.target = target
        self.position = position
        self.field = field
    }
}

/// What one entity file yields: the entity when it is well-formed, its id and references (even when
/// it is not, so cross-file checks still see them) and the problems found.
public struct DecodedEntity: Sendable {
    public var file: String
    public var kind: EntityKind?
    public var id: String?
    public var idPosition: SourcePosition
    public var entity: Entity?
    public var references: [Reference]
    public var diagnostics: [Diagnostic]

    public init(file: String, kind: EntityKind? = nil, id: String? = nil, idPosition: SourcePosition = .start,
                entity: Entity? = nil, references: [Reference] = [], diagnostics: [Diagnostic] = []) {
        self.file = file
        self.kind = kind
        self.id = id
        self.idPosition = idPosition
        self.entity = entity
        self.references = references
        self.diagnostics = diagnostics
    }
}

/// Turns a parsed file (`Node`) into a typed entity, checking every per-file rule of the format.
public enum EntityDecoder {
    /// Decodes an entity file found at `file` (relative to the catalogue), e.g. `scenarios/x.yaml`.
    public static func decode(_ root: Node, file: String) -> DecodedEntity {
        var result = DecodedEntity(file: file, kind: nil, id: nil, idPosition: root.position, entity: nil, references: [], diagnostics: [])
        guard case .map(let fields) = root.value else {
            result.diagnostics.append(.error(file, root.position, "expected a mapping starting with 'kind:' and 'id:', found \(root.value.kindName)",
                                             code: "EntityMapping", arguments: [root.value.kindName]))
            return result
        }
        let (directory, fileName) = EntityDecoder.lastComponents(file)
        let expected = EntityKind(directory: directory)
        guard let kindField = fields.first(where: { $0.key == "kind" }) else {
            let hint = expected.map { " (files in \(directory)/ have 'kind: \($0.rawValue)')" } ?? ""
            result.diagnostics.append(.error(file, root.position, "missing required key 'kind'\(hint)",
                                             code: expected == nil ? "MissingKind" : "MissingKindHint", arguments: [directory, expected?.rawValue ?? ""]))
            return result
        }
        let kindText = kindField.value.value.scalarText ?? ""
        guard let kind = EntityKind(rawValue: kindText) else {
            let options = EntityKind.allCases.map(\.rawValue)
            let found = kindField.value.value.scalarText.map { "'\($0)'" } ?? kindField.value.value.kindName
            result.diagnostics.append(.error(file, kindField.value.position,
                "'kind' must be one of \(options.joined(separator: ", ")), found \(found)\(Suggest.hint(kindText, options))",
                code: Suggest.closest(to: kindText, in: options) == nil ? "KindOneOf" : "KindOneOfHint",
                arguments: [options.joined(separator: ", "), found, Suggest.closest(to: kindText, in: options) ?? ""]))
            return result
        }
        result.kind = kind
        if let expected, expected != kind {
            result.diagnostics.append(.error(file, kindField.value.position,
                "a \(kind.rawValue) file must live in \(kind.directory)/, not \(directory)/",
                code: "KindFolder", arguments: [kind.rawValue, kind.directory, directory]))
        }
        var r = ObjectReader(root, spec: Schema.entitySpec(kind), file: file)
        if fields.first?.key != "kind" {
            r.warn(fields.first?.keyPosition ?? root.position, "an entity file starts with 'kind:' then 'id:' (scencat fmt fixes the order)", code: "KindFirst")
        }
        let id = r.id()
        if let idNode = r.node("id") { result.idPosition = idNode.position }
        if let id {
            result.id = id
            var stem = fileName
            if stem.hasSuffix(".yaml") { stem.removeLast(5) }
            if stem != id {
                r.report(result.idPosition, "id '\(id)' does not match the file name '\(stem).yaml'", code: "IdFileName", arguments: [id, stem + ".yaml"])
            }
        }
        var refs: [Reference] = []
        func ref(_ kind: ReferenceKind, _ key: String, _ reader: inout ObjectReader, path: @autoclosure () -> String? = nil) -> String? {
            guard let n = reader.node(key), let s = reader.text(of: n, key: key) else { return nil }
            refs.append(Reference(kind, s, at: n.position, field: path() ?? key))
            return s
        }
        switch kind {
        case .scenario:
            let title = r.text("title")
            let titleEn = r.text("title_en")
            let sector = ref(.sector, "sector", &r)
            let city = ref(.city, "city", &r)
            let stage = r.choice("stage", Stage.self)
            let status = r.choice("status", ScenarioStatus.self)
            let withdrawnReason = r.text("withdrawn_reason")
            let demandOrg = r.text("demand_org")
            let suppliers = r.textList("supplier_orgs")
            let summary = r.text("summary", multiline: true)
            let dataClass = r.choice("data_class", DataClass.self)
            let tags = r.textList("tags")
            var links: [ModelLink] = []
            var seenModels: [String: SourcePosition] = [:]
            for (i, item) in r.list("models").enumerated() {
                var lr = ObjectReader(item, spec: Schema.modelLink, file: file, what: "models[\(i)]")
                let m = ref(.model, "model", &lr, path: "models[\(i)].model")
                let role = lr.choice("role", ModelRole.self)
                if let m, let n = lr.node("model") {
                    if seenModels[m] != nil { lr.report(n.position, "model '\(m)' is listed twice in 'models'", code: "ModelTwice", arguments: [m]) }
                    seenModels[m] = n.position
                }
                r.absorb(lr)
                if let m, let role { links.append(ModelLink(model: m, role: role)) }
            }
            var needs: [ComputeNeed] = []
            for (i, item) in r.list("compute").enumerated() {
                var cr = ObjectReader(item, spec: Schema.computeNeed, file: file, what: "compute[\(i)]")
                let workload = cr.choice("workload", Workload.self)
                let amount = cr.number("amount", minimum: 0, exclusive: true)
                let unit = cr.choice("unit", ComputeUnit.self)
                let acc = ref(.accelerator, "accelerator", &cr, path: "compute[\(i)].accelerator")
                let precision = cr.choice("precision", Precision.self)
                let center = ref(.center, "center", &cr, path: "compute[\(i)].center")
                let from = cr.quarter("from")
                let until = cr.quarter("until")
                // `accelerator:` left empty counts as missing; a value of the wrong type was reported already.
                if unit == .cards, acc == nil, cr.node("accelerator") == nil, let unitNode = cr.node("unit") {
                    cr.report(unitNode.position, "compute[\(i)]: 'accelerator' is required when unit is cards", code: "AcceleratorRequired", arguments: [String(i)])
                }
                if let from, let until, until < from, let n = cr.node("until") {
                    cr.report(n.position, "compute[\(i)]: 'until' \(until) is before 'from' \(from)", code: "UntilBeforeFrom", arguments: [String(i), "\(until)", "\(from)"])
                }
                r.absorb(cr)
                if let workload, let amount, let unit, let from, cr.diagnostics.isEmpty {
                    needs.append(ComputeNeed(workload: workload, amount: amount, unit: unit, accelerator: acc,
                                             precision: precision, center: center, from: from, until: until))
                }
            }
            let since = r.quarter("since")
            let webLinks = r.textList("links")
            let contact = r.text("contact")
            let updated = r.date("updated")
            if status == .approved, since == nil, r.node("since") == nil {
                r.warn(r.position, "approved scenario has no 'since': it will not appear in any published list", code: "NoSince")
            }
            if !r.diagnostics.hasErrors, let id, let title, let sector, let city, let stage, let status {
                result.entity = .scenario(Scenario(
                    id: id, title: title, titleEn: titleEn, sector: sector, city: city, stage: stage, status: status,
                    demandOrg: demandOrg, supplierOrgs: suppliers, summary: summary, dataClass: dataClass, tags: tags,
                    models: links, compute: needs, since: since, links: webLinks, contact: contact, updated: updated,
                    withdrawnReason: withdrawnReason))
            }
        case .model:
            let name = r.text("name")
            let provider = r.text("provider")
            let filingKind = r.choice("filing_kind", FilingKind.self)
            let filingNo = r.text("filing_no")
            let filedOn = r.date("filed_on")
            let jurisdiction = ref(.city, "jurisdiction", &r)
            var functions: [ModelFunction] = []
            for item in r.list("functions") {
                if let f = r.choice(of: item, key: "functions", ModelFunction.self) {
                    if functions.contains(f) { r.report(item.position, "duplicate '\(f.rawValue)' in 'functions'", code: "DuplicateItem", arguments: [f.rawValue, "functions"]) } else { functions.append(f) }
                }
            }
            var domain: [String]?
            if let n = r.node("domain") {
                switch n.value {
                case .string("general"): domain = []
                case .list(let items):
                    var ids: [String] = []
                    for (i, item) in items.enumerated() {
                        guard let s = r.text(of: item, key: "domain") else { continue }
                        if ids.contains(s) { r.report(item.position, "duplicate '\(s)' in 'domain'", code: "DuplicateItem", arguments: [s, "domain"]); continue }
                        refs.append(Reference(.sector, s, at: item.position, field: "domain[\(i)]"))
                        ids.append(s)
                    }
                    if items.isEmpty { r.report(n.position, "'domain' must be 'general' or a non-empty list of sector ids", code: "DomainEmpty") }
                    domain = ids
                default:
                    let found = n.value.scalarText.map { "'\($0)'" } ?? n.value.kindName
                    r.report(n.position, "'domain' must be 'general' or a list of sector ids, found \(found)", code: "Domain", arguments: [found])
                }
            }
            let params = r.number("params_b", minimum: 0, exclusive: true)
            let openSource = r.bool("open_source")
            let license = r.text("license")
            let base = ref(.model, "base_model", &r)
            if let base, base == id, let n = r.node("base_model") {
                r.report(n.position, "model '\(base)' cannot be its own base model", code: "OwnBase", arguments: [base])
            }
            let government = r.bool("government")
            let status = r.choice("status", ModelStatus.self)
            let withdrawnReason = r.text("withdrawn_reason")
            if !r.diagnostics.hasErrors, let id, let name, let provider, let filingKind, let filingNo, let status {
                result.entity = .model(Model(
                    id: id, name: name, provider: provider, filingKind: filingKind, filingNo: filingNo, filedOn: filedOn,
                    jurisdiction: jurisdiction, functions: functions, domain: domain, paramsB: params, openSource: openSource,
                    license: license, baseModel: base, government: government, status: status,
                    withdrawnReason: withdrawnReason))
            }
        case .center:
            let name = r.text("name")
            let city = ref(.city, "city", &r)
            let op = r.text("operator")
            let tier = r.choice("tier", CenterTier.self)
            let status = r.choice("status", CenterStatus.self)
            let capacity = r.number("capacity_pflops_fp16", minimum: 0, exclusive: false)
            var accs: [String] = []
            for (i, item) in r.list("accelerators").enumerated() {
                guard let s = r.text(of: item, key: "accelerators") else { continue }
                if accs.contains(s) { r.report(item.position, "duplicate '\(s)' in 'accelerators'", code: "DuplicateItem", arguments: [s, "accelerators"]); continue }
                refs.append(Reference(.accelerator, s, at: item.position, field: "accelerators[\(i)]"))
                accs.append(s)
            }
            let since = r.quarter("since")
            if !r.diagnostics.hasErrors, let id, let name, let city, let tier, let status, let capacity {
                result.entity = .center(Center(id: id, name: name, city: city, operator: op, tier: tier, status: status,
                                               capacityPflopsFP16: capacity, accelerators: accs, since: since))
            }
        }
        result.references = refs
        result.diagnostics.append(contentsOf: r.diagnostics)
        return result
    }
}

extension EntityDecoder {
    /// The last two components of `path` as `split(separator: "/")` gives them (empty components
    /// left out), "" where there are fewer: an entity file's folder and file name. ASCII paths
    /// (every path scencat names) are split by byte.
    static func lastComponents(_ path: String) -> (directory: String, name: String) {
        let utf8 = path.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            let parts = path.split(separator: "/")
            return (parts.dropLast().last.map(String.init) ?? "", parts.last.map(String.init) ?? "")
        }
        var end = utf8.endIndex
        var found: [Substring] = []
        var i = end
        while i > utf8.startIndex && found.count < 2 {
            let before = utf8.index(before: i)
            if utf8[before] == 0x2F {
                if i < end { found.append(path[i..<end]) }
                end = before
            }
            i = before
        }
        if found.count < 2 && utf8.startIndex < end { found.append(path[utf8.startIndex..<end]) }
        return (found.count > 1 ? String(found[1]) : "", found.first.map(String.init) ?? "")
    }
}

extension ObjectReader {
    /// Takes in the diagnostics of a nested reader.
    mutating func absorb(_ other: ObjectReader) {
        for d in other.diagnostics {
            if d.severity == .error { report(d.position, d.message, code: d.code, arguments: d.arguments) } else { warn(d.position, d.message, code: d.code, arguments: d.arguments) }
        }
    }
}
