/// One terminal column of a `Buffer`.
///
/// A wide character (CJK) occupies a leading cell of width 2 holding the grapheme and a
/// continuation cell of width 0 to its right, which draws nothing by itself.
public struct Cell: Sendable, Equatable {
    /// The grapheme drawn in this column (a space when blank; ignored for continuations).
    public var symbol: Character
    /// 1 for a narrow character, 2 for the leading half of a wide one, 0 for the continuation.
    public var width: Int
    public var style: Style

    public init(_ symbol: Character = " ", width: Int = 1, style: Style = .plain) {
        self.symbol = symbol
        self.width = width
        self.style = style
    }

    /// A blank column in the default style.
    public static let blank = Cell()

    /// A space in the given style.
    public static func blank(_ style: Style) -> Cell { Cell(" ", width: 1, style: style) }

    /// Whether this is the right half of a wide character.
    public var isContinuation: Bool { width == 0 }
}
