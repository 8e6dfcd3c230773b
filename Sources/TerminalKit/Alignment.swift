/// Horizontal placement of text inside a wider column.
public enum Alignment: Sendable, Equatable {
    case left
    case right
    case center
}
