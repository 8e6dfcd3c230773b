import Testing
import TerminalKit

@Suite struct LayoutTests {
    let screen = Rect(x: 0, y: 0, width: 80, height: 24)

    @Test func headerBodyFooter() {
        let parts = screen.rows([.length(1), .fill(1), .length(1)])
        #expect(parts == [
            Rect(x: 0, y: 0, width: 80, height: 1),
            Rect(x: 0, y: 1, width: 80, height: 22),
            Rect(x: 0, y: 23, width: 80, height: 1),
        ])
    }

    @Test func percentagesAndFillWeights() {
        let columns = screen.columns([.percentage(25), .fill(1), .fill(2)])
        #expect(columns.map(\.width) == [20, 20, 40])
        #expect(columns.map(\.x) == [0, 20, 40])
        #expect(Layout.lengths(total: 10, [.ratio(1, 3), .fill(1)]) == [3, 7])
    }

    @Test func minGrowsAndMaxCaps() {
        #expect(Layout.lengths(total: 30, [.min(10), .max(5), .length(5)]) == [20, 5, 5])
        #expect(Layout.lengths(total: 30, [.max(5), .max(50)]) == [5, 25])
    }

    @Test func spacingAndShortage() {
        let columns = Rect(x: 2, y: 0, width: 21, height: 1).columns([.fill(1), .fill(1)], spacing: 1)
        #expect(columns.map(\.x) == [2, 13])
        #expect(columns.map(\.width) == [10, 10])
        // When fixed parts don't fit, later parts shrink first and nothing overflows.
        #expect(Layout.lengths(total: 10, [.length(6), .length(6), .fill(1)]) == [6, 4, 0])
        #expect(Layout.lengths(total: 0, [.length(3), .fill(1)]) == [0, 0])
    }

    @Test func rectHelpers() {
        #expect(screen.centered(width: 20, height: 5) == Rect(x: 30, y: 9, width: 20, height: 5))
        #expect(screen.inset(by: 1) == Rect(x: 1, y: 1, width: 78, height: 22))
        #expect(Rect(x: 0, y: 0, width: 5, height: 5).intersection(Rect(x: 3, y: 3, width: 5, height: 5))
            == Rect(x: 3, y: 3, width: 2, height: 2))
        #expect(Rect(x: 0, y: 0, width: 2, height: 2).intersection(Rect(x: 5, y: 5, width: 1, height: 1)).isEmpty)
    }
}
