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
        if let note = store.journalNoteCoded { Terminal.err(Text.cliWarning(note.shown)) }
    }

    func open(_ id: String) throws -> EntityDocument {
        do { return try store.open(id) } catch let f as EditFailure {
            throw failure(f)
        }
    }

    func failure(_ f: EditFailure) -> CommandFailure {
        printDiagnostics(f.diagnostics, root: layout.root)
        let code: Exit = f.reason == .environment ? .environment : .invalid
        return CommandFailure(code, "scencat: \(ErrorWording.shown(f))")
    }

    /// Reports an outcome the way the contract says: a line on stderr for what was written,
    /// standard error lines and exit 1 for invalid input, exit 3 for a conflict.
    func finish(_ outcome: ChangeOutcome, verb: String) throws {
        switch outcome {
        case .saved(let docs, let warnings):
            printDiagnostics(warnings, root: layout.root)
            if docs.isEmpty { Terminal.err(verb) }
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
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "new",
        abstract: Text.cliHelpNewAbstract.text,
        discussion: Text.cliHelpNewDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: usage(.cliHelpNewKind)) var kind: String
    @Argument(help: usage(.cliHelpNewFields)) var fields: [String] = []
    @Option(name: .customLong("from-register"), help: usage(.cliHelpFromRegister, "FILING_NO"))
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
        try context.finish(outcome, verb: Text.cliVerbCreated.text)
        if case .saved = outcome { Terminal.out(id) }
    }
}

struct SetCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "set",
        abstract: Text.cliHelpSetAbstract.text,
        discussion: Text.cliHelpSetDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: usage(.cliHelpEntityId)) var id: String
    @Argument(help: usage(.cliHelpSetChanges)) var changes: [String]

    func validate() throws {
        if changes.isEmpty { throw ValidationError(Text.cliGiveKeyValue.text) }
    }

    func run() throws {
        let assignments = try parseAssignments(changes)
        let context = try EditContext(catalog)
        let doc = try context.open(id)
        let tree = try applied(assignments, to: EntityEncoder.fields(doc.entity), kind: doc.entity.kind)
        let summary = "set " + assignments.map(\.path).joined(separator: ", ")
        try context.finish(try context.store.save(tree, base: doc, summary: summary), verb: Text.cliVerbSaved.text)
    }
}

struct LinkCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "link",
        abstract: Text.cliHelpLinkAbstract.text) }

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: usage(.cliHelpScenarioId)) var scenario: String
    @Argument(help: usage(.cliHelpModelId)) var model: String
    @Option(help: usage(.cliHelpLinkRole)) var role: String = "candidate"

    func run() throws {
        guard let role = ModelRole(rawValue: role) else {
            throw CommandFailure(.usage, Text.cliLinkUnknownRole(self.role, didYouMean(self.role, ModelRole.allCases.map(\.rawValue))))
        }
        let context = try EditContext(catalog)
        let doc = try context.open(scenario)
        guard case .scenario(var s) = doc.entity else {
            throw CommandFailure(.invalid, Text.cliLinkNotScenario(scenario, doc.entity.kind.rawValue.lowercased()))
        }
        if let i = s.models.firstIndex(where: { $0.model == model }) { s.models[i].role = role } else {
            s.models.append(ModelLink(model: model, role: role))
        }
        try context.finish(try context.store.save(.scenario(s), base: doc, summary: "link \(model) (\(role.rawValue))"), verb: Text.cliVerbSaved.text)
    }
}

struct UnlinkCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(commandName: "unlink", abstract: Text.cliHelpUnlinkAbstract.text) }

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: usage(.cliHelpScenarioId)) var scenario: String
    @Argument(help: usage(.cliHelpModelId)) var model: String

    func run() throws {
        let context = try EditContext(catalog)
        let doc = try context.open(scenario)
        guard case .scenario(var s) = doc.entity else {
            throw CommandFailure(.invalid, Text.cliUnlinkNotScenario(scenario, doc.entity.kind.rawValue.lowercased()))
        }
        guard s.models.contains(where: { $0.model == model }) else {
            let linked = s.models.map(\.model)
            throw CommandFailure(.invalid, Text.cliUnlinkNotLinked(scenario, model, linked.isEmpty ? Text.cliUnlinkLinksNone.text : Text.cliUnlinkLinks(linked.joined(separator: ", "))))
        }
        s.models.removeAll { $0.model == model }
        try context.finish(try context.store.save(.scenario(s), base: doc, summary: "unlink \(model)"), verb: Text.cliVerbSaved.text)
    }
}

struct WithdrawCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "withdraw",
        abstract: Text.cliHelpWithdrawAbstract.text) }

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: usage(.cliHelpEntityId)) var id: String
    @Option(help: usage(.cliHelpWithdrawReason)) var reason: String

    func run() throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw CommandFailure(.usage, Text.cliWithdrawReason.text) }
        let context = try EditContext(catalog)
        let doc = try context.open(id)
        guard let changed = doc.entity.withdrawn(reason: reason) else {
            throw CommandFailure(.invalid, Text.cliWithdrawCenter(id))
        }
        try context.finish(try context.store.save(changed, base: doc, summary: "withdraw: \(reason)"), verb: Text.cliVerbWithdrawn.text)
    }
}

struct DeleteCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "delete",
        abstract: Text.cliHelpDeleteAbstract.text,
        discussion: Text.cliHelpDeleteDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: usage(.cliHelpEntityId)) var id: String
    @Flag(help: usage(.cliHelpDeleteUnlink)) var unlink = false
    @Flag(name: .shortAndLong, help: usage(.cliHelpDeleteYes)) var yes = false

    func run() throws {
        let context = try EditContext(catalog)
        let doc = try context.open(id)
        let referrers = try context.store.referrers(of: id)
        if !referrers.isEmpty && !unlink {
            try context.finish(.referenced(referrers), verb: "")
        }
        if !yes && isatty(0) == 1 && Terminal.stderrIsTTY {
            var question = Text.cliDeleteQuestion(context.layout.path(doc.file), doc.entity.displayName)
            if !referrers.isEmpty { question += Text.cliDeleteQuestionUnlink(referrers.count, referrers.prefix(5).joined(separator: ", ") + (referrers.count > 5 ? ", …" : "")) }
            Terminal.writeAll(2, question + Text.cliAskYesNo.text)
            guard let answer = readLine(), ["y", "yes", "是"].contains(answer.lowercased()) else {
                throw CommandFailure(.invalid, Text.cliNotDeleted.text)
            }
        }
        try context.finish(try context.store.delete(doc, unlink: unlink), verb: Text.cliDeleted(id))
    }
}

struct UndoCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "undo",
        abstract: Text.cliHelpUndoAbstract.text,
        discussion: Text.cliHelpUndoDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @Flag(name: .shortAndLong, help: usage(.cliHelpUndoYes)) var yes = false

    func run() throws {
        let context = try EditContext(catalog)
        // Undoing a creation removes a file, undoing a deletion brings one back: asked first on a
        // terminal, as delete asks (the TUI asks the same).
        let entries = try context.store.nextUndo(anySession: true)
        if !yes && isatty(0) == 1 && Terminal.stderrIsTTY,
           let e = entries.first(where: { $0.before == nil || $0.after == nil }) {
            let question = e.before == nil ? Text.cliUndoRemoves(e.file, e.summary) : Text.cliUndoBringsBack(e.file, e.summary)
            Terminal.writeAll(2, question + Text.cliAskYesNo.text)
            guard let answer = readLine(), ["y", "yes", "是"].contains(answer.lowercased()) else {
                throw CommandFailure(.invalid, Text.cliNotUndone.text)
            }
        }
        try context.finish(try context.store.undo(anySession: true), verb: Text.cliVerbRestored.text)
    }
}

struct RedoCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "redo",
        abstract: Text.cliHelpRedoAbstract.text,
        discussion: Text.cliHelpRedoDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions

    func run() throws {
        let context = try EditContext(catalog)
        try context.finish(try context.store.redo(anySession: true), verb: Text.cliVerbRestored.text)
    }
}

struct EditCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "edit",
        abstract: Text.cliHelpEditAbstract.text,
        discussion: Text.cliHelpEditDiscussion.text) }

    @OptionGroup var catalog: CatalogOptions
    @Argument(help: usage(.cliHelpEntityId)) var id: String

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
                try context.finish(outcome, verb: Text.cliVerbSaved.text)
                return
            }
            let errors = issues.map(\.diagnostic)
            printDiagnostics(errors, root: context.layout.root)
            guard isatty(0) == 1 else {
                throw CommandFailure(.invalid, Text.cliEditNotSaved(errors.count, errors.count == 1 ? "" : "s"))
            }
            Terminal.writeAll(2, Text.cliEditReopenQuestion.text)
            let answer = (readLine() ?? "d").lowercased()
            if answer.hasPrefix("d") { throw CommandFailure(.invalid, Text.cliEditDiscarded.text) }
            try AtomicFile.write(ExternalEditor.withErrorHeader(text, errors: errors), to: path, mode: 0o600)
        }
    }
}

struct HistoryCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "history",
        abstract: Text.cliHelpHistoryAbstract.text) }

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: usage(.cliHelpEntityId)) var id: String

    func validate() throws { try requireId(id) }

    func run() throws {
        let context = try EditContext(catalog)
        let entries = try context.store.history(of: id)
        let file = try context.store.file(of: id) ?? entries.first?.file
        guard let file else { throw CommandFailure(.invalid, Text.cliNoHistory(id)) }
        let commits = GitHistory.log(of: context.layout.path(file))
        let headers: [(String, Text)] = [("source", .cliHistorySource), ("when", .cliHistoryWhen), ("action", .cliHistoryAction),
                                          ("summary", .cliHistorySummary), ("by", .cliHistoryBy)]
        var table = OutputTable(columns: headers.map { OutputTable.Column(key: $0.0, header: $0.1.text) })
        // Machine output keeps the journal's words (`journal`, `update (undone)`); a table names them.
        let human = output.resolved == .table
        for e in entries {
            let action = e.action + (e.undoneBy != nil ? " (undone)" : "")
            let shown = human ? journalAction(e.action) + (e.undoneBy != nil ? Text.cliHistoryUndone.text : "") : action
            table.add([(human ? Text.cliHistoryJournal.text : "journal", .string("journal")), (e.time, .string(e.time)), (shown, .string(action)),
                       (e.summary, .string(e.summary)), (e.session, .string(e.session))])
        }
        for c in commits {
            table.add([("git \(c.commit)", .string("git \(c.commit)")), (c.date, .string(c.date)), (human ? Text.cliHistoryCommit.text : "commit", .string("commit")),
                       (c.subject, .string(c.subject)), (c.author, .string(c.author))])
        }
        if table.rows.isEmpty && output.resolved == .table { Terminal.err(Text.cliNoRecordedChanges(id)); return }
        Terminal.write(table.render(output.resolved))
    }
}

/// `; did you mean 'x'?` in the language in effect (`Suggest.hint`'s suggestion), or nothing.
func didYouMean(_ word: String, _ candidates: [String]) -> String {
    Suggest.closest(to: word, in: candidates).map { Text.cliDidYouMean($0) } ?? ""
}

/// A journal entry's action as a table shows it.
func journalAction(_ action: String) -> String {
    let names: [String: Text] = ["create": .cliActionCreate, "update": .cliActionUpdate, "delete": .cliActionDelete,
                                 "undo": .cliActionUndo, "redo": .cliActionRedo]
    return names[action]?.text ?? action
}

/// Refuses what is not an id (a path such as `../catalog`) before anything is looked up.
func requireId(_ id: String) throws {
    if !Identifier.isValid(id) { throw ValidationError(Text.cliNotAnId(id, Identifier.pattern)) }
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
