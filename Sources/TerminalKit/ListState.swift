/// Selection and scroll position of a list or table of `count` rows of which `visible` fit
/// on screen. Both indices are absolute (over all rows, not just the ones fetched).
/// Keep one in the screen's state and call the moves from `update`.
public struct ListState: Sendable, Hashable {
    /// The selected row (0 when the list is empty).
    public var selected: Int
    /// The first row shown.
    public var offset: Int

    public init(selected: Int = 0, offset: Int = 0) {
        self.selected = selected
        self.offset = offset
    }

    /// The rows currently shown: what a caller with windowed data should fetch.
    public func visibleRange(count: Int, visible: Int) -> Range<Int> {
        let start = Swift.min(Swift.max(0, offset), Swift.max(0, count))
        return start..<Swift.min(count, start + Swift.max(0, visible))
    }

    /// Moves the selection by `delta` rows (clamped) and scrolls to keep it visible.
    public mutating func move(by delta: Int, count: Int, visible: Int) {
        select(selected + delta, count: count, visible: visible)
    }

    /// Selects `index` (clamped to the rows) and scrolls to keep it visible.
    public mutating func select(_ index: Int, count: Int, visible: Int) {
        selected = count > 0 ? Swift.min(Swift.max(0, index), count - 1) : 0
        offset = ListState.offset(keeping: selected, visible: visible, current: offset, count: count)
    }

    /// One screen down: the selection moves by a page.
    public mutating func pageDown(count: Int, visible: Int) {
        move(by: Swift.max(1, visible), count: count, visible: visible)
    }

    /// One screen up.
    public mutating func pageUp(count: Int, visible: Int) {
        move(by: -Swift.max(1, visible), count: count, visible: visible)
    }

    /// The first row.
    public mutating func home(count: Int, visible: Int) {
        select(0, count: count, visible: visible)
    }

    /// The last row.
    public mutating func end(count: Int, visible: Int) {
        select(count - 1, count: count, visible: visible)
    }

    /// Clamps both indices after the row count or the visible height changed.
    public mutating func clamp(count: Int, visible: Int) {
        select(selected, count: count, visible: visible)
    }

    /// The smallest scroll change from `current` that shows row `selected` among `visible`
    /// rows, never scrolling past the end or leaving empty rows when it could show more.
    public static func offset(keeping selected: Int, visible: Int, current: Int, count: Int) -> Int {
        guard visible > 0, count > 0 else { return 0 }
        var offset = current
        if selected < offset { offset = selected }
        if selected >= offset + visible { offset = selected - visible + 1 }
        offset = Swift.min(offset, Swift.max(0, count - visible))
        return Swift.max(0, offset)
    }
}
