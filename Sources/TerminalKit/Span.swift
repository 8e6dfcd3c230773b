/// A piece of text drawn in one style; a styled line is an array of spans.
public struct Span: Sendable, Equatable, ExpressibleByStringLiteral {
    public var text: String
    public var style: Style

    public init(_ text: String, style: Style = .plain) {
        self.text = text
        self.style = style
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }
}

extension Array where Element == Span {
    /// Columns taken by all the spans together.
    public var displayWidth: Int { reduce(0) { $0 + $1.text.displayWidth } }

    /// The text of all the spans, without styles.
    public var plainText: String { map(\.text).joined() }
}
