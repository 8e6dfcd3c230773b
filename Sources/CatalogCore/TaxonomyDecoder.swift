/// Reads `catalog.yaml` and the taxonomy files.
public enum TaxonomyDecoder {
    public static func catalogInfo(_ root: Node, file: String) -> (CatalogInfo?, [Diagnostic]) {
        var r = ObjectReader(root, spec: Schema.catalog, file: file)
        if r.isBroken { return (nil, r.diagnostics) }
        checkKind(&r, "Catalog")
        let name = r.text("name")
        let nameEn = r.text("name_en")
        let owner = r.text("owner")
        let format = r.integer("format")
        if let format, format != 1, let n = r.node("format") {
            r.report(n.position, "unsupported catalogue format \(format); this scencat reads format 1", code: "Format", arguments: ["\(format)"])
        }
        let description = r.text("description", multiline: true)
        let warning = r.number("capacity_warning_percent", minimum: 0, exclusive: true)
        let review = r.integer("review_months")
        if let review, review < 1, let n = r.node("review_months") {
            r.report(n.position, "review_months must be at least 1, not \(review)", code: "ReviewMonths", arguments: ["\(review)"])
        }
        let language = r.choice("ui_language", InterfaceLanguage.self)
        guard !r.diagnostics.hasErrors, let name, let owner, let format else { return (nil, r.diagnostics) }
        return (CatalogInfo(name: name, nameEn: nameEn, owner: owner, format: format, description: description,
                            capacityWarningPercent: warning, reviewMonths: review, uiLanguage: language), r.diagnostics)
    }

    public static func sectors(_ root: Node, file: String) -> ([Sector], [Diagnostic]) {
        items(root, file: file, spec: Schema.sectors, item: Schema.sector) { r in
            guard let id = r.id(), let zh = r.text("zh"), let en = r.text("en") else { return nil }
            return Sector(id: id, zh: zh, en: en)
        }
    }

    public static func cities(_ root: Node, file: String) -> ([City], [Diagnostic]) {
        items(root, file: file, spec: Schema.cities, item: Schema.city) { r in
            guard let id = r.id(), let zh = r.text("zh"), let en = r.text("en") else { return nil }
            return City(id: id, zh: zh, en: en)
        }
    }

    public static func accelerators(_ root: Node, file: String) -> ([Accelerator], [Diagnostic]) {
        items(root, file: file, spec: Schema.accelerators, item: Schema.accelerator) { r in
            let id = r.id(), name = r.text("name"), vendor = r.text("vendor"), domestic = r.bool("domestic")
            let tf = r.number("fp16_tflops", minimum: 0, exclusive: true)
            guard let id, let name, let vendor, let domestic, let tf else { return nil }
            return Accelerator(id: id, name: name, vendor: vendor, domestic: domestic, fp16Tflops: tf)
        }
    }

    private static func checkKind(_ r: inout ObjectReader, _ kind: String) {
        if let n = r.node("kind"), n.value.scalarText != kind {
            r.report(n.position, "'kind' must be \(kind) in this file, found '\(n.value.scalarText ?? n.value.kindName)'",
                     code: "KindInFile", arguments: [kind, n.value.scalarText ?? n.value.kindName])
        }
    }

    private static func items<T>(_ root: Node, file: String, spec: ObjectSpec, item: ObjectSpec,
                                 _ make: (inout ObjectReader) -> T?) -> ([T], [Diagnostic]) {
        var r = ObjectReader(root, spec: spec, file: file)
        if r.isBroken { return ([], r.diagnostics) }
        checkKind(&r, spec.name)
        var out: [T] = []
        var seen: [String: SourcePosition] = [:]
        for (i, node) in r.list("items").enumerated() {
            var ir = ObjectReader(node, spec: item, file: file, what: "items[\(i)]")
            if let idNode = ir.node("id"), let id = idNode.value.scalarText {
                if let first = seen[id] {
                    ir.report(idNode.position, "duplicate id '\(id)' (first at line \(first.line))", code: "DuplicateIdLine", arguments: [id, String(first.line)])
                } else {
                    seen[id] = idNode.position
                }
            }
            let value = ir.isBroken ? nil : make(&ir)
            r.absorb(ir)
            if let value, !ir.diagnostics.hasErrors { out.append(value) }
        }
        return (out, r.diagnostics)
    }
}
