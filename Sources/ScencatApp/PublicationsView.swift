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

    static var title: String { Text.publicationsTitle.text }
    static var shortTitle: String { Text.publicationsShortTitle.text }

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
            heading(Text.pubRecordTitle(screen.browseQuarter ?? "", screen.recordTitle), area, &buffer)
            text(screen.recordLines.isEmpty ? [Text.pubReading.text] : screen.recordLines, scroll: screen.recordScroll, body, &buffer)
        case .changes:
            heading(Text.pubChangesTitle(screen.changesQuarter ?? ""), area, &buffer)
            text(screen.changesLines.isEmpty ? [Text.pubComparing.text] : screen.changesLines, scroll: screen.changesScroll, body, &buffer)
        case .wizard: wizard(screen, area, body, &buffer)
        }
        // The status line: where in the list, unless a message is showing.
        if state.message == nil {
            var left = ""
            var right = ""
            switch screen.mode {
            case .quarters:
                left = Text.pubQuarterCount(screen.quarters.count)
                if !screen.quarters.isEmpty { right = "\(screen.cursor.selected + 1)/\(screen.quarters.count) " }
            case .browse:
                left = Text.pubScenarioCount(screen.rows.count, screen.browseQuarter ?? "")
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
        heading(Text.pubQuartersTitle(title), area, &buffer)
        guard screen.loaded else {
            buffer.put(Text.pubReadingFolder.text, x: body.x, y: body.y, style: Theme.dim, maxWidth: body.width)
            return
        }
        if screen.quarters.isEmpty {
            buffer.put(Text.pubNothingYet.text, x: body.x, y: body.y,
                       style: Theme.dim, maxWidth: body.width)
            return
        }
        let tableArea = Rect(x: body.x, y: body.y, width: body.width, height: max(2, body.height - detailHeight))
        let columns: [Table.Column] = [
            .init(Text.pubColumnQuarter.text, width: .fixed(12)), .init(Text.pubColumnScenarios.text, width: .fixed(6), alignment: .right),
            .init("PFLOPS", width: .fixed(10), alignment: .right), .init(Text.pubColumnDate.text, width: .fixed(10)),
            .init(Text.pubColumnSigner.text, width: .flex(min: 8, weight: 1)), .init(Text.pubColumnCheck.text, width: .flex(min: 12, weight: 2)),
        ]
        let rows = screen.quarters.map { s -> [String] in
            let m = s.manifest
            let check = screen.verification[s.quarter.description]
            return [s.quarter.description + (m.map { $0.superseded.isEmpty ? "" : " ↻\($0.superseded.count)" } ?? ""),
                    m.map { String($0.scenarios) } ?? "?", m.map { Figures.pflops($0.pflops) } ?? "",
                    m?.published ?? "", m?.signer?.name ?? "—", check?.badge ?? (s.error != nil ? "✗ \(s.error!)" : Text.pubChecking.text)]
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
            lines.append(Text.pubCommitLine(String(m.commit.prefix(12)), m.commitDate, m.signer.map { "\($0.name) (\($0.keyId))" } ?? Text.pubNone.text))
            if let prev = m.previous {
                lines.append(Text.pubAgainstShows(prev, m.added ?? 0, m.changed ?? 0, m.withdrawn ?? 0, m.removed ?? 0))
            } else {
                lines.append(Text.pubFirstShows.text)
            }
            if let last = m.superseded.last { lines.append(Text.pubSuperseded(m.superseded.count, last.reason)) }
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
        heading(Text.pubListTitle(screen.browseQuarter ?? ""), area, &buffer)
        if screen.rowsLoading {
            buffer.put(Text.pubReadingList.text, x: body.x, y: body.y, style: Theme.dim, maxWidth: body.width)
            return
        }
        var columns: [Table.Column] = []
        let withIds = body.width >= ListScreenView.scenarioIdsFrom
        if withIds { columns.append(.init("ID", width: .flex(min: 10, weight: 3))) }
        columns += [.init(Text.columnTitle.text, width: .flex(min: 10, weight: 4)), .init(Text.pubColumnSector.text, width: .fixed(8)), .init(Text.sortCity.text, width: .fixed(6)),
                    .init(Text.sortStage.text, width: .fixed(4)), .init("PFLOPS", width: .fixed(8), alignment: .right)]
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
                            selectedStyle: Theme.focus, emptyText: Text.pubEmptyList.text), in: body)
    }

    static func wizard(_ screen: PublicationsScreen, _ area: Rect, _ body: Rect, _ buffer: inout Buffer) {
        guard let w = screen.wizard else { return }
        heading(Text.publishTitle(w.quarter?.description ?? "…"), area, &buffer)
        var lines: [(String, Style)] = []
        if w.running {
            lines.append((Text.publishing(w.quarter?.description ?? ""), Theme.dim))
        } else if w.computing || w.preview == nil {
            lines.append((Text.publishChecking.text, Theme.dim))
        } else if let p = w.preview {
            if p.errors.isEmpty {
                for (i, line) in Text.publishWillList.lines(p.scenarios, Figures.pflops(p.pflops), p.quarter).enumerated() {
                    lines.append((line, i == 0 ? Theme.title : .plain))
                }
                if let prev = p.previous {
                    lines.append((Text.publishAgainst(prev, p.added ?? 0, p.changed ?? 0, p.withdrawn ?? 0, p.removed ?? 0), .plain))
                } else {
                    lines.append((Text.publishFirst.text, .plain))
                }
                lines.append((Text.publishSigning(p.signer ?? Text.publishUnsigned.text), .plain))
                // Named, recorded in manifest.json, and no reason to refuse.
                for o in p.oversubscribed { lines.append((Text.publishOverbooked.text + o + Text.publishRecorded.text, Theme.warning)) }
            }
            // What decides it comes before the breakdown, so it shows on any screen.
            if p.blockers.isEmpty && p.errors.isEmpty {
                lines.append((Text.publishReady.text, Theme.title))
            } else {
                lines.append((Text.publishBlocked.text, Theme.error))
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
                for s in p.sectors { lines.append((Text.publishSectorLine(s.name, s.scenarios, Figures.pflops(s.pflops)), .plain)) }
            }
        }
        // The result of the last publish first: it must not fall below the screen's end.
        lines.insert(contentsOf: w.outcome.map { ($0, Theme.warning) }, at: 0)
        for (i, (line, style)) in lines.prefix(body.height).enumerated() {
            buffer.put(line, x: body.x + 1, y: body.y + i, style: style, maxWidth: body.width - 1)
        }
        if w.confirming, let q = w.quarter, let p = w.preview {
            let text = Text.publishConfirmBody.lines(q, p.scenarios)
            let modal = Modal(title: Text.publishConfirmTitle(q), body: text, buttons: [Text.buttonYes.text, Text.buttonNo.text], selectedButton: 0,
                              maxWidth: min(76, area.width - 2))
            buffer.render(modal, in: area)
        }
    }
}
