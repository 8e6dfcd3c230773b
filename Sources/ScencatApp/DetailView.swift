import CatalogCore
import TerminalKit
import Wording

/// An opened entity: the breadcrumb of the path that led here, its fields, and its links,
/// one of which is selected for Enter to follow.
enum DetailView {
    static func render(_ d: DetailScreen, _ state: AppState, frame: FrameLayout, into buffer: inout Buffer) {
        let layout = frame.screen
        // The page covers the list beneath.
        buffer.fill(layout.context)
        buffer.fill(layout.body)
        let steps = state.path.map { d in d.preview.map { "\($0.entity.displayName)" } ?? d.id }
        let area = layout.context.inset(horizontal: 1)
        // The tab's Chinese name alone when the whole path would not fit otherwise: better
        // than losing the first steps of the path.
        var crumb = Breadcrumb(items: [state.tab.title] + steps, currentStyle: Theme.title)
        if crumb.visibleItems(width: area.width).first == "…" { crumb.items[0] = state.tab.shortTitle }
        buffer.render(crumb, in: area)
        let body = layout.body
        guard let p = d.preview else {
            if let problem = d.problem {
                buffer.render(ScrollView(text: problem, showsScrollbar: false, style: Theme.error), in: body.inset(horizontal: 1))
                return
            }
            let text = d.missing ? Text.noSuchIdBack(d.id) : Text.loadingId(d.id)
            buffer.put(text, x: body.x + 1, y: body.y + 1, style: d.missing ? Theme.error : Theme.dim, maxWidth: body.width - 2)
            return
        }
        let box = Border(title: " \(Names.kind(p.entity.kind)) · \(p.entity.id) ", style: Theme.dim, titleStyle: Theme.title)
        buffer.render(box, in: body)
        let inner = frame.detailInner
        let paragraphs = EntityPage.paragraphs(p, state: state, compact: false, selectedLink: p.links.isEmpty ? nil : d.selectedLink)
        buffer.render(ScrollView(paragraphs: paragraphs, offset: offset(d, p, paragraphs, inner)), in: inner)
    }

    /// The pane's text area for a screen size.
    static func inner(_ size: Size, tab: Tab) -> Rect {
        Border.inner(ScreenLayout(size: size, tab: tab).body).inset(horizontal: 1)
    }

    /// The first line shown: with links, so that the selected one is on screen (with a line
    /// below it when there is one); without, where j / k scrolled to.
    static func offset(_ d: DetailScreen, _ p: EntityPreview, _ paragraphs: [[Span]], _ inner: Rect) -> Int {
        let view = ScrollView(paragraphs: paragraphs)
        let maxOffset = view.maxOffset(for: inner)
        guard !p.links.isEmpty else { return min(max(0, d.scroll), maxOffset) }
        // A center's page opens at its top, where its chart is; moving to a link scrolls to it.
        if case .center = p.entity, !d.moved { return 0 }
        let width = view.layout(for: inner).width
        var line = 0
        var linkIndex = -1
        for para in paragraphs {
            let height = max(1, TextWrap.wrap(para, width: width).count)
            if EntityPage.isLinkLine(para) {
                linkIndex += 1
                if linkIndex == d.selectedLink {
                    let last = line + height - 1
                    // From the top when it is on screen there; else a line of context below it.
                    if last < inner.height { return 0 }
                    return min(min(last + 2 - inner.height, line), maxOffset)
                }
            }
            line += height
        }
        return 0
    }
}
