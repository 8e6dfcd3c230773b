import CatalogCore
import Publishing
import TerminalKit
import Wording

/// Draws the Publications screen over the tabs' body, with a fifth tab in the tab row while it
/// is open; the header, status and hint lines stay.
enum PublicationsView {
    /// Everything between the tab row and the status line.
    static func area(_ state: AppState) -> Rect {
        let layout = ScreenLayout(size: state.size, tab: state.tab)
        return layout.context.union(layout.body)
    }

    /// Lines the quarters screen keeps under its table for the selected quarter.
    static let detailHeight = 7

    static let title = "发布 Publications"
    static let shortTitle = "发布"

    static func render(_ screen: PublicationsScreen, _ state: AppState, layout: ScreenLayout, into buffer: inout Buffer) {
        buffer.render(state.tabsWidget, in: layout.tabs)
        let area = area(state)
        buffer.fill(area)
        var body = Rect(x: area.x, y: area.y + 1, width: area.width, height: max(0, area.height - 1))
        if let note = screen.note, body.height > 2 {
            buffer.put(" " + note, x: body.x, y: body.maxY - 1, style: note.hasPrefix("已") || note.hasPrefix("全部") ? Theme.title : Theme.warning,
                       maxWidth: body.width)
            body.height -= 1
        }
        switch screen.mode {
        case .quarters: quarters(screen, area, body, &buffer)
        case .browse: browse(screen, area, body, &buffer)
        case .record:
            heading(" \(screen.browseQuarter ?? "") · \(screen.recordTitle)  (只读 read-only)", area, &buffer)
            text(screen.recordLines.isEmpty ? ["  … 读取中 reading"] : screen.recordLines, scroll: screen.recordScroll, body, &buffer)
        case .changes:
            heading(" \(screen.changesQuarter ?? "") · 变化 Changes against the previous quarter", area, &buffer)
            text(screen.changesLines.isEmpty ? ["  … 比较中 comparing"] : screen.changesLines, scroll: screen.changesScroll, body, &buffer)
        case .wizard: wizard(screen, area, body, &buffer)
        }
        // The status line: where in the list, unless a message is showing.
        if state.message == nil {
            var left = ""
            var right = ""
            switch screen.mode {
            case .quarters:
                left = "\(screen.quarters.count) 个已发布季度 published quarters"
                if !screen.quarters.isEmpty { right = "\(screen.cursor.selected + 1)/\(screen.quarters.count) " }
            case .browse:
                left = "\(screen.rows.count) 个场景 scenarios · \(screen.browseQuarter ?? "")"
                if !screen.rows.isEmpty { right = "\(screen.rowCursor.selected + 1)/\(screen.rows.count) " }
            default:
                left = title
            }
            buffer.render(StatusLine(left: " " + left, right: right, style: Theme.status), in: layout.status)
        }
    }

    static func heading(_ text: String, _ area: Rect, _ buffer: inout Buffer) {
        buffer.put(text, x: area.x, y: area.y, style: Theme.title, maxWidth: area.width)
    }

    static func text(_ lines: [String], scroll: Int, _ area: Rect, _ buffer: inout Buffer) {
        let paragraphs = lines.map { [Span($0)] }
        buffer.render(ScrollView(paragraphs: paragraphs, offset: scroll, showsScrollbar: lines.count > area.height), in: area.inset(horizontal: 1))
    }

    static func quarters(_ screen: PublicationsScreen, _ area: Rect, _ body: Rect, _ buffer: inout Buffer) {
        heading(" \(title) · 已发布的季度清单 published quarterly lists", area, &buffer)
        guard screen.loaded else {
            buffer.put("  … 读取中 reading publications/", x: body.x, y: body.y, style: Theme.dim, maxWidth: body.width)
            return
        }
        if screen.quarters.isEmpty {
            buffer.put("  尚未发布 · nothing published yet — p 发布一个季度 publish a quarter", x: body.x, y: body.y,
                       style: Theme.dim, maxWidth: body.width)
            return
        }
        let tableArea = Rect(x: body.x, y: body.y, width: body.width, height: max(2, body.height - detailHeight))
        let columns: [Table.Column] = [
            .init("季度 Quarter", width: .fixed(12)), .init("场景", width: .fixed(6), alignment: .right),
            .init("PFLOPS", width: .fixed(10), alignment: .right), .init("发布日期", width: .fixed(10)),
            .init("签名 Signer", width: .flex(min: 8, weight: 1)), .init("校验 Check", width: .flex(min: 12, weight: 2)),
        ]
        let rows = screen.quarters.map { s -> [String] in
            let m = s.manifest
            let check = screen.verification[s.quarter.description]
            return [s.quarter.description + (m.map { $0.superseded.isEmpty ? "" : " ↻\($0.superseded.count)" } ?? ""),
                    m.map { String($0.scenarios) } ?? "?", m.map { Figures.pflops($0.pflops) } ?? "",
                    m?.published ?? "", m?.signer?.name ?? "—", check?.badge ?? (s.error != nil ? "✗ \(s.error!)" : "… 校验中 checking")]
        }
        let styles: [Style?] = screen.quarters.map { s in
            let check = screen.verification[s.quarter.description]
            return check.map { $0.ok ? nil : Theme.error } ?? (s.error != nil ? Theme.error : nil)
        }
        buffer.render(Table(columns: columns, rows: rows, selected: screen.cursor.selected, offset: screen.cursor.offset,
                            selectedStyle: Theme.focus, rowStyles: styles), in: tableArea)
        // The selected quarter: where it came from, what changed, what failed.
        guard let s = screen.selectedQuarter else { return }
        let detail = Rect(x: body.x, y: tableArea.maxY, width: body.width, height: max(0, body.maxY - tableArea.maxY))
        guard detail.height > 1 else { return }
        buffer.render(Border(title: " \(s.path) ", style: Theme.dim, titleStyle: Theme.title), in: detail)
        var lines: [String] = []
        if let m = s.manifest {
            lines.append("目录版本 commit \(String(m.commit.prefix(12))) · \(m.commitDate) · 签名 \(m.signer.map { "\($0.name) (\($0.keyId))" } ?? "无 none")")
            if let prev = m.previous {
                lines.append("相对 \(prev)：新增 \(m.added ?? 0)，变更 \(m.changed ?? 0)，撤回 \(m.withdrawn ?? 0)，移除 \(m.removed ?? 0) — c 查看 shows them")
            } else {
                lines.append("首次发布 first publication — c 查看 shows it")
            }
            if let last = m.superseded.last { lines.append("已替换 \(m.superseded.count) 次 superseded; 最近 last: \(last.reason)") }
        } else if let e = s.error {
            lines.append(e)
        }
        if let check = screen.verification[s.quarter.description] {
            lines += check.problems.prefix(max(0, detail.height - 2 - lines.count))
        }
        let inner = Border.inner(detail)
        for (i, line) in lines.prefix(inner.height).enumerated() {
            let style: Style = line.contains(": error: ") ? Theme.error : (line.contains(": warning: ") ? Theme.warning : .plain)
            buffer.put(line, x: inner.x, y: inner.y + i, style: style, maxWidth: inner.width)
        }
    }

    static func browse(_ screen: PublicationsScreen, _ area: Rect, _ body: Rect, _ buffer: inout Buffer) {
        heading(" \(screen.browseQuarter ?? "") · 已发布清单 published list (只读 read-only)", area, &buffer)
        if screen.rowsLoading {
            buffer.put("  … 读取中 reading list.yaml", x: body.x, y: body.y, style: Theme.dim, maxWidth: body.width)
            return
        }
        var columns: [Table.Column] = []
        let withIds = body.width >= ListScreenView.scenarioIdsFrom
        if withIds { columns.append(.init("ID", width: .flex(min: 10, weight: 3))) }
        columns += [.init("标题 Title", width: .flex(min: 10, weight: 4)), .init("行业", width: .fixed(8)), .init("城市", width: .fixed(6)),
                    .init("阶段", width: .fixed(4)), .init("PFLOPS", width: .fixed(8), alignment: .right)]
        // Only the rows on screen are turned into cells.
        let visible = max(1, body.height - 1)
        let offset = Table(columns: [], rows: [], totalRows: screen.rows.count, selected: screen.rowCursor.selected,
                           offset: screen.rowCursor.offset).effectiveOffset(forHeight: body.height)
        let window = screen.rows.indices.clamped(to: offset..<min(screen.rows.count, offset + visible))
        let cells = window.map { i -> [String] in
            let r = screen.rows[i]
            var c: [String] = withIds ? [r.id] : []
            c += [r.title, r.sectorName, r.cityName, Names.short(r.stage), r.quarterPflops]
            return c
        }
        buffer.render(Table(columns: columns, rows: cells, totalRows: screen.rows.count, firstRow: window.lowerBound,
                            selected: screen.rows.isEmpty ? nil : screen.rowCursor.selected, offset: offset,
                            selectedStyle: Theme.focus, emptyText: "（空）empty list"), in: body)
    }

    static func wizard(_ screen: PublicationsScreen, _ area: Rect, _ body: Rect, _ buffer: inout Buffer) {
        guard let w = screen.wizard else { return }
        heading(" 发布 Publish · \(w.quarter?.description ?? "…")   ← → 换季度 another quarter", area, &buffer)
        var lines: [(String, Style)] = []
        if w.running {
            lines.append(("  … 发布中 publishing \(w.quarter?.description ?? "")", Theme.dim))
        } else if w.computing || w.preview == nil {
            lines.append(("  … 检查中 checking the catalogue, the index and git", Theme.dim))
        } else if let p = w.preview {
            if p.errors.isEmpty {
                lines.append(("将列出 \(p.scenarios) 个场景，本季度算力 \(Figures.pflops(p.pflops)) PFLOPS (FP16)", Theme.title))
                lines.append(("will list \(p.scenarios) approved scenarios listable in \(p.quarter)", .plain))
                if let prev = p.previous {
                    lines.append(("相对 \(prev)：新增 \(p.added ?? 0)，变更 \(p.changed ?? 0)，撤回 \(p.withdrawn ?? 0)，移除 \(p.removed ?? 0)", .plain))
                } else {
                    lines.append(("首次发布 first publication (no earlier quarter)", .plain))
                }
                lines.append(("签名 signing: \(p.signer ?? "无 unsigned (no key of keys/*.pub here; SCENCAT_KEY names one)")", .plain))
                // Named, recorded in manifest.json, and no reason to refuse.
                for o in p.oversubscribed { lines.append(("  ⚠ 超负荷 " + o + "（记入 manifest.json）", Theme.warning)) }
            }
            // What decides it comes before the breakdown, so it shows on any screen.
            if p.blockers.isEmpty && p.errors.isEmpty {
                lines.append(("可以发布 · ready: Enter / y publishes (asks first)", Theme.title))
            } else {
                lines.append(("无法发布 · publishing is blocked:", Theme.error))
                // Wrapped: a blocker says what to do, and its end matters as much as its start.
                let width = max(20, body.width - 5)
                for b in p.blockers {
                    for (i, part) in TextWrap.wrap(b, width: width).enumerated() {
                        lines.append(((i > 0 || b.hasPrefix(" ") ? "    " : "  ! ") + part, Theme.warning))
                    }
                }
                for e in p.errors {
                    for part in TextWrap.wrap(e, width: width) { lines.append(("  " + part, Theme.error)) }
                }
            }
            if p.errors.isEmpty {
                lines.append(("", .plain))
                for s in p.sectors { lines.append(("  \(s.name)  \(s.scenarios) 个 · \(Figures.pflops(s.pflops)) PFLOPS", .plain)) }
            }
        }
        // The result of the last publish first: it must not fall below the screen's end.
        lines.insert(contentsOf: w.outcome.map { ($0, Theme.warning) }, at: 0)
        for (i, (line, style)) in lines.prefix(body.height).enumerated() {
            buffer.put(line, x: body.x + 1, y: body.y + i, style: style, maxWidth: body.width - 1)
        }
        if w.confirming, let q = w.quarter, let p = w.preview {
            let text = ["发布 \(q)：\(p.scenarios) 个场景，写入 publications/\(q)/（之后提交）。",
                        "Publish \(q): \(p.scenarios) scenarios into publications/\(q)/ (commit it afterwards)."]
            let modal = Modal(title: "发布？ Publish \(q)?", body: text, buttons: ["y 是 yes", "n 否 no"], selectedButton: 0,
                              maxWidth: min(76, area.width - 2))
            buffer.render(modal, in: area)
        }
    }
}
