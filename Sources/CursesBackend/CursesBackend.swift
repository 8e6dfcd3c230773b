#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNCursesW
import TerminalKit

/// Why the terminal could not be taken over.
public enum CursesBackendError: Error, Sendable, CustomStringConvertible {
    /// curses could not start on this terminal (no terminal, or an unknown `TERM`).
    case cannotStart(term: String)
    /// Another CursesBackend is already running in this process.
    case alreadyRunning

    public var description: String {
        switch self {
        case .cannotStart(let term): return "cannot open the terminal (TERM=\(term.isEmpty ? "unset" : term))"
        case .alreadyRunning: return "the terminal is already in use by this program"
        }
    }
}

/// The real terminal, through ncursesw: wide-character output, `get_wch` input, resize,
/// colours and mouse. Draws only the cells that changed since the previous frame.
///
/// Only one may run at a time (curses state is global). The terminal is restored by
/// `shutdown()`, at exit, and on SIGINT, SIGTERM, SIGHUP, SIGQUIT or a crash.
public final class CursesBackend: Backend {
    public struct Options: Sendable {
        /// Raw mode passes ^C, ^Z, ^S and ^Q to the program as keys; otherwise (cbreak)
        /// ^C interrupts and ^Z suspends as in any shell program.
        public var rawMode: Bool
        /// Report mouse wheel and clicks (this takes plain text selection away from the
        /// terminal; most terminals still select with Shift held).
        public var mouse: Bool
        /// Colour on or off; nil chooses: on when the terminal has colour and `NO_COLOR`
        /// is unset or empty.
        public var colors: Bool?

        public init(rawMode: Bool = false, mouse: Bool = true, colors: Bool? = nil) {
            self.rawMode = rawMode
            self.mouse = mouse
            self.colors = colors
        }
    }

    /// Whether colours are shown (otherwise colours become bold and reverse).
    public var colorsEnabled: Bool { palette.mode != .monochrome }

    private var palette: CursesPalette
    private var previous: Buffer?
    private var running = true
    private var suspended = false

    /// Takes over the terminal: locale fixed to UTF-8 when needed, cbreak (or raw), no echo,
    /// keypad keys, 25 ms Escape delay, hidden cursor, mouse and colours per `options`.
    public init(options: Options = Options()) throws {
        guard term_is_started() == 0 else { throw CursesBackendError.alreadyRunning }
        guard term_start(options.rawMode ? 1 : 0) == 1 else {
            throw CursesBackendError.cannotStart(term: CursesBackend.environment("TERM") ?? "")
        }
        let noColor = !(CursesBackend.environment("NO_COLOR") ?? "").isEmpty
        var mode = CursesPalette.Mode.monochrome
        if options.colors ?? !noColor {
            switch term_start_colors() {
            case 2: mode = .terminalDefaults
            case 1: mode = .fixedDefaults
            default: mode = .monochrome
            }
        }
        palette = CursesPalette(mode: mode)
        if options.mouse { term_enable_mouse() }
    }

    deinit {
        shutdown()
    }

    public var size: Size {
        Size(width: Int(term_cols()), height: Int(term_lines()))
    }

    public func draw(_ buffer: Buffer) {
        guard running, !suspended else { return }
        let columns = Int(term_cols()), lines = Int(term_lines())
        let runs: [Buffer.Run]
        if let previous, previous.size == buffer.size {
            runs = buffer.diff(from: previous)
        } else {
            term_erase()
            term_force_repaint()
            runs = buffer.runs()
        }
        for run in runs where run.y < lines {
            write(run, columns: columns)
        }
        previous = buffer
        if let cursor = buffer.cursor, cursor.x >= 0, cursor.x < columns, cursor.y >= 0, cursor.y < lines {
            term_place_cursor(1, Int32(cursor.y), Int32(cursor.x))
        } else {
            term_place_cursor(0, 0, 0)
        }
        term_refresh()
    }

    public func readKey(timeoutMs: Int) -> Key? {
        guard running, !suspended else { return nil }
        var code: UInt32 = 0
        let status = Int(term_get_wch(Int32(clamping: timeoutMs), &code))
        switch status {
        case Int(TERM_INPUT_CHAR):
            return CursesKeys.character(code)
        case Int(TERM_INPUT_KEY):
            let keyCode = Int32(bitPattern: code)
            if keyCode == KEY_RESIZE {
                previous = nil  // the terminal may have reflowed: repaint everything
                return .resize(Int(term_cols()), Int(term_lines()))
            }
            if keyCode == KEY_MOUSE { return readMouse() }
            return CursesKeys.keyCode(keyCode)
        default:
            return nil
        }
    }

    public func setCursor(x: Int, y: Int, visible: Bool) {
        guard running, !suspended else { return }
        term_place_cursor(visible ? 1 : 0, Int32(clamping: y), Int32(clamping: x))
        term_refresh()
    }

    public func suspend() {
        guard running, !suspended else { return }
        term_suspend()
        suspended = true
    }

    public func resume() {
        guard running, suspended else { return }
        term_resume()
        suspended = false
        previous = nil
    }

    public func shutdown() {
        guard running else { return }
        term_stop()
        running = false
    }

    // MARK: Private

    /// Writes one run: one curses call per stretch of equal style. A wide character is one
    /// write covering both its columns; one that would cross the screen's right edge is
    /// written as a space so nothing wraps onto the next row.
    private func write(_ run: Buffer.Run, columns: Int) {
        var x = run.x
        var start = x
        var text = ""
        var style = run.cells.first?.style ?? .plain
        func flush() {
            guard !text.isEmpty else { return }
            let (attributes, pair) = palette.attributes(for: style)
            term_draw_text(Int32(run.y), Int32(start), text, attributes, pair)
            text = ""
        }
        for cell in run.cells {
            if x >= columns { break }
            if cell.isContinuation { x += 1; continue }
            if cell.style != style || text.isEmpty {
                flush()
                start = x
                style = cell.style
            }
            if cell.width == 2, x + 1 >= columns {
                text += " "
            } else {
                text += CursesCellText.text(for: cell)
            }
            x += 1  // a wide character's second column is its continuation cell, counted above
        }
        flush()
    }

    /// The mouse event after KEY_MOUSE, or nil for events scencat doesn't use (releases…).
    private func readMouse() -> Key? {
        var x: Int32 = 0, y: Int32 = 0
        switch Int(term_read_mouse(&x, &y)) {
        case Int(TERM_MOUSE_WHEEL_UP): return .mouse(MouseEvent(.wheelUp, x: Int(x), y: Int(y)))
        case Int(TERM_MOUSE_WHEEL_DOWN): return .mouse(MouseEvent(.wheelDown, x: Int(x), y: Int(y)))
        case Int(TERM_MOUSE_CLICK): return .mouse(MouseEvent(.click, x: Int(x), y: Int(y)))
        default: return nil
        }
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
