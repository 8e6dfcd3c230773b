import CatalogCore
import CatalogFiles
import CatalogIndex
import CatalogSync
#if canImport(Glibc)
import Glibc
import Wording
#endif

/// Why an entity is opened for a change.
public enum OpenPurpose: Sendable, Equatable {
    case edit, duplicate, editYAML, withdraw, delete
}

/// What happens once a save went through.
public enum AfterSave: Sendable, Equatable {
    /// A form's save (a new entity's page opens afterwards).
    case form(isNew: Bool)
    /// Text from the external editor (the document it started from, and the text).
    case text(EntityDocument, String)
    /// A one-step change (withdraw, link, unlink): the message to show.
    case quick(String)
    /// A delete of this id.
    case delete(String)
}

/// The work of editing, run by `EffectRunner` (and the external editor by `Runtime`).
public enum EditEffect: Sendable {
    /// Read an entity's file (with names of what it refers to and what refers to it).
    case open(String, OpenPurpose)
    /// Check a form's field tree as a save would; with `suggestId`, first put a suggested id in
    /// (for a duplicate, `basedOn` the original's id when the fields give nothing better).
    /// `known`: the ids references may point at, from the form's first check (nil: read them now).
    case check(generation: Int, fields: [Field], isNew: Bool, suggestId: Bool, basedOn: String?, known: CrossCheck.Known?)
    /// Models, centers or scenarios matching the text (pickers).
    case pickerSearch(EntityKind, String)
    case save(fields: [Field], base: EntityDocument?, overwrite: Bool, summary: String, then: AfterSave)
    case saveText(String, base: EntityDocument, overwrite: Bool)
    case saveEntity(Entity, base: EntityDocument, summary: String, then: AfterSave)
    case delete(EntityDocument, unlink: Bool)
    case link(scenario: String, model: String, role: ModelRole)
    case unlink(scenario: String, model: String)
    /// Undo this session's latest change; unless `confirmed`, a creation or a deletion is
    /// only described (`undoAsks`) so that the user is asked first.
    case undo(confirmed: Bool)
    /// Redo what the latest undo reverted.
    case redo
    /// Record scenarios as reviewed (`updated` today), nothing else changed.
    case confirm([String])
    case history(String)
    /// Suspend the terminal and edit `text` (the entity's YAML) in $VISUAL / $EDITOR / vi.
    case runEditor(EntityDocument, text: String)
}

/// The results of `EditEffect`s.
public enum EditResult: Sendable {
    case opened(EntityDocument, OpenPurpose, names: [String: String], referrers: [String])
    case checked(generation: Int, CheckedEntity, suggestedId: String?, known: CrossCheck.Known)
    case pickerOptions(String, [FilterOption])
    case outcome(ChangeOutcome, AfterSave)
    /// An undo: what it did, the journal's words for the change undone, ids whose files it removed.
    case undone(ChangeOutcome, summary: String?, removed: [String], redo: Bool)
    /// The change undo would revert creates or deletes a file: what it is, to ask first.
    case undoAsks(summary: String, files: [String], creates: Bool)
    case history(id: String, file: String?, entries: [JournalEntry], git: [String], gitNote: String?)
    /// The external editor exited: `edited` is the file's text then (nil when it could not be read).
    case editorFinished(EntityDocument, sent: String, edited: String?, status: Int32, error: String?)
}

extension EffectRunner {
    /// A journal group in words: the change and its files.
    static func described(_ entries: [JournalEntry]) -> String? {
        // A redo re-applies an undo's group: its words are those of the change undone.
        entries.first.map { e in
            let summary = e.action == "undo" && e.summary.hasPrefix("undo: ") ? String(e.summary.dropFirst(6)) : e.summary
            return "\(summary) (\(entries.map(\.file).joined(separator: ", ")))"
        }
    }

    func performEdit(_ effect: EditEffect) -> [Action] {
        guard let es = entities else {
            return [.failed(Text.cannotEdit(entitiesError ?? "the catalogue's journal could not be opened"))]
        }
        do {
            return try performEdit(effect, es)
        } catch let failure as EditFailure {
            let first = failure.diagnostics.first.map { " — \($0.shown())" } ?? ""
            return [.failed(Text.failedWith(ErrorWording.shown(failure), first))]
        } catch {
            return [.failed(Text.failed(ErrorWording.shown(error)))]
        }
    }

    private func performEdit(_ effect: EditEffect, _ es: EntityStore) throws -> [Action] {
        switch effect {
        case .open(let id, let purpose):
            let doc: EntityDocument
            do { doc = try es.open(id) } catch let f as EditFailure where f.reason == .unreadable && purpose == .editYAML {
                // A file that does not read is repaired in the editor, its errors on top.
                guard let repair = try es.openForRepair(id, errors: f.diagnostics) else { throw f }
                return [.edit(.opened(repair, .editYAML, names: [:], referrers: []))]
            }
            var referrers: [String] = []
            var names = try names(referencedBy: doc.entity)
            if purpose == .delete || purpose == .withdraw {
                referrers = try es.referrers(of: id)
                // Questions name what refers to the entry by title.
                for r in referrers { names[r] = try store.entityName(id: r) }
            }
            return [.edit(.opened(doc, purpose, names: names, referrers: referrers))]
        case .check(let generation, var fields, let isNew, let suggestId, let basedOn, let cached):
            var suggested: String?
            if suggestId, let kind = fields.first(where: { $0.key == "kind" })?.value.value.scalarText.flatMap(EntityKind.init(rawValue:)) {
                suggested = IdSuggestion.suggest(kind: kind, fields: fields, isTaken: es.isTaken)
                // A name without Latin words gives only the kind's word ("model-3"): a copy is better named after its original.
                let generic = kind.rawValue.lowercased()
                if let basedOn, let s = suggested, s == generic || (s.hasPrefix(generic + "-") && Int(s.dropFirst(generic.count + 1)) != nil) {
                    let stem = String(basedOn.prefix(58))
                    suggested = (2..<10_000).lazy.map { "\(stem)-\($0)" }.first { !es.isTaken($0) }
                }
                if let suggested { EntityEdit.setField(&fields, "id", .string(suggested), order: Schema.entitySpec(kind)) }
            }
            let known = try cached ?? es.known()
            let checked = try es.check(fields, isNew: isNew, known: known)
            return [.edit(.checked(generation: generation, checked, suggestedId: suggested, known: known))]
        case .pickerSearch(let kind, let text):
            return [.edit(.pickerOptions(text, try pickerOptions(kind, text)))]
        case .save(let fields, let base, let overwrite, let summary, let then):
            return [.edit(.outcome(try es.save(fields, base: base, overwrite: overwrite, summary: summary), then))]
        case .saveText(let text, let base, let overwrite):
            let clean = ExternalEditor.withoutErrorHeader(text)
            return [.edit(.outcome(try es.save(text: clean, base: base, overwrite: overwrite, summary: "edit in $EDITOR"), .text(base, clean)))]
        case .saveEntity(let entity, let base, let summary, let then):
            return [.edit(.outcome(try es.save(entity, base: base, summary: summary), then))]
        case .delete(let doc, let unlink):
            return [.edit(.outcome(try es.delete(doc, unlink: unlink), .delete(doc.entity.id)))]
        case .link(let scenario, let model, let role):
            let doc = try es.open(scenario)
            guard case .scenario(var s) = doc.entity else {
                return [.failed(Text.notAScenario(scenario))]
            }
            let name = (try store.entityName(id: model)) ?? model
            if let i = s.models.firstIndex(where: { $0.model == model }) {
                if s.models[i].role == role {
                    return [.failed(Text.alreadyLinked(s.title, name, Names.shown(role.rawValue)))]
                }
                s.models[i].role = role
            } else {
                s.models.append(ModelLink(model: model, role: role))
            }
            let outcome = try es.save(.scenario(s), base: doc, summary: "link \(model) (\(role.rawValue))")
            return [.edit(.outcome(outcome, .quick(Text.linked(s.title, name, Names.shown(role.rawValue), doc.file))))]
        case .unlink(let scenario, let model):
            let doc = try es.open(scenario)
            guard case .scenario(var s) = doc.entity, s.models.contains(where: { $0.model == model }) else {
                return [.failed(Text.doesNotLink(scenario, model))]
            }
            s.models.removeAll { $0.model == model }
            let name = (try store.entityName(id: model)) ?? model
            let outcome = try es.save(.scenario(s), base: doc, summary: "unlink \(model)")
            return [.edit(.outcome(outcome, .quick(Text.unlinked(s.title, name, doc.file))))]
        case .confirm(let ids):
            let outcome = try es.confirm(ids)
            return [.edit(.outcome(outcome, .quick(Text.confirmedReviewed(ids.joined(separator: ", "), Journal.today()))))]
        case .undo(let confirmed):
            let entries = try es.nextUndo()
            if !confirmed, let e = entries.first(where: { $0.before == nil || $0.after == nil }) {
                return [.edit(.undoAsks(summary: e.summary, files: entries.map(\.file), creates: e.before == nil))]
            }
            let outcome = try es.undo()
            return [.edit(.undone(outcome, summary: Self.described(entries), removed: entries.filter { $0.before == nil }.map(\.id), redo: false))]
        case .redo:
            let entries = try es.journal.lastRedoable(session: es.session)
            let outcome = try es.redo()
            return [.edit(.undone(outcome, summary: Self.described(entries), removed: entries.filter { $0.before == nil }.map(\.id), redo: true))]
        case .history(let id):
            let entries = try es.history(of: id)
            let file = try es.file(of: id) ?? entries.first?.file
            var git: [String] = []
            var note: String?
            if let file {
                let g = Git(directory: layout.root)
                if let out = try? g.output(["log", "--format=%h%x09%ad%x09%an%x09%s", "--date=short", "--", file]) {
                    if out.succeeded {
                        git = out.stdoutText.split(separator: "\n").map(String.init)
                        if git.isEmpty { note = Text.historyNoCommits.text }
                    } else {
                        note = Text.historyNotInGit.text
                    }
                } else {
                    note = Text.historyNoGit.text
                }
            }
            return [.edit(.history(id: id, file: file, entries: entries, git: git, gitNote: note))]
        case .runEditor:
            return []  // the runtime runs the editor itself: it owns the terminal
        }
    }

    /// Names of the models and centers an entity refers to (forms show them beside the ids).
    func names(referencedBy entity: Entity) throws -> [String: String] {
        var ids: [String] = []
        switch entity {
        case .scenario(let s): ids = s.models.map(\.model) + s.compute.compactMap(\.center)
        case .model(let m): ids = m.baseModel.map { [$0] } ?? []
        case .center: break
        }
        var out: [String: String] = [:]
        for id in Set(ids) { if let name = try store.entityName(id: id) { out[id] = name } }
        return out
    }

    func pickerOptions(_ kind: EntityKind, _ text: String) throws -> [FilterOption] {
        let needle = text.trimmedSpaces
        var q = ListQuery(kind: kind, text: needle.isEmpty ? nil : needle, sort: needle.isEmpty ? .name : .relevance, limit: 200)
        q.descending = false
        var options = try store.list(q).map(option)
        // An id typed whole comes first even when search ranks it lower (or misses it).
        let lower = needle.lowercased()
        if Identifier.isValid(lower), try store.kind(of: lower) == kind, let name = try store.entityName(id: lower) {
            let existing = options.first { $0.value == lower } ?? FilterOption(value: lower, label: "\(name) · \(lower)")
            options.removeAll { $0.value == lower }
            options.insert(existing, at: 0)
        }
        return options
    }

    private func option(_ row: EntityRow) -> FilterOption {
        var label = "\(row.name) · \(row.id)"
        if row.kind == .model, let p = row.provider { label = "\(row.name) · \(p) · \(row.id)" }
        if row.status == "withdrawn" || row.status == "suspended" { label += " [\(Names.short(row.status))]" }
        return FilterOption(value: row.id, label: label)
    }
}
