import Testing
import TerminalKit

@Suite struct TableTests {
    let columns = [
        Table.Column("名称", width: .flex(min: 8, weight: 1)),
        Table.Column("城市", width: .fixed(6)),
        Table.Column("PFLOPS", width: .fixed(7), alignment: .right),
    ]
    let rows = [
        ["智能制造质检平台", "广州", "12.5"],
        ["AI tutor for 中学", "Shenzhen", "3"],
        ["医疗影像辅助诊断系统（试点）", "韶关", "120"],
    ]

    func render(_ table: Table, width: Int = 32, height: Int = 5) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        table.render(into: &buffer, area: buffer.area)
        return buffer
    }

    @Test func rendersAtAFixedWidthAsPlainText() {
        let buffer = render(Table(columns: columns, rows: rows, separator: "│"))
        #expect(buffer.plainText() == """
        名称             │城市  │ PFLOPS
        智能制造质检平台 │广州  │   12.5
        AI tutor for 中学│Shenz…│      3
        医疗影像辅助诊断…│韶关  │    120

        """)
    }

    @Test func columnsLineUpByDisplayColumn() {
        let buffer = render(Table(columns: columns, rows: rows, separator: "│"))
        // Every row has its separators at the same display columns, whatever the script.
        for y in 0..<4 {
            let separators = (0..<buffer.width).filter { buffer[$0, y].symbol == "│" && !buffer[$0, y].isContinuation }
            #expect(separators == [17, 24], "row \(y): \(buffer.line(y))")
        }
        #expect(buffer[18, 1].symbol == "广")
        #expect(buffer[18, 2].symbol == "S")
        #expect(buffer[31, 1].symbol == "5")  // right-aligned number ends at the right edge
        #expect(buffer[31, 3].symbol == "0")
    }

    @Test func flexibleColumnsShareTheSpaceLeft() {
        let table = Table(columns: columns, rows: rows, separator: "│")
        #expect(table.columnWidths(forWidth: 32) == [17, 6, 7])
        #expect(table.columnWidths(forWidth: 20) == [8, 6, 4])
        #expect(table.columnWidths(forWidth: 12) == [8, 3, 0])
    }

    @Test func selectedRowIsHighlightedAcrossTheWidth() {
        let buffer = render(Table(columns: columns, rows: rows, selected: 1, separator: "│"))
        #expect((0..<32).allSatisfy { buffer[$0, 2].style.reverse })
        #expect(!buffer[0, 1].style.reverse)
        #expect(buffer[0, 0].style.bold)  // header
    }

    @Test func windowedRowsScrollToTheSelection() {
        // 1,000 rows in all; the caller fetched rows 500..<503 only.
        let window = (500..<503).map { ["场景\($0)", "广州", "\($0)"] }
        let table = Table(columns: columns, rows: window, totalRows: 1000, firstRow: 500,
                          selected: 502, offset: 0, separator: "│")
        #expect(table.effectiveOffset(forHeight: 4) == 500)
        let buffer = render(table, height: 4)
        #expect(buffer.line(1).hasPrefix("场景500"))
        #expect(buffer.line(3).hasPrefix("场景502"))
        #expect(buffer[0, 3].style.reverse)
    }

    @Test func emptyTableShowsItsMessage() {
        let buffer = render(Table(columns: columns, rows: [], emptyText: "没有匹配的场景"))
        #expect(buffer.line(1) == "没有匹配的场景")
    }

    @Test func listStateKeepsTheSelectionVisible() {
        var state = ListState()
        state.move(by: 5, count: 100, visible: 4)
        #expect(state == ListState(selected: 5, offset: 2))
        state.pageDown(count: 100, visible: 4)
        #expect(state == ListState(selected: 9, offset: 6))
        state.move(by: -8, count: 100, visible: 4)
        #expect(state == ListState(selected: 1, offset: 1))
        state.end(count: 100, visible: 4)
        #expect(state == ListState(selected: 99, offset: 96))
        #expect(state.visibleRange(count: 100, visible: 4) == 96..<100)
        state.clamp(count: 10, visible: 4)
        #expect(state == ListState(selected: 9, offset: 6))
        state.clamp(count: 0, visible: 4)
        #expect(state == ListState(selected: 0, offset: 0))
    }
}
