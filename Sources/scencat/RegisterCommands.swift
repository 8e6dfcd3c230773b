import ArgumentParser
import Wording
import CatalogCore
import CatalogFiles
import CatalogSheets
import Foundation
import Publishing

/// `scencat register …`: the official lists of filed and registered services, kept as snapshots
/// under the catalogue's registers/ (docs/0018).
struct RegisterCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "register",
        abstract: Text.cliHelpRegisterAbstract.text,
        discussion: Text.cliHelpRegisterDiscussion.text,
        subcommands: [RegisterImportCommand.self, RegisterCheckCommand.self, RegisterDiffCommand.self, RegisterUnmatchedCommand.self]) }
}

struct RegisterImportCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "import",
        abstract: Text.cliHelpRegisterImportAbstract.text,
        discussion: Text.cliHelpRegisterImportDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: usage(.cliHelpRegisterFile, "FILE")) var file: String
    @Option(help: usage(.cliHelpRegisterSource, "NAME")) var source: String
    @Option(name: .customLong("as-of"), help: usage(.cliHelpRegisterAsOf, "YYYY-MM-DD")) var asOf: String
    @Option(help: usage(.cliHelpRegisterSheet)) var sheet: String?

    func validate() throws {
        if !RegisterSnapshot.isValidSource(source) {
            throw ValidationError(Text.cliRegisterSourceRule(source))
        }
        if !CalendarDate.isValid(asOf) { throw ValidationError(Text.cliAsOfFormat(asOf)) }
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
        for s in read.sheets { Terminal.err(Text.cliRegisterSheetRead(file, s.name, s.header, s.rows)) }
        if !read.skipped.isEmpty { Terminal.err(Text.cliRegisterNoHeader(file, read.skipped.map { "'\($0)'" }.joined(separator: ", "))) }
        if !read.problems.isEmpty {
            printDiagnostics(read.problems, root: "", limit: 200)
            throw CommandFailure(.invalid, Text.cliRegisterProblems(read.problems.count, read.problems.count == 1 ? "" : "s", file))
        }
        let outcome: RegisterFiles.WriteOutcome
        do { outcome = try RegisterFiles.write(snapshot, root: layout.root) } catch let c as RegisterFiles.Conflict {
            throw CommandFailure(.conflict, "scencat: \(layout.path(c.path)): \(ErrorWording.shown(c))")
        }
        switch outcome {
        case .written(let path):
            Terminal.out(Text.cliRegisterImported(snapshot.rows.count, layout.path(path)))
        case .unchanged(let path):
            Terminal.out(Text.cliRegisterUnchanged(layout.path(path)))
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
        if problems.hasErrors { throw CommandFailure(.invalid, Text.cliRegisterSnapshotBad.text) }
        if review.book.isEmpty { throw CommandFailure(.invalid, Text.cliScencatProblem(Text.cliRegisterUncheckedNote.text)) }
    }
}

struct RegisterCheckCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "check",
        abstract: Text.cliHelpRegisterCheckAbstract.text) }

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions
    @Option(help: usage(.cliHelpRegisterCheckStatus, "listed|mismatch|not-found|removed")) var status: String?

    func run() throws {
        let context = try RegisterContext(catalog)
        let wanted = try status.map { s -> RegisterStatus.Kind in
            guard let k = RegisterStatus.Kind(rawValue: s) else {
                throw ValidationError(Text.cliRegisterStatusOneOf(RegisterStatus.Kind.allCases.map(\.rawValue).joined(separator: ", "), s))
            }
            return k
        }
        var table = OutputTable(columns: [.init(key: "id", header: "ID"), .init(key: "filing_no", header: Text.cliHeadFilingNo.text),
                                          .init(key: "status", header: Text.cliHeadStatus.text), .init(key: "snapshot", header: Text.cliHeadCheckedAgainst.text),
                                          .init(key: "detail", header: Text.cliHeadDetail.text, maxWidth: 60)])
        for (id, f) in context.review.findings.sorted(by: { $0.key < $1.key }) where wanted == nil || f.status.kind == wanted {
            let detail: String
            // The table names a differing field in words (名称); CSV, JSON and YAML keep its key.
            var shownDetail: String?
            switch f.status {
            case .mismatch(let m):
                detail = m.map { "\($0.field): \($0.ours) ≠ \($0.theirs)" }.joined(separator: "; ")
                shownDetail = m.map { "\($0.shownLabel): \($0.ours) ≠ \($0.theirs)" }.joined(separator: "; ")
            case .removed: detail = f.lastSeen.map { Text.cliRegisterLastIn($0) } ?? ""
            default: detail = f.suggestion.map { Text.cliRegisterSuggestion($0.filingNo) } ?? ""
            }
            let no = context.review.filingNos[id] ?? ""
            table.add([(id, .string(id)), (no, .string(no)), (registerStatusName(f.status.kind), .string(f.status.kind.rawValue)),
                       (f.snapshot?.description ?? "", .str(f.snapshot?.description)), (shownDetail ?? detail, .string(detail))])
        }
        Terminal.write(table.render(output.resolved))
    }
}

struct RegisterDiffCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "diff",
        abstract: Text.cliHelpRegisterDiffAbstract.text,
        discussion: Text.cliHelpRegisterDiffDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions
    @Option(help: usage(.cliHelpRegisterDiffSource)) var source: String?
    @Option(help: usage(.cliHelpRegisterDiffFrom, "YYYY-MM-DD")) var from: String?
    @Option(help: usage(.cliHelpRegisterDiffTo, "YYYY-MM-DD")) var to: String?

    func run() throws {
        let context = try RegisterContext(catalog)
        let sources = Set(context.review.book.snapshots.map(\.ref.source)).sorted().filter { source == nil || $0 == source }
        if let source, sources.isEmpty { throw CommandFailure(.invalid, Text.cliRegisterNoSnapshot(source)) }
        var table = OutputTable(columns: [.init(key: "change", header: Text.cliHeadChange.text), .init(key: "source", header: Text.cliHeadSource.text),
                                          .init(key: "filing_no", header: Text.cliHeadFilingNo.text), .init(key: "name", header: Text.cliHeadName.text),
                                          .init(key: "organisation", header: Text.cliHeadOrganisation.text, maxWidth: 60)])
        for s in sources {
            let all = context.review.book.snapshots.filter { $0.ref.source == s }
            let later = to.flatMap { d in all.first { $0.ref.asOf == d } } ?? all.last!
            let earlier = from.flatMap { d in all.first { $0.ref.asOf == d } } ?? all.last { $0.ref.asOf < later.ref.asOf }
            if (from != nil && earlier == nil) || (to != nil && later.ref.asOf != to) {
                throw CommandFailure(.invalid, Text.cliRegisterSnapshotsOnly(s, all.map(\.ref.asOf).joined(separator: ", ")))
            }
            guard let earlier else {
                Terminal.err(Text.cliRegisterOneSnapshot(s, later.ref.asOf))
                continue
            }
            let change = RegisterChange.between(earlier, later)
            Terminal.err(Text.cliRegisterChange(s, earlier.ref.asOf, later.ref.asOf, change.added.count, change.dropped.count, change.changed.count))
            func add(_ kind: String, _ r: RegisterRow) {
                table.add([(output.resolved == .table ? changeName(kind) : kind, .string(kind)), (s, .string(s)), (r.filingNo, .string(r.filingNo)), (r.name, .string(r.name)),
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
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "unmatched",
        abstract: Text.cliHelpRegisterUnmatchedAbstract.text) }

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        let context = try RegisterContext(catalog)
        let (_, taxonomy, _) = CatalogReader(root: context.layout.root).readTaxonomy()
        let jurisdiction = RegisterJurisdiction(taxonomy)
        var table = OutputTable(columns: [.init(key: "filing_no", header: Text.cliHeadFilingNo.text), .init(key: "name", header: Text.cliHeadName.text),
                                          .init(key: "organisation", header: Text.cliHeadOrganisation.text, maxWidth: 50),
                                          .init(key: "place", header: Text.cliHeadPlace.text), .init(key: "date", header: Text.cliHeadDate.text),
                                          .init(key: "snapshot", header: Text.cliHeadSnapshot.text)])
        for (ref, r) in context.review.book.unmatched(filingNos: context.review.filingNos.values, belongs: jurisdiction.contains) {
            table.add([(r.filingNo, .string(r.filingNo)), (r.name, .string(r.name)), (r.organisation, .string(r.organisation)),
                       (r.place ?? "", .str(r.place)), (r.date ?? "", .str(r.date)), (ref.description, .string(ref.description))])
        }
        Terminal.write(table.render(output.resolved))
    }
}

/// A register status as the table shows it: `在册 listed` in both (as always), its Chinese name in zh, its English one in en.
func registerStatusName(_ kind: RegisterStatus.Kind) -> String {
    switch Wording.language {
    case .both: return kind.label
    case .zh, .en:
        let names: [RegisterStatus.Kind: Text] = [.listed: .registerListed, .mismatch: .registerMismatch, .notFound: .registerNotFound, .removed: .registerRemoved]
        return names[kind]?.text ?? kind.rawValue
    }
}

extension NewCommand {
    /// `new model --from-register FILING_NO`: the register row's fields as key=value, before the user's own.
    func registerFields(_ kind: EntityKind) throws -> [String] {
        guard let fromRegister else { return [] }
        guard kind == .model else { throw CommandFailure(.usage, Text.cliRegisterFromRegisterModel.text) }
        let context = try RegisterContext(catalog)
        guard let (ref, row) = context.review.book.row(fromRegister) else {
            throw CommandFailure(.invalid, Text.cliRegisterNotInSnapshot(fromRegister, context.review.book.latest.map(\.ref.description).joined(separator: ", ")))
        }
        if context.review.filingNos.values.contains(where: { RegisterText.filingNo($0) == RegisterText.filingNo(row.filingNo) }) {
            throw CommandFailure(.conflict, Text.cliRegisterAlreadyCarried(row.filingNo))
        }
        Terminal.err(Text.cliRegisterFrom(ref, row.name, row.organisation))
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
