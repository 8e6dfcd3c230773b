import CatalogCore
import CatalogIndex
import CatalogSheets
import TerminalKit

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

/// The export dialog's texts, together so that they can move into the message tables.
enum ExportTexts {
    static let title = "导出 Export"
    static let replaceTitle = "文件已存在 File exists"
    static let nameLabel = "文件名 File name: "
    static let formats = "扩展名决定格式 the extension chooses the format: .xlsx .csv .json .yaml"
    static let keys = "enter 导出 export · esc 取消 cancel"
    static let writing = "正在写入 writing…"
    static let replaceButtons = ["y 替换 Replace", "n 保留 Keep"]
    static let emptyName = "请输入文件名 · type a file name"
    static let notAList = "只能导出列表 · x exports a list (Scenarios, Models, Centers)"

    static func what(_ kind: EntityKind, rows: Int) -> String {
        let noun: String
        switch kind {
        case .scenario: noun = "场景 scenarios"
        case .model: noun = "模型 models"
        case .center: noun = "算力中心 centers"
        }
        return "列表所示的 \(rows) 行 · the \(rows) rows the list shows (\(noun)), its filters and sort"
    }

    static func folder(_ directory: String) -> String { "位于 in \(directory)" }
    static func unknownFormat(_ name: String) -> String {
        "「\(name)」：扩展名须为 .xlsx .csv .json .yaml · the name must end in .xlsx, .csv, .json or .yaml"
    }
    static func replaceBody(_ path: String) -> [String] {
        ["\(path) 已存在，替换它吗？", "\(path) exists. Replace it?"]
    }
    static func exported(_ rows: Int, _ path: String) -> String { "已导出 \(rows) 行 · exported \(rows) rows → \(path)" }
    static func failed(_ reason: String) -> String { "导出失败，未写入 · export failed, nothing written: \(reason)" }
}

enum ExportUpdate {
    /// Opens the dialog over the list shown (`x`).
    static func open(_ state: inout AppState) -> [Effect] {
        guard let kind = state.tab.kind else {
            state.message = ExportTexts.notAList
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
                state.message = ExportTexts.emptyName
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
            let modal = Modal(title: " \(ExportTexts.replaceTitle) ", body: ExportTexts.replaceBody(path), buttons: ExportTexts.replaceButtons,
                              selectedButton: dialog.replaceSelected ? 0 : 1, maxWidth: min(76, state.size.width - 2), minWidth: 40,
                              borderStyle: Theme.error, selectedButtonStyle: Style(bold: true, reverse: true))
            buffer.render(modal, in: full)
            return
        }
        let head = [ExportTexts.what(dialog.kind, rows: dialog.rows), ""]
        let body = head + [ExportTexts.nameLabel, ExportTexts.folder(dialog.directory), ExportTexts.formats, "",
                           dialog.writing ? ExportTexts.writing : ExportTexts.keys]
        let modal = Modal(title: " \(ExportTexts.title) ", body: body, maxWidth: min(76, state.size.width - 2), minWidth: 60, borderStyle: Theme.title)
        buffer.render(modal, in: full)
        // The name is typed in place, with the terminal's cursor in it.
        let inner = modal.frame(in: full).inset(horizontal: 2, vertical: 1)
        let above = head.reduce(0) { $0 + TextWrap.wrap($1, width: max(1, inner.width)).count }
        let x = inner.x + ExportTexts.nameLabel.displayWidth
        guard above < inner.height, x < inner.maxX else { return }
        var input = dialog.name
        input.keepCursorVisible(width: inner.maxX - x)
        buffer.render(input, in: Rect(x: x, y: inner.y + above, width: inner.maxX - x, height: 1))
    }
}
