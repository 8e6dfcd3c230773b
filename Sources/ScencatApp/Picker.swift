import CatalogCore
import CatalogIndex
import TerminalKit
import Wording

/// A list to choose from, narrowed as you type: sectors, cities and accelerators from the
/// taxonomy (matching id, Chinese and English names), models, centers and scenarios from the
/// index (its full-text search: names in Chinese or English, ids), or fixed choices.
public struct PickerState: Sendable {
    public enum Source: Sendable, Equatable {
        case taxonomy(ReferenceKind)
        case entities(EntityKind)
        case fixed([FilterOption])
    }

    /// Where the choice goes.
    public enum Target: Sendable, Equatable {
        /// A field of the form (or of the open row editor, `inRow`).
        case field(Int, inRow: Bool)
        /// Link a model to the chosen scenario (from the model's page)…
        case scenarioForModel(String)
        /// …or the chosen model to a scenario (from the scenario's page).
        case modelForScenario(String)
        /// The role of a link being made.
        case role(scenario: String, model: String)
    }

    public var title: String
    public var source: Source
    public var input: TextInput
    public var options: [FilterOption] = []
    public var cursor = ListState()
    /// Several values may be chosen (space toggles, enter accepts them).
    public var multi: Bool
    public var chosen: [String]
    public var target: Target
    /// A value that excludes the others when chosen (a model domain's `general`).
    public var exclusive: String?

    public init(title: String, source: Source, target: Target, text: String = "", multi: Bool = false,
                chosen: [String] = [], exclusive: String? = nil) {
        self.title = title
        self.source = source
        self.target = target
        self.input = TextInput(text, placeholder: Text.pickerPlaceholder.text)
        self.multi = multi
        self.chosen = chosen
        self.exclusive = exclusive
    }

    public var selectedValue: String? {
        options.indices.contains(cursor.selected) ? options[cursor.selected].value : nil
    }

    /// New options for the filter text, the cursor back on the first.
    mutating func show(_ options: [FilterOption]) {
        self.options = options
        cursor = ListState()
    }
}

/// What a key did to a picker.
enum PickerEvent {
    case none
    /// The filter text changed: new options are needed (an index query for entities).
    case filterChanged
    case chosen([String])
    case cancelled
}

enum PickerUpdate {
    static func key(_ key: Key, _ picker: inout PickerState, visible: Int) -> PickerEvent {
        let command = KeyBindings.command(for: key, in: [.picker])
        // In a multi-choice list space toggles; elsewhere it is typed.
        if picker.multi, key == .char(" ") {
            toggle(&picker)
            return .none
        }
        switch command {
        case .back?:
            return .cancelled
        case .open?:
            if picker.multi { return .chosen(picker.chosen) }
            guard let v = picker.selectedValue else { return .none }
            return .chosen([v])
        case .up?, .down?, .pageUp?, .pageDown?, .top?, .bottom?:
            _ = Update.move(command!, &picker.cursor, count: picker.options.count, visible: visible)
            return .none
        default:
            let before = picker.input.text
            guard picker.input.handle(key), picker.input.text != before else { return .none }
            return .filterChanged
        }
    }

    static func toggle(_ picker: inout PickerState) {
        guard let v = picker.selectedValue else { return }
        if let i = picker.chosen.firstIndex(of: v) {
            picker.chosen.remove(at: i)
        } else if v == picker.exclusive {
            picker.chosen = [v]
        } else {
            picker.chosen.removeAll { $0 == picker.exclusive }
            picker.chosen.append(v)
        }
    }

    /// Options of a taxonomy or fixed source for the filter text (entities come from the index).
    static func options(_ source: PickerState.Source, text: String, taxonomy: Taxonomy) -> [FilterOption] {
        let needle = text.trimmedSpaces.lowercased()
        func matches(_ parts: String...) -> Bool { needle.isEmpty || parts.contains { $0.lowercased().contains(needle) } }
        var out: [FilterOption]
        switch source {
        case .taxonomy(.sector):
            // Sectors and cities: by text or pinyin (gz finds 广州), in pinyin order.
            out = PinyinChoices.narrowed(taxonomy.sectors, text, label: \.zh, parts: { [$0.id, $0.zh, $0.en] })
                .map { FilterOption(value: $0.id, label: "\(Names.pair($0.zh, $0.en)) · \($0.id)") }
        case .taxonomy(.city):
            out = PinyinChoices.narrowed(taxonomy.cities, text, label: \.zh, parts: { [$0.id, $0.zh, $0.en] })
                .map { FilterOption(value: $0.id, label: "\(Names.pair($0.zh, $0.en)) · \($0.id)") }
        case .taxonomy(.accelerator):
            out = taxonomy.accelerators.filter { matches($0.id, $0.name, $0.vendor) }
                .map { FilterOption(value: $0.id, label: "\($0.name) · \($0.vendor) · \(NumberText.format($0.fp16Tflops)) TFLOPS · \($0.id)") }
        case .taxonomy:
            out = []
        case .fixed(let options):
            // Fixed choices keep their order (a lifecycle, a scale); typing matches pinyin too.
            out = options.filter { PinyinChoices.rank(text, [$0.value, $0.label]) != nil }
        case .entities:
            return []
        }
        // An id typed exactly comes first, then ids starting with the text.
        if !needle.isEmpty {
            let exact = out.filter { $0.value == needle }
            let prefix = out.filter { $0.value != needle && $0.value.hasPrefix(needle) }
            out = exact + prefix + out.filter { $0.value != needle && !$0.value.hasPrefix(needle) }
        }
        return out
    }

    /// Fills a taxonomy or fixed picker's options; asks the index for entities.
    static func refresh(_ picker: inout PickerState, taxonomy: Taxonomy) -> [Effect] {
        if case .entities(let kind) = picker.source {
            return [.edit(.pickerSearch(kind, picker.input.text))]
        }
        picker.show(options(picker.source, text: picker.input.text, taxonomy: taxonomy))
        return []
    }

    /// A picker for a field of a form, with its current value(s) chosen and selected.
    static func forField(_ field: FormField, index: Int, inRow: Bool, text: String, taxonomy: Taxonomy) -> PickerState? {
        let title = FormLabels.label(field.spec)
        let target = PickerState.Target.field(index, inRow: inRow)
        var picker: PickerState
        var current: String?
        switch field.editor {
        case .choice(let options, let i):
            picker = PickerState(title: title, source: .fixed(options.map { FilterOption(value: $0, label: FormLabels.choice($0)) }),
                                 target: target, text: text)
            current = i.map { options[$0] }
        case .reference(let kind, let id):
            picker = PickerState(title: title, source: source(kind), target: target, text: text)
            current = id
        case .options(let options, let chosen):
            picker = PickerState(title: title + Text.pickerSpaceToggles.text, source: .fixed(options.map { FilterOption(value: $0, label: FormLabels.choice($0)) }),
                                 target: target, text: text, multi: true, chosen: chosen)
        case .references(let kind, let ids):
            picker = PickerState(title: title + Text.pickerSpaceToggles.text, source: source(kind), target: target, text: text, multi: true, chosen: ids)
        case .domain(let general, let sectors):
            let options = [FilterOption(value: "general", label: Text.pickerGeneral.text)]
                + taxonomy.sectors.map { FilterOption(value: $0.id, label: "\(Names.pair($0.zh, $0.en)) · \($0.id)") }
            picker = PickerState(title: title + Text.pickerSpaceToggles.text, source: .fixed(options), target: target, text: text,
                                 multi: true, chosen: general ? ["general"] : sectors, exclusive: "general")
        default:
            return nil
        }
        _ = refresh(&picker, taxonomy: taxonomy)
        if let current, let i = picker.options.firstIndex(where: { $0.value == current }) {
            picker.cursor = ListState(selected: i)
        }
        return picker
    }

    static func source(_ kind: ReferenceKind) -> PickerState.Source {
        switch kind {
        case .model: return .entities(.model)
        case .center: return .entities(.center)
        default: return .taxonomy(kind)
        }
    }

    /// The rectangle of a picker box and how many options it shows.
    static func rect(_ size: Size) -> Rect {
        Overlays.widePanelRect(Rect(size: size), width: 72, height: max(8, size.height - 4))
    }

    static func visible(_ size: Size) -> Int { max(1, Border.inner(rect(size)).height - 2) }
}

/// Drawing a picker: a box with the filter line and the options, chosen ones ticked.
enum PickerView {
    static func render(_ picker: PickerState, size: Size, into buffer: inout Buffer) {
        guard let listArea = Overlays.inputBox(picker.title, PickerUpdate.rect(size), prompt: "›", picker.input, &buffer) else { return }
        if picker.options.isEmpty {
            let text = picker.input.text.isEmpty ? Text.loading.text : Text.pickerNoMatches.text
            buffer.put(text, x: listArea.x, y: listArea.y, style: Theme.dim, maxWidth: listArea.width)
            return
        }
        let items = picker.options.map { o -> ListView.Item in
            let mark = picker.multi ? (picker.chosen.contains(o.value) ? "[x] " : "[ ] ") : ""
            return ListView.Item(mark + o.label, count: o.count)
        }
        let offset = ListState.offset(keeping: picker.cursor.selected, visible: listArea.height, current: picker.cursor.offset, count: items.count)
        buffer.render(ListView(items: items, selected: picker.cursor.selected, offset: offset, selectedStyle: Theme.focus), in: listArea)
    }
}
