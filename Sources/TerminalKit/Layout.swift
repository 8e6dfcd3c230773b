/// How much of a row or column of space a part of a layout gets.
public enum Constraint: Sendable, Equatable {
    /// Exactly this many cells (less only when space runs out).
    case length(Int)
    /// This percentage of the space (rounded down).
    case percentage(Int)
    /// This fraction (numerator, denominator) of the space (rounded down).
    case ratio(Int, Int)
    /// At least this many cells, growing like `fill(1)` when space is left.
    case min(Int)
    /// Up to this many cells, growing like `fill(1)` but never past the cap.
    case max(Int)
    /// A share of the space left over after the other parts, by weight.
    case fill(Int)
}

/// The direction in which a rectangle is split.
public enum Direction: Sendable, Equatable {
    /// Parts stacked top to bottom (rows).
    case vertical
    /// Parts side by side left to right (columns).
    case horizontal
}

/// Splits rectangles into parts by constraints (ratatui-style, simplified).
///
/// Fixed parts (`length`, `percentage`, `ratio`, and the minimum of `min`) are served first, in
/// order; when they don't fit, later parts shrink first. The space left is then shared by the
/// growing parts (`fill`, `min`, `max`) in proportion to their weights, remainders going to the
/// earliest ones. The parts always sum to no more than the space.
public enum Layout {
    /// Splits `area` into one rectangle per constraint, with `spacing` cells between parts.
    public static func split(
        _ area: Rect, _ direction: Direction, _ constraints: [Constraint], spacing: Int = 0
    ) -> [Rect] {
        guard !constraints.isEmpty else { return [] }
        let available = direction == .vertical ? area.height : area.width
        let gaps = max(0, spacing) * (constraints.count - 1)
        let sizes = lengths(total: max(0, available - gaps), constraints)
        var rects: [Rect] = []
        var offset = 0
        for size in sizes {
            let start = Swift.min(offset, available)
            let length = Swift.max(0, Swift.min(size, available - start))
            switch direction {
            case .vertical:
                rects.append(Rect(x: area.x, y: area.y + start, width: area.width, height: length))
            case .horizontal:
                rects.append(Rect(x: area.x + start, y: area.y, width: length, height: area.height))
            }
            offset += size + max(0, spacing)
        }
        return rects
    }

    /// The lengths of the parts for `total` cells of space.
    public static func lengths(total: Int, _ constraints: [Constraint]) -> [Int] {
        let total = Swift.max(0, total)
        var base: [Int] = []
        var weights: [Int] = []
        var caps: [Int?] = []
        for constraint in constraints {
            switch constraint {
            case .length(let n): base.append(Swift.max(0, n)); weights.append(0); caps.append(nil)
            case .percentage(let p): base.append(total * Swift.max(0, p) / 100); weights.append(0); caps.append(nil)
            case .ratio(let a, let b):
                base.append(b > 0 ? total * Swift.max(0, a) / b : 0); weights.append(0); caps.append(nil)
            case .min(let n): base.append(Swift.max(0, n)); weights.append(1); caps.append(nil)
            case .max(let n): base.append(0); weights.append(1); caps.append(Swift.max(0, n))
            case .fill(let w): base.append(0); weights.append(Swift.max(0, w)); caps.append(nil)
            }
        }
        return distribute(total: total, base: base, weights: weights, caps: caps)
    }

    /// Serves `base` in order (later parts shrink when space runs out), then shares what is
    /// left by `weights`, never growing a part past its cap.
    static func distribute(total: Int, base: [Int], weights: [Int], caps: [Int?]) -> [Int] {
        var sizes = base
        var used = 0
        for index in sizes.indices {
            sizes[index] = Swift.min(sizes[index], total - used)
            used += sizes[index]
        }
        var left = total - used
        func canGrow(_ index: Int) -> Bool {
            guard let cap = caps[index] else { return true }
            return sizes[index] < cap
        }
        var growing = sizes.indices.filter { weights[$0] > 0 && canGrow($0) }
        while left > 0, !growing.isEmpty {
            let weightSum = growing.reduce(0) { $0 + weights[$1] }
            var shares = growing.map { left * weights[$0] / weightSum }
            var remainder = left - shares.reduce(0, +)
            for i in shares.indices where remainder > 0 {
                shares[i] += 1
                remainder -= 1
            }
            var given = 0
            for (i, index) in growing.enumerated() {
                var share = shares[i]
                if let cap = caps[index] { share = Swift.min(share, cap - sizes[index]) }
                sizes[index] += share
                given += share
            }
            left -= given
            growing = growing.filter(canGrow)
            if given == 0 { break }
        }
        return sizes
    }
}

extension Rect {
    /// This rectangle split into rows (top to bottom) by the constraints.
    public func rows(_ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        Layout.split(self, .vertical, constraints, spacing: spacing)
    }

    /// This rectangle split into columns (left to right) by the constraints.
    public func columns(_ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        Layout.split(self, .horizontal, constraints, spacing: spacing)
    }
}
