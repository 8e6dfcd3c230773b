/// A terminal that shows buffers and delivers keys. The TUI runtime talks only to this;
/// `CursesBackend` is the real terminal and `TestBackend` the in-memory one for tests.
///
/// Used from one thread (the UI loop); implementations are reference types holding the
/// terminal state.
public protocol Backend: AnyObject {
    /// The current screen size. After a `.resize` key it reports the new size.
    var size: Size { get }

    /// Shows a full frame. The backend compares it with the previous frame and writes only
    /// what changed. Afterwards the cursor is shown at `buffer.cursor`, or hidden when nil.
    func draw(_ buffer: Buffer)

    /// The next key, waiting at most `timeoutMs` milliseconds (negative: wait until one
    /// comes; 0: don't wait). Nil when none came in time or the event carried no key.
    func readKey(timeoutMs: Int) -> Key?

    /// Moves the visible cursor, or hides it, until the next `draw`.
    func setCursor(x: Int, y: Int, visible: Bool)

    /// Gives the terminal back to the shell (to run an external editor); `resume` takes it
    /// again and the next `draw` repaints everything.
    func suspend()
    func resume()

    /// Restores the terminal for good. Safe to call more than once.
    func shutdown()
}
