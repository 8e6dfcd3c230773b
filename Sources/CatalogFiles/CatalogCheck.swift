import CatalogCore

/// The outcome of checking a whole catalogue.
public struct CheckReport: Sendable {
    public var info: CatalogInfo?
    public var taxonomy: Taxonomy
    public var diagnostics: [Diagnostic]
    public var counts: [EntityKind: Int]
    public var fileCount: Int
    /// The models checked against the filing registers (docs/0018); its diagnostics are in `diagnostics` too.
    public var register: RegisterReview? = nil
}

/// `scencat validate`: every per-file rule on every file, then the rules that span files.
public enum CatalogCheck {
    public static func run(root: String, progress: ((Int, Int) -> Void)? = nil) -> CheckReport {
        let reader = CatalogReader(root: root)
        var (info, taxonomy, diags) = reader.readTaxonomy()
        var (files, scanDiags) = reader.layout.scanEntityFiles()
        files.sort { $0.path < $1.path }
        diags += scanDiags
        var summaries: [EntitySummary] = []
        summaries.reserveCapacity(files.count)
        var counts: [EntityKind: Int] = [:]
        let accelerators = taxonomy.acceleratorTflops
        var bookings: [Oversubscription.Booking] = [], supplies: [Oversubscription.Supply] = []
        var filingChecked: [DecodedEntity] = []
        ParallelReader(reader: reader).read(files, progress: progress) { chunk in
            for d in chunk {
                diags += d.diagnostics
                if let s = EntitySummary(d) { summaries.append(s) }
                if let e = d.entity { counts[e.kind, default: 0] += 1 }
                switch d.entity {
                case .scenario(let s): bookings += Oversubscription.bookings(of: s, file: d.file, references: d.references, accelerators: accelerators)
                case .center(let c): supplies.append(Oversubscription.Supply(c))
                default: break
                }
                if case .model = d.entity { filingChecked.append(d) }
                if case .scenario(let s) = d.entity, s.status == .approved { filingChecked.append(d) }
            }
        }
        diags += CrossCheck.check(summaries, taxonomy: taxonomy)
        let warningPercent = info?.warningPercent ?? Oversubscription.defaultWarningPercent
        supplies.sort { $0.center < $1.center }
        diags += Oversubscription.diagnostics(Oversubscription.loads(bookings, supplies), warningPercent: warningPercent)
        if info == nil && !diags.contains(where: { $0.file == CatalogLayout.catalogFile }) {
            diags.append(.error(CatalogLayout.catalogFile, .start, "missing catalogue description", code: "MissingCatalog"))
        }
        _ = info
        let register = RegisterReview(root: root, decoded: filingChecked)
        diags += register.diagnostics
        return CheckReport(info: info, taxonomy: taxonomy, diagnostics: diags.sortedForDisplay(), counts: counts, fileCount: files.count,
                           register: register)
    }
}
