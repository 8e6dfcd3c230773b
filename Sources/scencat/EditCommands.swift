import ArgumentParser
import CatalogCore
import CatalogFiles
import CatalogIndex
import CatalogSync
import Foundation
#if canImport(Glibc)
import Glibc
import Wording
#endif

/// What every editing command shares: the catalogue, a fresh index and the entity store.
struct EditContext {
    let layout: CatalogLayout
    let store: EntityStore

    init(_ options: CatalogOptions) throws {
        layout = try options.layout()
        let index = try freshStore(layout)
        do { store = try EntityStore(root: layout.root, index: index) } catch {
            throw CommandFailure(.environment, Text.cliCannotOpenJournal(layout.stateDirectory, error))
        }
        if let note = store.journalNote { Terminal.err(Text.cliWarning(note)) }
    }

    func open(_ id: String) throws -> EntityDocument {
        do { return try store.open(id) } catch let f as EditFailure {
            throw failure(f)
        }
    }

    func failure(_ f: EditFailure) -> CommandFailure {
        printDiagnostics(f.diagnostics, root: layout.root)
        let code: Exit = f.reason == .environment ? .environment : .invalid
        return CommandFailure(code, "scencat: \(f.message)")
    }

    /// Reports an outcome the way the contract says: a line on stderr for what was written,
    /// standard error lines and exit 1 for invalid input, exit 3 for a conflict.
    func finish(_ outcome: ChangeOutcome, verb: String) throws {
        switch outcome {
        case .saved(let docs, let warnings):
            printDiagnostics(warnings, root: layout.root)
            if docs.isEmpty { Terminal.err("\(verb)") }
            for d in docs { Terminal.err("\(verb) \(layout.path(d.file))") }
        case .unchanged(let doc):
            Terminal.err(Text.cliUnchanged(layout.path(doc.file)))
        case .invalid(let issues):
            printDiagnostics(issues.map(\.diagnostic), root: layout.root)
            throw CommandFailure(.invalid, Text.cliNothingChanged(issues.count, issues.count == 1 ? "" : "s"))
        case .changedOnDisk(let file, _):
            throw CommandFailure(.conflict, Text.cliChangedWhileEditing(layout.path(file)))
        case .referenced(let ids):
            throw CommandFailure(.invalid, Text.cliStillReferenced(ids.count, ids.prefix(10).joined(separator: ", "), ids.count > 10 ? ", …" : ""))
        case .nothingToUndo:
            Terminal.err(Text.cliNothingToUndo.text)
        case .nothingToRedo:
            Terminal.err(Text.cliNothingToRedo.text)
        }
    }
}

/// Parses `key=value` arguments, exiting 2 with the offending one named.
func parseAssignments(_ args: [String]) throws -> [Assignment] {
    try args.map { arg in
        switch Assignment.parse(arg) {
        case .success(let a): return a
        case .failure(let e): throw CommandFailure(.usage, "scencat: \(e.message)")
        }
    }
}

/// Applies assignments to an entity's fields, mapping errors to exit 1.
func applied(_ assignments: [Assignment], to fields: [Field], kind: EntityKind) throws -> [Field] {
    switch EntityEdit.apply(assignments, to: fields, spec: Schema.entitySpec(kind)) {
    case .success(let f): return f
    case .failure(let e): throw CommandFailure(.invalid, Text.cliFailedNothingChanged(e.message))
    }
}

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a scenario, model or center from key=value fields.",
        discussion: """
        The id is suggested from the fields (sector, city and English title for a scenario) unless given
        with id=… . A scenario starts as status=draft, stage=proposed; a model as status=active; a center
        as status=planned. Examples:
          scencat new scenario title=智能质检 sector=manufacturing city=foshan
          scencat new model name=Acme provider=某公司 filing_kind=filed filing_no=GD-1
        A model from a row of an imported filing register (name, provider, filing kind, number, date and
        jurisdiction prefilled; fields given override them): scencat new model --from-register FILING_NO
        Compute rows are added as in `set`: 'compute[+].workload=inference' 'compute[-1].amount=2' ….
        """)

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: "scenario, model or center.") var kind: String
    @Argument(help: "Fields as key=value.") var fields: [String] = []
    @Option(name: .customLong("from-register"), help: ArgumentHelp("Prefill a model from this filing number's register row.", valueName: "FILING_NO"))
    var fromRegister: String?

    func run() throws {
        guard let kind = EntityKind.allCases.first(where: { [$0.rawValue.lowercased(), $0.directory].contains(self.kind.lowercased()) }) else {
            throw CommandFailure(.usage, Text.cliNewUnknownKind(self.kind))
        }
        let context = try EditContext(catalog)
        var assignments = try parseAssignments(registerFields(kind) + fields)
        let given = assignments.firstIndex { $0.key == "id" && $0.row == nil }
        let explicitId = given.map { assignments.remove(at: $0).text }
        var tree: [Field] = [Field("kind", Node(.string(kind.rawValue)))]
        let defaults: [String: String] = switch kind {
        case .scenario: ["stage": "proposed", "status": "draft"]
        case .model: ["status": "active"]
        case .center: ["status": "planned"]
        }
        let spec = Schema.entitySpec(kind)
        for (key, value) in defaults.sorted(by: { $0.key < $1.key }) { EntityEdit.setField(&tree, key, .string(value), order: spec) }
        tree = try applied(assignments, to: tree, kind: kind)
        let id = explicitId ?? IdSuggestion.suggest(kind: kind, fields: tree, isTaken: context.store.isTaken)
        guard let id else { throw CommandFailure(.invalid, Text.cliNewGiveId.text) }
        EntityEdit.setField(&tree, "id", .string(id), order: spec)
        let outcome = try context.store.save(tree, base: nil, summary: "new")
        try context.finish(outcome, verb: "created")
        if case .saved = outcome { Terminal.out(id) }
    }
}

struct SetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change fields of an entity: key=value, list+=item, list-=item, rows[N].field=value.",
        discussion: """
        An empty value removes an optional field; rows are numbered from 0, [-1] is the last row and
        [+] appends one; `compute[1]=` removes row 1. Lists take comma-separated items.
          scencat set guangzhou-hotline-qa 'tags+=热线,问答' 'compute[0].amount=24'
        """)

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: "The entity id.") var id: String
    @Argument(help: "Changes as key=value.") var changes: [String]

    func validate() throws {
        if changes.isEmpty { throw ValidationError(Text.cliGiveKeyValue.text) }
    }

    func run() throws {
        let assignments = try parseAssignments(changes)
        let context = try EditContext(catalog)
        let doc = try context.open(id)
        let tree = try applied(assignments, to: EntityEncoder.fields(doc.entity), kind: doc.entity.kind)
        let summary = "set " + assignments.map(\.path).joined(separator: ", ")
        try context.finish(try context.store.save(tree, base: doc, summary: summary), verb: "saved")
    }
}

struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Link a model to a scenario with a role (or change the role of an existing link).")

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: "The scenario id.") var scenario: String
    @Argument(help: "The model id.") var model: String
    @Option(help: "deployed, candidate or evaluated.") var role: String = "candidate"

    func run() throws {
        guard let role = ModelRole(rawValue: role) else {
            throw CommandFailure(.usage, "scencat link: unknown role '\(self.role)'; expected deployed, candidate or evaluated\(Suggest.hint(self.role, ModelRole.allCases.map(\.rawValue)))")
        }
        let context = try EditContext(catalog)
        let doc = try context.open(scenario)
        guard case .scenario(var s) = doc.entity else {
            throw CommandFailure(.invalid, Text.cliLinkNotScenario(scenario, doc.entity.kind.rawValue.lowercased()))
        }
        if let i = s.models.firstIndex(where: { $0.model == model }) { s.models[i].role = role } else {
            s.models.append(ModelLink(model: model, role: role))
        }
        try context.finish(try context.store.save(.scenario(s), base: doc, summary: "link \(model) (\(role.rawValue))"), verb: "saved")
    }
}

struct UnlinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unlink", abstract: "Remove a model from a scenario.")

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: "The scenario id.") var scenario: String
    @Argument(help: "The model id.") var model: String

    func run() throws {
        let context = try EditContext(catalog)
        let doc = try context.open(scenario)
        guard case .scenario(var s) = doc.entity else {
            throw CommandFailure(.invalid, Text.cliUnlinkNotScenario(scenario, doc.entity.kind.rawValue.lowercased()))
        }
        guard s.models.contains(where: { $0.model == model }) else {
            let linked = s.models.map(\.model)
            throw CommandFailure(.invalid, "scencat unlink: scenario '\(scenario)' does not link model '\(model)'\(linked.isEmpty ? " (it links none)" : " (it links \(linked.joined(separator: ", ")))")")
        }
        s.models.removeAll { $0.model == model }
        try context.finish(try context.store.save(.scenario(s), base: doc, summary: "unlink \(model)"), verb: "saved")
    }
}

struct WithdrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw",
        abstract: "Set a scenario's or model's status to withdrawn (the file stays; it leaves published lists).")

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: "The entity id.") var id: String
    @Option(help: "Why it is withdrawn: recorded in the entity (withdrawn_reason) and the journal.") var reason: String

    func run() throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw CommandFailure(.usage, Text.cliWithdrawReason.text) }
        let context = try EditContext(catalog)
        let doc = try context.open(id)
        guard let changed = doc.entity.withdrawn(reason: reason) else {
            throw CommandFailure(.invalid, Text.cliWithdrawCenter(id))
        }
        try context.finish(try context.store.save(changed, base: doc, summary: "withdraw: \(reason)"), verb: "withdrawn")
    }
}

struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Remove an entity's file. Refused while others refer to it, unless --unlink.",
        discussion: "On a terminal it asks first (--yes skips the question); from a script it does not ask.")

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: "The entity id.") var id: String
    @Flag(help: "Also remove the references to it (scenario links, base_model, compute centers).") var unlink = false
    @Flag(name: .shortAndLong, help: "Do not ask for confirmation.") var yes = false

    func run() throws {
        let context = try EditContext(catalog)
        let doc = try context.open(id)
        let referrers = try context.store.referrers(of: id)
        if !referrers.isEmpty && !unlink {
            try context.finish(.referenced(referrers), verb: "")
        }
        if !yes && isatty(0) == 1 && Terminal.stderrIsTTY {
            var question = "delete \(context.layout.path(doc.file)) (\(doc.entity.displayName))"
            if !referrers.isEmpty { question += " and unlink it from \(referrers.count): \(referrers.prefix(5).joined(separator: ", "))\(referrers.count > 5 ? ", …" : "")" }
            Terminal.writeAll(2, question + "? [y/N] ")
            guard let answer = readLine(), ["y", "yes", "是"].contains(answer.lowercased()) else {
                throw CommandFailure(.invalid, Text.cliNotDeleted.text)
            }
        }
        try context.finish(try context.store.delete(doc, unlink: unlink), verb: Text.cliDeleted(id))
    }
}

struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Undo the most recent change made with scencat (repeat to go further back).",
        discussion: "Refused, changing nothing, when a file changed since (by hand, or by a git pull).")

    @OptionGroup var catalog: CatalogOptions
    @Flag(name: .shortAndLong, help: "Do not ask before undoing a creation or a deletion.") var yes = false

    func run() throws {
        let context = try EditContext(catalog)
        // Undoing a creation removes a file, undoing a deletion brings one back: asked first on a
        // terminal, as delete asks (the TUI asks the same).
        let entries = try context.store.nextUndo(anySession: true)
        if !yes && isatty(0) == 1 && Terminal.stderrIsTTY,
           let e = entries.first(where: { $0.before == nil || $0.after == nil }) {
            let what = e.before == nil ? "removes \(e.file), created by" : "brings back \(e.file), deleted by"
            Terminal.writeAll(2, "undo \(what) “\(e.summary)”? [y/N] ")
            guard let answer = readLine(), ["y", "yes", "是"].contains(answer.lowercased()) else {
                throw CommandFailure(.invalid, Text.cliNotUndone.text)
            }
        }
        try context.finish(try context.store.undo(anySession: true), verb: "restored")
    }
}

struct RedoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redo",
        abstract: "Redo what the most recent undo reverted (repeat after several undos).",
        discussion: "Nothing to redo once another change was made after the undo. Refused, changing nothing, when a file changed since the undo.")

    @OptionGroup var catalog: CatalogOptions

    func run() throws {
        let context = try EditContext(catalog)
        try context.finish(try context.store.redo(anySession: true), verb: "restored")
    }
}

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Edit an entity's YAML in $VISUAL or $EDITOR (else vi); saved only when valid.",
        discussion: """
        The editor works on a temporary copy. When the result has errors, scencat asks whether to re-open
        it with the errors as comments on top, or discard it; without a terminal it prints the errors and exits 1.
        """)

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: "The entity id.") var id: String

    func run() throws {
        let context = try EditContext(catalog)
        let editor = ExternalEditor.command(environment: ProcessEnvironment.current())
        // A file that does not read is opened as it is, with its errors on top, to be repaired.
        let doc: EntityDocument
        do {
            doc = try context.store.open(id)
        } catch let f as EditFailure where f.reason == .unreadable {
            guard let repair = try context.store.openForRepair(id, errors: f.diagnostics) else { throw context.failure(f) }
            printDiagnostics(f.diagnostics, root: context.layout.root)
            doc = repair
        } catch let f as EditFailure {
            throw context.failure(f)
        }
        var text = doc.text ?? CanonicalWriter.yaml(doc.entity)
        let path = try ExternalEditor.makeTempCopy(id: id, text: text)
        defer { unlink(path) }
        while true {
            let status = try ExternalEditor.run(editor, path: path)
            guard status == 0 else {
                throw CommandFailure(.invalid, Text.cliEditorExited(status))
            }
            text = ExternalEditor.withoutErrorHeader(String(decoding: try AtomicFile.read(path), as: UTF8.self))
            let summary = "edit in \(editor[0])"
            let outcome = try context.store.save(text: text, base: doc, summary: summary)
            guard case .invalid(let issues) = outcome else {
                try context.finish(outcome, verb: "saved")
                return
            }
            let errors = issues.map(\.diagnostic)
            printDiagnostics(errors, root: context.layout.root)
            guard isatty(0) == 1 else {
                throw CommandFailure(.invalid, Text.cliEditNotSaved(errors.count, errors.count == 1 ? "" : "s"))
            }
            Terminal.writeAll(2, "re-open the file with the errors on top (r) or discard your changes (d)? [R/d] ")
            let answer = (readLine() ?? "d").lowercased()
            if answer.hasPrefix("d") { throw CommandFailure(.invalid, Text.cliEditDiscarded.text) }
            try AtomicFile.write(ExternalEditor.withErrorHeader(text, errors: errors), to: path, mode: 0o600)
        }
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "The changes of an entity: scencat's local journal, then the git log of its file.")

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: "The entity id.") var id: String

    func validate() throws { try requireId(id) }

    func run() throws {
        let context = try EditContext(catalog)
        let entries = try context.store.history(of: id)
        let file = try context.store.file(of: id) ?? entries.first?.file
        guard let file else { throw CommandFailure(.invalid, Text.cliNoHistory(id)) }
        let commits = GitHistory.log(of: context.layout.path(file))
        var table = OutputTable(columns: ["source", "when", "action", "summary", "by"].map { OutputTable.Column(key: $0, header: $0) })
        for e in entries {
            let action = e.action + (e.undoneBy != nil ? " (undone)" : "")
            table.add([("journal", .string("journal")), (e.time, .string(e.time)), (action, .string(action)),
                       (e.summary, .string(e.summary)), (e.session, .string(e.session))])
        }
        for c in commits {
            table.add([("git \(c.commit)", .string("git \(c.commit)")), (c.date, .string(c.date)), ("commit", .string("commit")),
                       (c.subject, .string(c.subject)), (c.author, .string(c.author))])
        }
        if table.rows.isEmpty && output.resolved == .table { Terminal.err(Text.cliNoRecordedChanges(id)); return }
        Terminal.write(table.render(output.resolved))
    }
}

/// Refuses what is not an id (a path such as `../catalog`) before anything is looked up.
func requireId(_ id: String) throws {
    if !Identifier.isValid(id) { throw ValidationError("'\(id)' is not an id: ids are \(Identifier.pattern)") }
}

/// The git log of one file, when the catalogue is in a git repository (else nothing).
enum GitHistory {
    struct Commit { var commit, date, author, subject: String }

    static func log(of path: String) -> [Commit] {
        let dir = AtomicFile.directory(of: path)
        let git = Git(directory: dir.isEmpty ? "." : dir)
        guard let out = try? git.output(["log", "--follow", "--format=%h%x09%ad%x09%an%x09%s", "--date=short", "--", AtomicFile.basename(of: path)]),
              out.succeeded else { return [] }
        return out.stdoutText.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            return parts.count == 4 ? Commit(commit: parts[0], date: parts[1], author: parts[2], subject: parts[3]) : nil
        }
    }
}
