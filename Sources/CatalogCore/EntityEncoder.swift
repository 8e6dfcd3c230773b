/// Turns typed values back into the canonical field list: keys in schema order, absent optionals
/// left out, unordered lists sorted. The file layer turns this into YAML text.
public enum EntityEncoder {
    public static func fields(_ entity: Entity, includeInternal: Bool = true) -> [Field] {
        var out: [Field] = []
        func put(_ key: String, _ v: Value?) { if let v { out.append(Field(key, Node(v))) } }
        func text(_ s: String?) -> Value? { s.map { .string($0) } }
        func num(_ d: Double?) -> Value? { d.map { .number($0, raw: NumberText.format($0)) } }
        func bool(_ b: Bool?) -> Value? { b.map { .bool($0, raw: $0 ? "true" : "false") } }
        func quarter(_ q: Quarter?) -> Value? { q.map { .string($0.description) } }
        func list(_ items: [String], sorted: Bool) -> Value? {
            items.isEmpty ? nil : .list((sorted ? items.sorted() : items).map { Node(.string($0)) })
        }
        switch entity {
        case .scenario(let s):
            put("kind", .string("Scenario"))
            put("id", .string(s.id))
            put("title", .string(s.title))
            put("title_en", text(s.titleEn))
            put("sector", .string(s.sector))
            put("city", .string(s.city))
            put("stage", .string(s.stage.rawValue))
            put("status", .string(s.status.rawValue))
            put("withdrawn_reason", text(s.withdrawnReason))
            put("demand_org", text(s.demandOrg))
            put("supplier_orgs", list(s.supplierOrgs, sorted: true))
            put("summary", text(s.summary))
            put("data_class", text(s.dataClass?.rawValue))
            put("tags", list(s.tags, sorted: true))
            if !s.models.isEmpty {
                put("models", .list(s.models.sorted { $0.model < $1.model }.map { l in
                    Node(.map([Field("model", Node(.string(l.model))), Field("role", Node(.string(l.role.rawValue)))]))
                }))
            }
            if !s.compute.isEmpty {
                put("compute", .list(s.compute.map { c in
                    var f: [Field] = [
                        Field("workload", Node(.string(c.workload.rawValue))),
                        Field("amount", Node(num(c.amount)!)),
                        Field("unit", Node(.string(c.unit.rawValue))),
                    ]
                    if let a = c.accelerator { f.append(Field("accelerator", Node(.string(a)))) }
                    if let p = c.precision { f.append(Field("precision", Node(.string(p.rawValue)))) }
                    if let ce = c.center { f.append(Field("center", Node(.string(ce)))) }
                    f.append(Field("from", Node(.string(c.from.description))))
                    if let u = c.until { f.append(Field("until", Node(.string(u.description)))) }
                    return Node(.map(f))
                }))
            }
            put("since", quarter(s.since))
            put("links", list(s.links, sorted: false))
            if includeInternal { put("contact", text(s.contact)) }
            put("updated", s.updated.map { .date($0) })
        case .model(let m):
            put("kind", .string("Model"))
            put("id", .string(m.id))
            put("name", .string(m.name))
            put("provider", .string(m.provider))
            put("filing_kind", .string(m.filingKind.rawValue))
            put("filing_no", .string(m.filingNo))
            put("filed_on", m.filedOn.map { .date($0) })
            put("jurisdiction", text(m.jurisdiction))
            put("functions", list(m.functions.map(\.rawValue), sorted: true))
            if let d = m.domain { put("domain", d.isEmpty ? .string("general") : list(d, sorted: true)) }
            put("params_b", num(m.paramsB))
            put("open_source", bool(m.openSource))
            put("license", text(m.license))
            put("base_model", text(m.baseModel))
            put("government", bool(m.government))
            put("status", .string(m.status.rawValue))
            put("withdrawn_reason", text(m.withdrawnReason))
        case .center(let c):
            put("kind", .string("Center"))
            put("id", .string(c.id))
            put("name", .string(c.name))
            put("city", .string(c.city))
            put("operator", text(c.operator))
            put("tier", .string(c.tier.rawValue))
            put("status", .string(c.status.rawValue))
            put("capacity_pflops_fp16", num(c.capacityPflopsFP16))
            put("accelerators", list(c.accelerators, sorted: true))
            put("since", quarter(c.since))
        }
        return out
    }

    public static func fields(_ info: CatalogInfo) -> [Field] {
        var out: [Field] = [Field("kind", Node(.string("Catalog"))), Field("name", Node(.string(info.name)))]
        if let e = info.nameEn { out.append(Field("name_en", Node(.string(e)))) }
        out.append(Field("owner", Node(.string(info.owner))))
        out.append(Field("format", Node(.number(Double(info.format), raw: String(info.format)))))
        if let d = info.description { out.append(Field("description", Node(.string(d)))) }
        // In the schema's order; `fmt` once dropped these two (a reformat lost the settings).
        if let w = info.capacityWarningPercent { out.append(Field("capacity_warning_percent", Node(.number(w, raw: NumberText.format(w))))) }
        if let r = info.reviewMonths { out.append(Field("review_months", Node(.number(Double(r), raw: String(r))))) }
        if let l = info.uiLanguage { out.append(Field("ui_language", Node(.string(l.rawValue)))) }
        return out
    }

    public static func fields(sectors: [Sector]) -> [Field] {
        taxonomy("Sectors", sectors.map { [("id", $0.id), ("zh", $0.zh), ("en", $0.en)].map { Field($0.0, Node(.string($0.1))) } })
    }

    public static func fields(cities: [City]) -> [Field] {
        taxonomy("Cities", cities.map { [("id", $0.id), ("zh", $0.zh), ("en", $0.en)].map { Field($0.0, Node(.string($0.1))) } })
    }

    public static func fields(accelerators: [Accelerator]) -> [Field] {
        taxonomy("Accelerators", accelerators.map { a in
            [Field("id", Node(.string(a.id))), Field("name", Node(.string(a.name))), Field("vendor", Node(.string(a.vendor))),
             Field("domestic", Node(.bool(a.domestic, raw: a.domestic ? "true" : "false"))),
             Field("fp16_tflops", Node(.number(a.fp16Tflops, raw: NumberText.format(a.fp16Tflops))))]
        })
    }

    private static func taxonomy(_ kind: String, _ items: [[Field]]) -> [Field] {
        [Field("kind", Node(.string(kind))), Field("items", Node(.list(items.map { Node(.map($0)) })))]
    }
}
