import TerminalKit

/// One layer of the terminal UI, over the tab screens (a list or the dashboard). The layers are
/// one stack (`AppState.layers`), as tig keeps its views: the top layer gets the keys, gives the
/// hint bar and help their context, and is drawn last. Opening a page, panel, form, dialog or
/// screen pushes a layer; closing it pops. See docs/0012-tui-layers.md for adding a new kind.
public enum Layer: Sendable {
    /// An opened entity (the navigation path is the detail layers, in order).
    case detail(DetailScreen)
    /// Search, filters, jump, help, the errors panel and the file view.
    case overlay(Overlay)
    /// A form (edit, new, duplicate) over the list or detail area.
    case form(FormState)
    /// An editing dialog: confirmation, conflict, compare, history, pick list.
    case dialog(EditDialog)
    /// The Sync screen (`y`).
    case sync(SyncScreen)
    /// The Publications screen (`5`).
    case publications(PublicationsScreen)
    /// Export the list shown (`x`): the file name, then a question if the file exists (ExportDialog.swift).
    case export(ExportDialog)
    /// Import scenarios from a sheet (`I`): file, sheet, columns, plan, confirmation (ImportWizard.swift).
    case importWizard(ImportWizard)

    /// The layer's kind, without its content.
    public var kind: LayerKind {
        switch self {
        case .detail: return .detail
        case .overlay: return .overlay
        case .form: return .form
        case .dialog: return .dialog
        case .sync: return .sync
        case .publications: return .publications
        case .export: return .export
        case .importWizard: return .importWizard
        }
    }
}

public enum LayerKind: Sendable, Equatable, CaseIterable {
    case detail, overlay, form, dialog, sync, publications, export, importWizard
}

extension AppState {
    /// The layer that gets the keys and is drawn last; nil on the tab screens.
    public var top: Layer? { layers.last }

    /// Pushes a layer on top.
    public mutating func push(_ layer: Layer) { layers.append(layer) }

    /// Pops the top layer.
    public mutating func pop() { if !layers.isEmpty { layers.removeLast() } }

    /// The navigation path: the detail layers, bottom first. Setting it keeps the pages that
    /// stay where they are, removes the pages dropped, and pushes new ones on top.
    public var path: [DetailScreen] {
        get { layers.compactMap { if case .detail(let d) = $0 { return d } else { return nil } } }
        set {
            var remaining = newValue[...]
            var kept: [Layer] = []
            for layer in layers {
                guard case .detail = layer else { kept.append(layer); continue }
                if let next = remaining.popFirst() { kept.append(.detail(next)) }
            }
            layers = kept + remaining.map { .detail($0) }
        }
    }

    /// The topmost layer of one kind, read and written through `wrap` / `unwrap`: setting nil
    /// removes it, setting a value replaces it in place, or pushes it when there is none.
    private func topmost<T>(_ unwrap: (Layer) -> T?) -> T? {
        for layer in layers.reversed() { if let value = unwrap(layer) { return value } }
        return nil
    }

    private mutating func setTopmost<T>(_ value: T?, _ kind: LayerKind, _ wrap: (T) -> Layer) {
        let index = layers.lastIndex { $0.kind == kind }
        switch (index, value) {
        case (let i?, let v?): layers[i] = wrap(v)
        case (let i?, nil): layers.remove(at: i)
        case (nil, let v?): layers.append(wrap(v))
        case (nil, nil): break
        }
    }

    /// What floats above the screens (search, filters, jump, help, errors, a file).
    public var overlay: Overlay? {
        get { topmost { if case .overlay(let o) = $0 { return o } else { return nil } } }
        set { setTopmost(newValue, .overlay, Layer.overlay) }
    }

    /// The form being filled in (edit, new, duplicate).
    public var form: FormState? {
        get { topmost { if case .form(let f) = $0 { return f } else { return nil } } }
        set { setTopmost(newValue, .form, Layer.form) }
    }

    /// An editing dialog (confirmation, conflict, compare, history, pick list).
    public var dialog: EditDialog? {
        get { topmost { if case .dialog(let d) = $0 { return d } else { return nil } } }
        set { setTopmost(newValue, .dialog, Layer.dialog) }
    }

    /// The Sync screen (`y`).
    public var syncScreen: SyncScreen? {
        get { topmost { if case .sync(let s) = $0 { return s } else { return nil } } }
        set { setTopmost(newValue, .sync, Layer.sync) }
    }

    /// The Publications screen (`5`).
    public var publicationsScreen: PublicationsScreen? {
        get { topmost { if case .publications(let p) = $0 { return p } else { return nil } } }
        set { setTopmost(newValue, .publications, Layer.publications) }
    }

    /// Whether the top layer is of this kind (it alone gets the keys).
    public func isOnTop(_ kind: LayerKind) -> Bool { top?.kind == kind }
}

// MARK: What each layer binds

extension AppState {
    /// The key contexts of the top layer, innermost first: the only ones a key is looked up in.
    public var keyContexts: [KeyContext] {
        switch top {
        case nil:
            if tab == .dashboard { return [.dashboard, .global, .publicationsEntry] }
            // Export and import come last, so that on a narrow screen their hints give way first.
            if tab == .scenarios && list.sidebarFocused { return [.sidebar, .list, .global, .publicationsEntry, .sheets] }
            return [.list, .global, .publicationsEntry, .sheets]
        case .detail: return [.detail, .global, .publicationsEntry]
        case .overlay(let overlay):
            switch overlay {
            case .search: return [.search]
            case .filter: return [.filter]
            case .jump: return [.jump]
            case .help: return [.help]
            case .errors: return [.errors, .global]
            case .file: return [.file, .global]
            }
        case .form(let form): return form.keyContexts
        case .dialog(let dialog): return dialog.keyContexts
        case .sync(let screen): return screen.keyContexts
        case .publications(let screen): return screen.keyContexts
        case .export(let dialog): return dialog.keyContexts
        case .importWizard(let wizard): return wizard.keyContexts
        }
    }

    /// The tab bar: the four tabs and Publications (`5`, a screen over them), with Chinese and
    /// English titles, or the Chinese alone when those don't fit.
    var tabsWidget: Tabs {
        let active = publicationsScreen != nil ? Tab.allCases.count : tab.rawValue
        let full = Tabs(items: Tab.allCases.map { Tabs.Item($0.title) } + [Tabs.Item(PublicationsView.title)], active: active)
        if (full.tabRanges().last?.upperBound ?? 0) <= size.width { return full }
        let most = Tabs(items: Tab.allCases.map { Tabs.Item($0.title) } + [Tabs.Item(PublicationsView.shortTitle)], active: active)
        if (most.tabRanges().last?.upperBound ?? 0) <= size.width { return most }
        return Tabs(items: Tab.allCases.map { Tabs.Item($0.shortTitle) } + [Tabs.Item(PublicationsView.shortTitle)], active: active)
    }
}

extension EditDialog {
    /// The key contexts while a dialog is on top.
    var keyContexts: [KeyContext] {
        switch self {
        case .confirm(let d): return d.commands.contains(.confirm) ? [.confirm] : [.refusedDelete]
        case .conflict: return [.conflict]
        case .compare(let view):
            if case .history = view.back { return [.change] }
            return [.compare]
        case .history: return [.history]
        case .editorErrors: return [.editorErrors]
        case .picker: return [.picker]
        case .withdraw: return [.withdrawReason]
        }
    }
}

extension FormState {
    /// The key contexts while a form is on top.
    var keyContexts: [KeyContext] {
        if picker != nil { return [.picker] }
        switch (row?.group ?? main).focusedStop {
        case .row, .addRow: return [.formRows, .form]
        default: return [.form]
        }
    }
}

extension SyncScreen {
    /// The key contexts while the Sync screen is on top.
    var keyContexts: [KeyContext] {
        if editing != nil { return [.syncEdit] }
        switch stage {
        case .planning, .plan, .done: return [.syncPlan]
        case .confirm: return [.syncConfirm]
        case .running: return [.syncRunning]
        case .conflicts: return [.syncConflicts]
        }
    }
}

extension PublicationsScreen {
    /// The key contexts while the screen is on top.
    var keyContexts: [KeyContext] {
        switch mode {
        case .quarters: return [.publications, .global]
        case .browse: return [.publicationList, .global]
        case .record: return [.publicationRecord, .global]
        case .changes: return [.publicationChanges, .global]
        case .wizard:
            if wizard?.confirming == true { return [.confirm] }
            if wizard?.running == true { return [] }
            return [.publishWizard, .global]
        }
    }
}
