import ArgumentParser
import CatalogCore
import CatalogFiles
import CatalogSheets
import Foundation
import Publishing

/// `scencat register …`: the official lists of filed and registered services, kept as snapshots
/// under the catalogue's registers/ (docs/0018).
struct RegisterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Import the official filing registers and check every model's filing against them.",
        discussion: """
        A snapshot is registers/SOURCE/YYYY-MM-DD.yaml: the rows of one list as published on one date, canonical and
        sorted, versioned and synced with the catalogue. Each model is checked against the latest snapshot of each source:
        在册 listed, 信息不符 mismatch (name, organisation or date differ), 未找到 not found, 已移出 removed (in an
        earlier snapshot, gone from the latest). `validate` reports them at each model's filing_no line.
        """,
        subcommands: [RegisterImportCommand.self, RegisterCheckCommand.self, RegisterDiffCommand.self, RegisterUnmatchedCommand.self])
}

struct RegisterImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Store an official list (xlsx or CSV) as the snapshot registers/SOURCE/DATE.yaml.",
        discussion: """
        Finds the header row below title rows (备案编号 / 上线编号, 模型名称 / 服务名称, 备案单位 / 企业名称, 属地,
        备案日期, …; merged cells as they come) on every sheet that has one. Importing the same list again changes
        nothing; another list for the same source and date is refused (exit 3). Rows missing a filing number, name or
        organisation are FILE:ROW:COL: error: lines and nothing is written (exit 1).
        """)

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: ArgumentHelp("The official list (.xlsx or .csv).", valueName: "FILE")) var file: String
    @Option(help: ArgumentHelp("The register's name: national, guangdong, … (a folder under registers/).", valueName: "NAME")) var source: String
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date the list was published as of.", valueName: "YYYY-MM-DD")) var asOf: String
    @Option(help: "One sheet, by name or number (default: every visible sheet with a header row).") var sheet: String?

    func validate() throws {
        if !RegisterSnapshot.isValidSource(source) {
            throw ValidationError("--source '\(source)' must be lower-case letters, digits and - (it names the folder registers/\(source)/)")
        }
        if !CalendarDate.isValid(asOf) { throw ValidationError("--as-of must be a date YYYY-MM-DD, found '\(asOf)'") }
    }

    func run() throws {
        let layout = try catalog.layout()
        let read: RegisterImport.Read
        let snapshot: RegisterSnapshot
        do {
            read = try RegisterImport.read(file, sheet: sheet)
            snapshot = try RegisterImport.snapshot(read, path: file, source: source, asOf: asOf)
        } catch let e as ImportError {
            throw CommandFailure(.invalid, "scencat: \(e.message)")
        }
        for s in read.sheets { Terminal.err("\(file): sheet '\(s.name)', header row \(s.header): \(s.rows) rows") }
        if !read.skipped.isEmpty { Terminal.err("\(file): no header row on sheet \(read.skipped.map { "'\($0)'" }.joined(separator: ", ")); skipped") }
        if !read.problems.isEmpty {
            printDiagnostics(read.problems, root: "", limit: 200)
            throw CommandFailure(.invalid, "scencat: \(read.problems.count) problem\(read.problems.count == 1 ? "" : "s") in \(file); nothing written")
        }
        let outcome: RegisterFiles.WriteOutcome
        do { outcome = try RegisterFiles.write(snapshot, root: layout.root) } catch let c as RegisterFiles.Conflict {
            throw CommandFailure(.conflict, "scencat: \(layout.path(c.path)): \(c)")
        }
        switch outcome {
        case .written(let path):
            Terminal.out("imported \(snapshot.rows.count) rows → \(layout.path(path))")
        case .unchanged(let path):
            Terminal.out("unchanged: \(layout.path(path)) already holds this list (nothing written)")
        }
    }
}

/// The snapshots and models of a catalogue, read once for the commands below.
struct RegisterContext {
    let layout: CatalogLayout
    let review: RegisterReview

    init(_ options: CatalogOptions) throws {
        layout = try options.layout()
        // The models as the index has them (brought up to date first): no model file is read again.
        review = try RegisterUse.review(catalogRoot: layout.root, store: try freshStore(layout))
        let problems = review.diagnostics.filter { $0.file.hasPrefix(RegisterFiles.directory + "/") }
        printDiagnostics(problems, root: layout.root, limit: 20)
        if problems.hasErrors { throw CommandFailure(.invalid, "scencat: a register snapshot does not read; fix it first") }
        if review.book.isEmpty { throw CommandFailure(.invalid, "scencat: \(RegisterReview.uncheckedNote)") }
    }
}

struct RegisterCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Every model's register status: 在册 listed, 信息不符 mismatch, 未找到 not found, 已移出 removed.")

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions
    @Option(help: ArgumentHelp("Only models with this status.", valueName: "listed|mismatch|not-found|removed")) var status: String?

    func run() throws {
        let context = try RegisterContext(catalog)
        let wanted = try status.map { s -> RegisterStatus.Kind in
            guard let k = RegisterStatus.Kind(rawValue: s) else {
                throw ValidationError("--status must be one of \(RegisterStatus.Kind.allCases.map(\.rawValue).joined(separator: ", ")), found '\(s)'")
            }
            return k
        }
        var table = OutputTable(columns: [.init(key: "id", header: "ID"), .init(key: "filing_no", header: "备案号 filing no"),
                                          .init(key: "status", header: "状态 status"), .init(key: "snapshot", header: "核对 checked against"),
                                          .init(key: "detail", header: "说明 detail", maxWidth: 60)])
        for (id, f) in context.review.findings.sorted(by: { $0.key < $1.key }) where wanted == nil || f.status.kind == wanted {
            let detail: String
            switch f.status {
            case .mismatch(let m): detail = m.map { "\($0.field): \($0.ours) ≠ \($0.theirs)" }.joined(separator: "; ")
            case .removed: detail = f.lastSeen.map { "last in \($0)" } ?? ""
            default: detail = f.suggestion.map { "register: \($0.filingNo)" } ?? ""
            }
            let no = context.review.filingNos[id] ?? ""
            table.add([(id, .string(id)), (no, .string(no)), (f.status.kind.label, .string(f.status.kind.rawValue)),
                       (f.snapshot?.description ?? "", .str(f.snapshot?.description)), (detail, .string(detail))])
        }
        Terminal.write(table.render(output.resolved))
    }
}

struct RegisterDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What the latest snapshot of each source added, dropped and changed against the one before.",
        discussion: "With --source, that source only; with --from and --to, those two dates.")

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions
    @Option(help: "Only this source.") var source: String?
    @Option(help: ArgumentHelp("The earlier snapshot's date.", valueName: "YYYY-MM-DD")) var from: String?
    @Option(help: ArgumentHelp("The later snapshot's date.", valueName: "YYYY-MM-DD")) var to: String?

    func run() throws {
        let context = try RegisterContext(catalog)
        let sources = Set(context.review.book.snapshots.map(\.ref.source)).sorted().filter { source == nil || $0 == source }
        if let source, sources.isEmpty { throw CommandFailure(.invalid, "scencat: no snapshot of '\(source)' under registers/") }
        var table = OutputTable(columns: [.init(key: "change", header: "变化 change"), .init(key: "source", header: "来源 source"),
                                          .init(key: "filing_no", header: "备案号 filing no"), .init(key: "name", header: "名称 name"),
                                          .init(key: "organisation", header: "单位 organisation", maxWidth: 60)])
        for s in sources {
            let all = context.review.book.snapshots.filter { $0.ref.source == s }
            let later = to.flatMap { d in all.first { $0.ref.asOf == d } } ?? all.last!
            let earlier = from.flatMap { d in all.first { $0.ref.asOf == d } } ?? all.last { $0.ref.asOf < later.ref.asOf }
            if (from != nil && earlier == nil) || (to != nil && later.ref.asOf != to) {
                throw CommandFailure(.invalid, "scencat: \(s) has snapshots \(all.map(\.ref.asOf).joined(separator: ", ")) only")
            }
            guard let earlier else {
                Terminal.err("\(s): one snapshot only (\(later.ref.asOf)); nothing to compare")
                continue
            }
            let change = RegisterChange.between(earlier, later)
            Terminal.err("\(s) \(earlier.ref.asOf) → \(later.ref.asOf): \(change.added.count) added, \(change.dropped.count) dropped, \(change.changed.count) changed")
            func add(_ kind: String, _ r: RegisterRow) {
                table.add([(kind, .string(kind)), (s, .string(s)), (r.filingNo, .string(r.filingNo)), (r.name, .string(r.name)),
                           (r.organisation, .string(r.organisation))])
            }
            for r in change.added { add("added", r) }
            for r in change.dropped { add("dropped", r) }
            for (old, new) in change.changed {
                var r = new
                if old.name != new.name { r.name = "\(old.name) → \(new.name)" }
                if old.organisation != new.organisation { r.organisation = "\(old.organisation) → \(new.organisation)" }
                add("changed", r)
            }
        }
        Terminal.write(table.render(output.resolved))
    }
}

struct RegisterUnmatchedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unmatched",
        abstract: "Register rows of the catalogue's province that no model carries (scencat new model --from-register adds one).")

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        let context = try RegisterContext(catalog)
        let (_, taxonomy, _) = CatalogReader(root: context.layout.root).readTaxonomy()
        let jurisdiction = RegisterJurisdiction(taxonomy)
        var table = OutputTable(columns: [.init(key: "filing_no", header: "备案号 filing no"), .init(key: "name", header: "名称 name"),
                                          .init(key: "organisation", header: "单位 organisation", maxWidth: 50),
                                          .init(key: "place", header: "属地 place"), .init(key: "date", header: "日期 date"),
                                          .init(key: "snapshot", header: "来源 snapshot")])
        for (ref, r) in context.review.book.unmatched(filingNos: context.review.filingNos.values, belongs: jurisdiction.contains) {
            table.add([(r.filingNo, .string(r.filingNo)), (r.name, .string(r.name)), (r.organisation, .string(r.organisation)),
                       (r.place ?? "", .str(r.place)), (r.date ?? "", .str(r.date)), (ref.description, .string(ref.description))])
        }
        Terminal.write(table.render(output.resolved))
    }
}

extension NewCommand {
    /// `new model --from-register FILING_NO`: the register row's fields as key=value, before the user's own.
    func registerFields(_ kind: EntityKind) throws -> [String] {
        guard let fromRegister else { return [] }
        guard kind == .model else { throw CommandFailure(.usage, "scencat new: --from-register makes a model (scencat new model --from-register FILING_NO)") }
        let context = try RegisterContext(catalog)
        guard let (ref, row) = context.review.book.row(fromRegister) else {
            throw CommandFailure(.invalid, "scencat new: \(fromRegister) is in no register snapshot (\(context.review.book.latest.map(\.ref.description).joined(separator: ", ")))")
        }
        if context.review.filingNos.values.contains(where: { RegisterText.filingNo($0) == RegisterText.filingNo(row.filingNo) }) {
            throw CommandFailure(.conflict, "scencat new: a model already carries \(row.filingNo)")
        }
        Terminal.err("from \(ref): \(row.name), \(row.organisation)")
        let (_, taxonomy, _) = CatalogReader(root: context.layout.root).readTaxonomy()
        var out = ["name=\(row.name)", "provider=\(row.organisation)", "filing_kind=\((row.kind ?? .filed).rawValue)",
                   "filing_no=\(row.filingNo)"]
        if let d = row.date, CalendarDate.isValid(d) { out.append("filed_on=\(d)") }
        // The register has no Latin name to suggest an id from: the filing number is one, and unique.
        let id = String(RegisterText.fold(row.filingNo).map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
            .split(separator: "-").joined(separator: "-")
        if !fields.contains(where: { $0.hasPrefix("id=") }), Identifier.isValid(id) { out.append("id=\(id)") }
        if let place = row.place, let city = RegisterJurisdiction.city(named: place, in: taxonomy) {
            out.append("jurisdiction=\(city.id)")
        }
        return out
    }
}
