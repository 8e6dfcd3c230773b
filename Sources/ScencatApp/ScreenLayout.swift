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

/// The numbers of one frame that both `render` (what it draws) and `update` (how far a key moves
/// or scrolls) need: one pure function of the state, computed once per frame. `update` reads
/// these instead of asking a view to lay itself out again; views keep the drawing. What costs
/// more than arithmetic (the help text's length, a detail page's text, a form's lines) is a
/// computed property, worked out only when a key or a panel needs it.
public struct FrameLayout: Sendable {
    /// Where each part of the screen goes (the list/preview split included).
    public let screen: ScreenLayout
    /// Data rows the list table shows.
    public let listRows: Int
    /// Options a pick list shows.
    public let pickerRows: Int
    /// Hits the search panel shows.
    public let searchHits: Int
    /// The help panel: its text area, and the largest scroll that still fills it.
    public let helpInner: Rect
    public var helpMaxScroll: Int {
        max(0, Overlays.helpLines(width: max(1, helpInner.width - 2)).count - helpInner.height)
    }
    /// Lines one page-down moves in the help panel (one line of the last page stays).
    public var helpPage: Int { max(1, helpInner.height - 1) }
    /// Problems the errors panel shows.
    public let errorsRows: Int
    /// Lines the compare dialog shows, entries the history dialog shows.
    public let compareRows: Int
    public let historyRows: Int
    /// Lines for tables and text on the Publications screen under its title, and the quarters
    /// table's rows above the selected quarter's detail.
    public let publicationsPage: Int
    public var publicationsQuarterRows: Int { max(1, publicationsPage - PublicationsView.detailHeight) }
    /// Rows one page of the Sync screen's tables shows.
    public let syncPage: Int
    /// The form's body, and how far page-down moves its focus.
    public let formBody: Rect
    public var formPage: Int { max(1, formBody.height / 2) }
    /// The text area of a detail page.
    public let detailInner: Rect
    public var detailPage: Int { max(1, detailInner.height - 1) }

    private let state: AppState

    public init(_ state: AppState) {
        self.state = state
        let size = state.size
        screen = state.layout
        listRows = screen.tableRows
        pickerRows = PickerUpdate.visible(size)
        // The search table's header and the filter line take three of its lines.
        searchHits = max(1, Border.inner(Overlays.searchRect(size)).height - 3)
        helpInner = Overlays.helpInner(size)
        errorsRows = max(1, Border.inner(Overlays.errorsRect(size)).height)
        // The compare dialog's column titles take two lines; a history entry takes two.
        compareRows = max(1, Border.inner(EditView.compareRect(size)).height - 2)
        historyRows = max(1, Border.inner(EditView.historyRect(size)).height / 2)
        let plain = ScreenLayout(size: size, tab: state.tab)
        let page = plain.context.union(plain.body)
        // The Publications screen's title and the line under it; the Sync screen's title,
        // its table header and the line under it.
        publicationsPage = max(1, page.height - 2)
        syncPage = max(1, page.height - 3)
        formBody = plain.body
        detailInner = Border.inner(plain.body).inset(horizontal: 1)
    }

    /// How far j / k can scroll the open detail page (a page without links); computed when asked.
    public var detailMaxScroll: Int {
        guard let d = state.path.last, let p = d.preview else { return 0 }
        let paragraphs = EntityPage.paragraphs(p, state: state, compact: false)
        return ScrollView(paragraphs: paragraphs).maxOffset(for: detailInner)
    }

    /// The first line of the top form to show so that its focused field is in view.
    public var formScroll: Int {
        guard let form = state.form else { return 0 }
        return FormView.scroll(FormView.mainLines(form, size: state.size), focus: form.main.focus,
                               height: formBody.height, current: form.scroll)
    }

    /// Columns a text area of the top form is drawn at (its cursor moves by them).
    public var formValueWidth: Int {
        guard let form = state.form else { return 1 }
        return FormView.mainValueWidth(form, size: state.size)
    }

    /// Columns a text area of the form's open row editor is drawn at.
    public var rowValueWidth: Int {
        guard let row = state.form?.row else { return 1 }
        return FormView.rowValueWidth(row, size: state.size)
    }
}

extension AppState {
    /// This frame's numbers (see `FrameLayout`).
    public var frameLayout: FrameLayout { FrameLayout(self) }
}
