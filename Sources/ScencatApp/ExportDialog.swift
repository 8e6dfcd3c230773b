import CatalogCore
import CatalogIndex
import CatalogSheets
import TerminalKit
import Wording

/// `x` on a list: the rows it shows — its filters and sort, the same `ListQuery` — written to a
/// file as `scencat export` writes them. Asks only for the file name (a suggestion with the date
/// is filled in), relative to the folder scencat was started in; a file already there is replaced
/// only after a second question whose default is No.
public struct ExportDialog: Sendable {
    public var kind: EntityKind
    public var query: ListQuery
    /// How many rows the list shows (what will be written).
    public var rows: Int
    public var directory: String
    public var name: TextInput
    /// The full path of a file that exists, while asking whether to replace it; nil while typing.
    public var replacing: String?
    /// Whether the Replace button is selected (Keep is, when the question opens).
    public var replaceSelected = false
    /// The file is being written: keys wait.
    public var writing = false

    public init(kind: EntityKind, query: ListQuery, rows: Int, directory: String, name: String) {
        self.kind = kind
        self.query = query
        self.rows = rows
        self.directory = directory
        self.name = TextInput(name, placeholder: "场景清单.xlsx")
    }

    var keyContexts: [KeyContext] {
        if writing { return [] }
        return replacing == nil ? [.exportName] : [.confirm]
    }
}

/// The export dialog's texts, from the wording tables.
enum ExportTexts {
    static var replaceButtons: [String] { [Text.exportButtonReplace.text, Text.exportButtonKeep.text] }

    static func what(_ kind: EntityKind, rows: Int) -> String {
        let noun: Text
        switch kind {
        case .scenario: noun = .exportNounScenarios
        case .model: noun = .exportNounModels
        case .center: noun = .exportNounCenters
        }
        return Text.exportWhat(rows, noun.text)
    }

    static func folder(_ directory: String) -> String { Text.exportFolder(directory) }
    static func unknownFormat(_ name: String) -> String { Text.exportBadExtension(name) }
    static func replaceBody(_ path: String) -> [String] { Text.exportReplaceBody.lines(path) }
    static func exported(_ rows: Int, _ path: String) -> String { Text.exportExported(rows, path) }
    static func failed(_ reason: String) -> String { Text.exportFailed(reason) }
}

enum ExportUpdate {
    /// Opens the dialog over the list shown (`x`).
    static func open(_ state: inout AppState) -> [Effect] {
        guard let kind = state.tab.kind else {
            state.message = Text.exportNotAList.text
            return []
        }
        let query = state.list.query(offset: 0, limit: nil)
        let name = ExportTable.suggestedFileName(query, taxonomy: state.taxonomy, date: state.today)
        state.push(.export(ExportDialog(kind: kind, query: query, rows: state.list.total, directory: state.startDirectory, name: name)))
        return []
    }

    static func key(_ key: Key, _ state: inout AppState) -> [Effect] {
        guard case .export(var dialog) = state.top, !dialog.writing else { return [] }
        let command = KeyBindings.command(for: key, in: dialog.keyContexts)
        if let path = dialog.replacing {
            switch command {
            case .confirm: return write(path, replace: true, &dialog, &state)
            case .choose:
                if dialog.replaceSelected { return write(path, replace: true, &dialog, &state) }
                dialog.replacing = nil
            case .nextField, .previousField: dialog.replaceSelected.toggle()
            case .back: dialog.replacing = nil
            default: break
            }
            state.replaceTop(.export(dialog))
            return []
        }
        switch command {
        case .back:
            state.pop()
            return []
        case .confirm:
            let name = dialog.name.text.trimmedSpaces
            guard !name.isEmpty else {
                state.message = Text.exportEmptyName.text
                return []
            }
            return write(SheetPaths.resolve(name, in: dialog.directory), replace: false, &dialog, &state)
        default:
            if dialog.name.handle(key) { state.replaceTop(.export(dialog)) }
            return []
        }
    }

    static func write(_ path: String, replace: Bool, _ dialog: inout ExportDialog, _ state: inout AppState) -> [Effect] {
        guard let format = ExportFormat(fileName: path) else {
            state.message = ExportTexts.unknownFormat(dialog.name.text.trimmedSpaces)
            return []
        }
        dialog.replacing = nil
        dialog.writing = true
        state.replaceTop(.export(dialog))
        return [.sheets(.export(dialog.query, path: path, format: format, replace: replace))]
    }

    /// The answers of export work.
    static func apply(_ result: SheetResult, _ state: inout AppState) -> [Effect] {
        guard case .export(var dialog) = state.top else { return [] }
        dialog.writing = false
        switch result {
        case .exportExists(let path):
            dialog.replacing = path
            dialog.replaceSelected = false
            state.replaceTop(.export(dialog))
        case .exported(let path, let rows):
            state.pop()
            state.message = ExportTexts.exported(rows, path)
        case .exportFailed(let reason):
            // The dialog stays, so that another name or folder can be typed.
            dialog.replacing = nil
            state.replaceTop(.export(dialog))
            state.message = ExportTexts.failed(reason)
        default:
            break
        }
        return []
    }
}

/// Paths typed in the terminal UI, taken relative to the folder scencat was started in.
enum SheetPaths {
    /// `name` as a full path: absolute as typed, else under `directory`; `.` and `..` resolved.
    static func resolve(_ name: String, in directory: String) -> String {
        let raw = name.hasPrefix("/") ? name : directory + "/" + name
        var parts: [Substring] = []
        for part in raw.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }
}

extension AppState {
    /// Replaces the top layer (a dialog or wizard that changed).
    mutating func replaceTop(_ layer: Layer) {
        if layers.isEmpty { layers.append(layer) } else { layers[layers.count - 1] = layer }
    }
}

enum ExportView {
    static func render(_ dialog: ExportDialog, _ state: AppState, into buffer: inout Buffer) {
        let full = Rect(size: state.size)
        if let path = dialog.replacing {
            let modal = Modal(title: " \(Text.exportReplaceTitle.text) ", body: ExportTexts.replaceBody(path), buttons: ExportTexts.replaceButtons,
                              selectedButton: dialog.replaceSelected ? 0 : 1, maxWidth: min(76, state.size.width - 2), minWidth: 40,
                              borderStyle: Theme.error, selectedButtonStyle: Style(bold: true, reverse: true))
            buffer.render(modal, in: full)
            return
        }
        let head = [ExportTexts.what(dialog.kind, rows: dialog.rows), ""]
        let body = head + [Text.exportNameLabel.text, ExportTexts.folder(dialog.directory), Text.exportFormats.text, "",
                           dialog.writing ? Text.exportWriting.text : Text.exportKeys.text]
        let modal = Modal(title: " \(Text.exportTitle.text) ", body: body, maxWidth: min(76, state.size.width - 2), minWidth: 60, borderStyle: Theme.title)
        buffer.render(modal, in: full)
        // The name is typed in place, with the terminal's cursor in it.
        let inner = modal.frame(in: full).inset(horizontal: 2, vertical: 1)
        let above = head.reduce(0) { $0 + TextWrap.wrap($1, width: max(1, inner.width)).count }
        let x = inner.x + Text.exportNameLabel.text.displayWidth
        guard above < inner.height, x < inner.maxX else { return }
        var input = dialog.name
        input.keepCursorVisible(width: inner.maxX - x)
        buffer.render(input, in: Rect(x: x, y: inner.y + above, width: inner.maxX - x, height: 1))
    }
}
