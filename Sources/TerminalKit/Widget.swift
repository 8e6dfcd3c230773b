/// Something that draws itself into a rectangle of a `Buffer`. Widgets are values built
/// fresh for each frame from the application state; they never touch the terminal and never
/// draw outside `area`.
public protocol Widget {
    func render(into buffer: inout Buffer, area: Rect)
}
