import CatalogCore
import CatalogFiles
import CatalogIndex
import TerminalKit
import Wording

/// How a form was opened.
public enum FormMode: Sendable, Equatable {
    /// An entity on disk (the form's `base`).
    case edit
    case new
    /// A new entity prefilled from another.
    case duplicate(of: String)

    var isNew: Bool { self != .edit }
}

/// The editor of one field, chosen by the field's type in the format's tables (`Schema`).
public enum FieldEditor: Sendable {
    /// One line: text, numbers, dates, quarters, a new entity's id, and lists of text (comma-separated).
    case text(TextInput)
    /// Several lines (a summary).
    case area(TextArea)
    /// One of `options`; nil: not set.
    case choice([String], Int?)
    /// Yes or no; nil: not set.
    case flag(Bool?)
    /// One id of a sector, city, accelerator, model or center.
    case reference(ReferenceKind, String?)
    /// Some of `options` (a model's functions).
    case options([String], chosen: [String])
    /// A list of ids (a center's accelerators).
    case references(ReferenceKind, [String])
    /// A model's domain: `general`, or a list of sector ids.
    case domain(general: Bool, sectors: [String])
    /// The rows of a list of mappings (a scenario's models and compute needs).
    case rows([[Field]])
    /// Shown, not edited: `kind`, an existing entity's id, the `updated` date scencat keeps.
    case fixed(Value?)

    /// Whether typed characters go into the field as text.
    var takesText: Bool {
        switch self {
        case .text, .area: return true
        default: return false
        }
    }
}

/// One field of a form: what the format says about it, and its editor.
public struct FormField: Sendable {
    public var spec: FieldSpec
    public var editor: FieldEditor

    public var name: String { spec.name }

    /// Whether the field shows in the form (`kind` never does).
    var isShown: Bool {
        if case .kind = spec.type { return false }
        return true
    }

    var isRows: Bool {
        if case .rows = editor { return true }
        return false
    }

    var rows: [[Field]] {
        if case .rows(let r) = editor { return r }
        return []
    }
}

/// A place the focus can rest: a field, a row of a sub-table, the line that adds a row, a button.
public enum FormStop: Sendable, Equatable {
    case field(Int)
    case row(Int, Int)
    case addRow(Int)
    case button(FormButton)

    var fieldIndex: Int? {
        switch self {
        case .field(let i), .row(let i, _), .addRow(let i): return i
        case .button: return nil
        }
    }
}

public enum FormButton: Sendable, Equatable {
    case save, cancel, done
}

/// The fields of one mapping being edited (an entity, or one row of a sub-table), with the focus.
public struct FieldGroup: Sendable {
    public var spec: ObjectSpec
    public var fields: [FormField]
    /// Index into `stops`.
    public var focus: Int = 0
    public var buttons: [FormButton]

    public init(spec: ObjectSpec, fields: [FormField], buttons: [FormButton]) {
        self.spec = spec
        self.fields = fields
        self.buttons = buttons
    }

    /// Every place the focus can go, top to bottom.
    public var stops: [FormStop] {
        var out: [FormStop] = []
        for (i, f) in fields.enumerated() where f.isShown {
            if case .rows(let rows) = f.editor {
                out.append(.field(i))
                out += rows.indices.map { .row(i, $0) }
                out.append(.addRow(i))
            } else {
                out.append(.field(i))
            }
        }
        return out + buttons.map { .button($0) }
    }

    public var focusedStop: FormStop {
        let s = stops
        return s[min(max(0, focus), s.count - 1)]
    }

    public func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }

    /// Puts the focus on `stop` (if it exists).
    mutating func focus(_ stop: FormStop) {
        if let i = stops.firstIndex(of: stop) { focus = i }
    }

    /// The field tree the group's editors describe, in the format's key order.
    public func fieldTree() -> [Field] {
        var out: [Field] = []
        for f in fields {
            if let v = FormValues.value(f) { out.append(Field(f.name, Node(v))) }
        }
        return out
    }
}

/// A row of a sub-table being edited in its own box (applied to the form as you type).
public struct RowEditor: Sendable {
    /// The sub-table's field in the form.
    public var field: Int
    public var row: Int
    public var group: FieldGroup
    /// The row as it was, to restore on cancel; nil for a row just added (cancel removes it).
    public var original: [Field]?
}

/// A form for a scenario, model or center: every field of the format, validated as you type.
public struct FormState: Sendable {
    public var kind: EntityKind
    public var mode: FormMode
    /// The document as opened (edit), for the save's on-disk check.
    public var base: EntityDocument?
    public var main: FieldGroup
    /// The field tree when opened: unsaved changes are differences from it.
    public var initial: [Field]
    public var row: RowEditor?
    public var picker: PickerState?
    /// The user typed an id: stop suggesting one.
    public var idEdited = false
    /// Top-level fields the user changed: their problems show at once (others after a save attempt).
    public var touched: Set<String> = []
    public var showAllIssues: Bool
    /// Problems from the last check, attributed to fields.
    public var issues: [FieldIssue] = []
    /// The text the last check would write (a save conflict's compare shows it).
    public var checkedText = ""
    /// Generation of the last check asked for; results for older ones are dropped.
    public var generation = 0
    /// Names of referenced models and centers, for display.
    public var names: [String: String] = [:]
    /// The ids references may point at, read by the form's first check and reused while it is open
    /// (the save checks against the index as it is then).
    public var known: CrossCheck.Known?
    /// First screen line of the form shown (kept so the focus is visible).
    public var scroll = 0
    /// A save was sent and not answered yet.
    public var saving = false

    public init(kind: EntityKind, mode: FormMode, base: EntityDocument?, fields: [Field], names: [String: String] = [:]) {
        self.kind = kind
        self.mode = mode
        self.base = base
        let spec = Schema.entitySpec(kind)
        main = FormValues.group(spec: spec, fields: fields, idEditable: mode.isNew, buttons: [.save, .cancel])
        initial = main.fieldTree()
        showAllIssues = mode == .edit
        self.names = names
        // Start on the first field a person types into (not the id of a new entity).
        if let first = main.stops.firstIndex(where: { stop in
            guard case .field(let i) = stop else { return false }
            if case .fixed = main.fields[i].editor { return false }
            return main.fields[i].spec.name != "id"
        }) { main.focus = first }
    }

    /// The entity's field tree as the form now describes it.
    public func fieldTree() -> [Field] { main.fieldTree() }

    public var id: String {
        guard let i = main.index(of: "id") else { return "" }
        switch main.fields[i].editor {
        case .text(let input): return input.text.trimmedSpaces
        case .fixed(let v): return v?.scalarText ?? ""
        default: return ""
        }
    }

    public var file: String { "\(kind.directory)/\(id).yaml" }

    /// Whether the form differs from what was opened.
    public var isDirty: Bool {
        // An id scencat suggested is no change of the user's.
        func strip(_ f: [Field]) -> [Field] { mode.isNew && !idEdited ? f.filter { $0.key != "id" } : f }
        return !FormValues.same(strip(fieldTree()), strip(initial))
    }

    public var errors: [FieldIssue] { issues.filter(\.isError) }

    /// The top-level fields whose values differ from the opened entity, for the journal.
    public var changedKeys: [String] {
        let now = fieldTree()
        let keys = main.fields.map(\.name)
        return keys.filter { k in
            !FormValues.same(now.first { $0.key == k }.map { [$0] } ?? [], initial.first { $0.key == k }.map { [$0] } ?? [])
        }
    }

    /// The journal's words for this save.
    public var summary: String {
        switch mode {
        case .new: return "new (form)"
        case .duplicate(let of): return "duplicate of \(of)"
        case .edit:
            let keys = changedKeys.filter { $0 != "updated" }
            return keys.isEmpty ? "edit (form)" : "edit \(keys.joined(separator: ", ")) (form)"
        }
    }
}

/// Building editors from field trees and field trees from editors.
public enum FormValues {
    /// Editors for every field of `spec`, filled from `fields`.
    public static func group(spec: ObjectSpec, fields: [Field], idEditable: Bool, buttons: [FormButton]) -> FieldGroup {
        let form = spec.fields.map { fs in
            FormField(spec: fs, editor: editor(fs, fields.first { $0.key == fs.name }?.value.value, idEditable: idEditable))
        }
        return FieldGroup(spec: spec, fields: form, buttons: buttons)
    }

    static func scalar(_ v: Value?) -> String {
        v?.scalarText ?? ""
    }

    static func items(_ v: Value?) -> [String] {
        guard case .list(let nodes)? = v else { return [] }
        return nodes.compactMap { $0.value.scalarText }
    }

    static func editor(_ spec: FieldSpec, _ v: Value?, idEditable: Bool) -> FieldEditor {
        switch spec.type {
        case .kind(let k): return .fixed(.string(k))
        case .id: return idEditable ? .text(TextInput(scalar(v), placeholder: Text.formIdPlaceholder.text, focused: false)) : .fixed(v)
        case .text, .number, .integer, .quarter:
            return .text(TextInput(scalar(v), placeholder: placeholder(spec), focused: false))
        case .date:
            if spec.name == "updated" { return .fixed(v) }
            return .text(TextInput(scalar(v), placeholder: "YYYY-MM-DD", focused: false))
        case .multilineText:
            return .area(TextArea(scalar(v), placeholder: Text.formMultiline.text, focused: false))
        case .bool:
            if case .bool(let b, _)? = v { return .flag(b) }
            return .flag(nil)
        case .choice(let options):
            return .choice(options, options.firstIndex(of: scalar(v)))
        case .reference(let kind):
            let s = scalar(v)
            return .reference(kind, s.isEmpty ? nil : s)
        case .list(.choice(let options), _):
            return .options(options, chosen: items(v))
        case .list(.reference(let kind), _):
            return .references(kind, items(v))
        case .list(.object, _):
            guard case .list(let nodes)? = v else { return .rows([]) }
            return .rows(nodes.map { n in
                if case .map(let f) = n.value { return f }
                return []
            })
        case .list:
            return .text(TextInput(items(v).joined(separator: ", "), placeholder: Text.formCommaSeparated.text, focused: false))
        case .generalOrSectors:
            if case .string("general")? = v { return .domain(general: true, sectors: []) }
            return .domain(general: false, sectors: items(v))
        case .object:
            return .fixed(v)
        }
    }

    static func placeholder(_ spec: FieldSpec) -> String {
        switch spec.type {
        case .quarter: return "YYYY-Qn"
        case .number, .integer: return Text.formNumber.text
        default: return spec.required ? Text.formRequired.text : ""
        }
    }

    /// The YAML value an editor holds, as the format expects it; nil when the field is empty.
    public static func value(_ f: FormField) -> Value? {
        switch f.editor {
        case .text(let input):
            let t = input.text.trimmedSpaces
            guard !t.isEmpty else { return nil }
            switch f.spec.type {
            case .number, .integer, .date, .bool:
                return EntityEdit.value(t, f.spec.type)
            case .list:
                let v = EntityEdit.value(t, f.spec.type)
                if case .list(let items) = v, items.isEmpty { return nil }
                return v
            default:
                return .string(t)
            }
        case .area(let area):
            var t = Substring(area.text)
            while let last = t.last, last.isWhitespace { t = t.dropLast() }
            return t.isEmpty ? nil : .string(String(t))
        case .choice(let options, let i):
            return i.map { .string(options[$0]) }
        case .flag(let b):
            return b.map { .bool($0, raw: $0 ? "true" : "false") }
        case .reference(_, let id):
            return id.map { .string($0) }
        case .options(let options, let chosen):
            let ordered = options.filter(chosen.contains)
            return ordered.isEmpty ? nil : .list(ordered.map { Node(.string($0)) })
        case .references(_, let ids):
            return ids.isEmpty ? nil : .list(ids.map { Node(.string($0)) })
        case .domain(let general, let sectors):
            if general { return .string("general") }
            return sectors.isEmpty ? nil : .list(sectors.map { Node(.string($0)) })
        case .rows(let rows):
            return rows.isEmpty ? nil : .list(rows.map { Node(.map($0)) })
        case .fixed(let v):
            return v
        }
    }

    /// Whether two field trees hold the same data (positions ignored).
    public static func same(_ a: [Field], _ b: [Field]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && same($0.value.value, $1.value.value) }
    }

    static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0.value, $1.value) }
        case (.map(let x), .map(let y)): return same(x, y)
        case (.number(let x, _), .number(let y, _)): return x == y
        case (.bool(let x, _), .bool(let y, _)): return x == y
        default: return a == b
        }
    }

    /// A new row of a sub-table with the usual values filled in.
    static func newRow(_ spec: ObjectSpec, today: Quarter) -> [Field] {
        switch spec.name {
        case "ComputeNeed":
            return [Field("workload", Node(.string(Workload.inference.rawValue))),
                    Field("unit", Node(.string(ComputeUnit.pflops.rawValue))),
                    Field("from", Node(.string(today.description)))]
        case "ModelLink":
            return [Field("role", Node(.string(ModelRole.candidate.rawValue)))]
        default:
            return []
        }
    }

    /// Fields for a new entity of `kind`: the usual first choices, and the sector and city
    /// the list is filtered by.
    public static func newEntityFields(_ kind: EntityKind, sector: String?, city: String?) -> [Field] {
        var f: [Field] = [Field("kind", Node(.string(kind.rawValue)))]
        func put(_ k: String, _ v: String?) { if let v { f.append(Field(k, Node(.string(v)))) } }
        switch kind {
        case .scenario:
            put("sector", sector)
            put("city", city)
            put("stage", Stage.proposed.rawValue)
            put("status", ScenarioStatus.draft.rawValue)
        case .model:
            put("filing_kind", FilingKind.filed.rawValue)
            put("jurisdiction", city)
            put("status", ModelStatus.active.rawValue)
        case .center:
            put("city", city)
            put("tier", CenterTier.city.rawValue)
            put("status", CenterStatus.planned.rawValue)
        }
        return f
    }

    /// An entity's fields as the starting point of a new one: the id left for a suggestion,
    /// the kept date dropped, a scenario back to draft.
    public static func duplicateFields(of entity: Entity) -> [Field] {
        var fields = EntityEncoder.fields(entity)
        fields.removeAll { $0.key == "id" || $0.key == "updated" || $0.key == "withdrawn_reason" }
        if entity.kind == .scenario, let i = fields.firstIndex(where: { $0.key == "status" }) {
            fields[i].value = Node(.string(ScenarioStatus.draft.rawValue))
        }
        return fields
    }
}

/// The form's labels of the format's fields and choices, from the one naming table (`Names`).
enum FormLabels {
    /// `行业 sector*` in both, `行业*` in Chinese, `sector*` in English.
    static func label(_ spec: FieldSpec) -> String {
        let name = spec.name == "capacity_pflops_fp16" ? "capacity" : spec.name
        let shown: String
        switch Wording.language {
        case .zh: shown = Names.fieldChinese[spec.name] ?? name
        case .en: shown = name
        case .both: shown = Names.fieldChinese[spec.name].map { "\($0) \(name)" } ?? name
        }
        return shown + (spec.required ? "*" : "")
    }

    /// `试点 piloting`; a value without a Chinese name as itself.
    static func choice(_ value: String) -> String { Names.shown(value) }
}
