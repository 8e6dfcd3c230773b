import TerminalKit

/// Where each part of the screen goes for a terminal size: one pure function that both `update`
/// (how many rows a page has) and `render` use, so they always agree.
public struct ScreenLayout: Sendable, Equatable {
    public var header: Rect
    public var tabs: Rect
    /// Filter chips, or the breadcrumb in a detail view.
    public var context: Rect
    public var body: Rect
    public var status: Rect
    public var hints: Rect
    /// Scenario list parts inside `body`.
    public var sidebar: Rect
    public var table: Rect
    public var preview: Rect

    /// The preview keeps at least this many lines when a short list takes the rest.
    public static let minimumPreview = 5

    /// `rows`: how many rows the list has; a short list takes room from the preview so that its
    /// last rows are never hidden under it.
    public init(size: Size, tab: Tab, rows count: Int? = nil) {
        let full = Rect(size: size)
        let rows = full.rows([.length(1), .length(1), .length(1), .fill(1), .length(1), .length(1)])
        header = rows[0]
        tabs = rows[1]
        context = rows[2]
        body = rows[3]
        status = rows[4]
        hints = rows[5]
        let sidebarWidth = tab == .scenarios ? (size.width >= 100 ? 20 : 16) : 0
        let columns = body.columns([.length(sidebarWidth), .fill(1)], spacing: sidebarWidth > 0 ? 1 : 0)
        sidebar = sidebarWidth > 0 ? columns[0] : Rect(x: body.x, y: body.y, width: 0, height: body.height)
        let main = sidebarWidth > 0 ? columns[1] : body
        let parts = main.rows([.percentage(58), .fill(1)])
        table = parts[0]
        preview = parts[1]
        if let count, count + 1 > table.height, count + 1 <= main.height - Self.minimumPreview {
            let grown = count + 1
            table.height = grown
            preview = Rect(x: main.x, y: main.y + grown, width: main.width, height: main.height - grown)
        }
    }

    /// Data rows visible in the table (its first line is the header).
    public var tableRows: Int { max(1, table.height - 1) }
}
