/// An in-memory `Backend` for tests: a fixed size, keys scripted in advance, and the last
/// drawn frame readable as plain text. No terminal is involved.
public final class TestBackend: Backend {
    public private(set) var size: Size
    /// Keys not yet read, in order.
    public private(set) var pendingKeys: [Key]
    /// The last frame passed to `draw`, if any.
    public private(set) var lastFrame: Buffer?
    /// How many frames were drawn.
    public private(set) var frameCount = 0
    /// Where the cursor is shown, or nil when hidden.
    public private(set) var cursor: Position?
    public private(set) var isSuspended = false
    public private(set) var isShutDown = false

    /// A backend of the given size with `keys` waiting to be read.
    public init(width: Int = 80, height: Int = 24, keys: [Key] = []) {
        self.size = Size(width: width, height: height)
        self.pendingKeys = keys
    }

    /// Appends keys to the queue.
    public func enqueue(_ keys: [Key]) {
        pendingKeys.append(contentsOf: keys)
    }

    /// Appends the keys of a `Key.script` string to the queue.
    public func enqueue(script: String) {
        enqueue(Key.script(script))
    }

    /// Changes the size and queues the `.resize` key a real terminal would deliver.
    public func resize(width: Int, height: Int) {
        size = Size(width: width, height: height)
        pendingKeys.append(.resize(width, height))
    }

    public func draw(_ buffer: Buffer) {
        lastFrame = buffer
        frameCount += 1
        cursor = buffer.cursor
    }

    /// The next queued key; nil when the queue is empty (the timeout is not waited).
    public func readKey(timeoutMs: Int) -> Key? {
        pendingKeys.isEmpty ? nil : pendingKeys.removeFirst()
    }

    public func setCursor(x: Int, y: Int, visible: Bool) {
        cursor = visible ? Position(x: x, y: y) : nil
    }

    public func suspend() { isSuspended = true }
    public func resume() { isSuspended = false }
    public func shutdown() { isShutDown = true }

    /// The last drawn frame as plain text (rows with trailing spaces trimmed), or "" when
    /// nothing was drawn yet.
    public func screenText() -> String {
        lastFrame?.plainText() ?? ""
    }

    /// Row `y` of the last drawn frame as plain text.
    public func screenLine(_ y: Int) -> String {
        lastFrame?.line(y) ?? ""
    }
}
