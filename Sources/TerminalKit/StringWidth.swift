extension StringProtocol {
    /// Columns this text takes on a terminal (see `DisplayWidth`).
    public var displayWidth: Int { DisplayWidth.of(self) }

    /// The longest prefix that fits in `width` columns, never splitting a wide character.
    /// No ellipsis is added; the result may be one column short when a wide character
    /// would have straddled the limit.
    public func clipped(toWidth width: Int) -> String {
        guard width > 0 else { return "" }
        var used = 0
        var end = startIndex
        for index in indices {
            let columns = DisplayWidth.of(self[index])
            if used + columns > width { break }
            used += columns
            end = self.index(after: index)
        }
        return String(self[startIndex..<end])
    }

    /// The text if it fits in `width` columns; otherwise its longest prefix that leaves room
    /// for `ellipsis` (default `…`, one column), followed by the ellipsis. Never splits a wide
    /// character, so the result can be one column narrower than `width`.
    public func truncated(toWidth width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if displayWidth <= width { return String(self) }
        let ellipsisWidth = ellipsis.displayWidth
        if ellipsisWidth > width { return ellipsis.clipped(toWidth: width) }
        return clipped(toWidth: width - ellipsisWidth) + ellipsis
    }

    /// The text padded with spaces to exactly `width` columns when it is narrower;
    /// unchanged when it is as wide or wider.
    public func padded(toWidth width: Int, alignment: Alignment = .left) -> String {
        let gap = width - displayWidth
        guard gap > 0 else { return String(self) }
        switch alignment {
        case .left:
            return String(self) + String(repeating: " ", count: gap)
        case .right:
            return String(repeating: " ", count: gap) + String(self)
        case .center:
            let left = gap / 2
            return String(repeating: " ", count: left) + String(self) + String(repeating: " ", count: gap - left)
        }
    }

    /// Exactly `width` columns: truncated with `…` when too wide, then padded.
    public func fitted(toWidth width: Int, alignment: Alignment = .left) -> String {
        truncated(toWidth: width).padded(toWidth: width, alignment: alignment)
    }
}
