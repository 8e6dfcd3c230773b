import CatalogCore
import TerminalKit

/// An opened entity: the breadcrumb of the path that led here, its fields, and its links,
/// one of which is selected for Enter to follow.
enum DetailView {
    static func render(_ state: AppState, layout: ScreenLayout, into buffer: inout Buffer) {
        let steps = state.path.map { d in d.preview.map { "\($0.entity.displayName)" } ?? d.id }
        let area = layout.context.inset(horizontal: 1)
        // The tab's Chinese name alone when the whole path would not fit otherwise: better
        // than losing the first steps of the path.
        var crumb = Breadcrumb(items: [state.tab.title] + steps, currentStyle: Theme.title)
        if crumb.visibleItems(width: area.width).first == "…" { crumb.items[0] = state.tab.shortTitle }
        buffer.render(crumb, in: area)
        guard let d = state.path.last else { return }
        let body = layout.body
        guard let p = d.preview else {
            let text = d.missing ? "没有此 id · no entity with id '\(d.id)' — backspace to go back" : "载入中 loading \(d.id)…"
            buffer.put(text, x: body.x + 1, y: body.y + 1, style: d.missing ? Theme.error : Theme.dim, maxWidth: body.width - 2)
            return
        }
        let box = Border(title: " \(p.entity.kind.rawValue) · \(p.entity.id) ", style: Theme.dim, titleStyle: Theme.title)
        buffer.render(box, in: body)
        let inner = Border.inner(body).inset(horizontal: 1)
        let paragraphs = EntityPage.paragraphs(p, state: state, compact: false, selectedLink: p.links.isEmpty ? nil : d.selectedLink)
        // Scroll so that the selected link stays on screen.
        var offset = 0
        if !p.links.isEmpty, inner.width > 1 {
            var lineOfLink = 0
            var linkIndex = -1
            var group = ""
            outer: for para in paragraphs {
                let isLinkLine = para.count == 2 && (para[0].text == "▶ " || para[0].text == "  ")
                if isLinkLine { linkIndex += 1 }
                if isLinkLine && linkIndex == d.selectedLink { break outer }
                _ = group
                group = ""
                lineOfLink += max(1, TextWrap.wrap(para, width: inner.width - 1).count)
            }
            if lineOfLink >= inner.height - 1 { offset = lineOfLink - inner.height + 2 }
        }
        buffer.render(ScrollView(paragraphs: paragraphs, offset: offset), in: inner)
    }
}
