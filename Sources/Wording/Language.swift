import CatalogCore
import Foundation

/// The language of every text a person reads (docs/0020-interface-language.md). Machine-facing
/// output (ids, `--format json|yaml`, the `PATH:LINE:COL: error:` prefix) never depends on it.
public enum Wording {
    /// Where the language in effect came from, for `--lang` help and the docs.
    public enum Source: String, Sendable {
        case flag = "--lang", environment = "SCENCAT_LANG", catalog = "catalog.yaml ui_language", locale, fallback = "default"
    }

    /// `--lang`, else `SCENCAT_LANG`, else the catalogue's `ui_language`, else the locale
    /// (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, the first one set: `zh…` is Chinese), else both.
    /// A `SCENCAT_LANG` that names no language is passed over, as an unset one is.
    public static func resolve(flag: InterfaceLanguage?, environment: [String: String],
                               catalog: InterfaceLanguage?) -> (InterfaceLanguage, Source) {
        if let flag { return (flag, .flag) }
        if let raw = environment["SCENCAT_LANG"], let l = InterfaceLanguage(rawValue: raw.lowercased()) { return (l, .environment) }
        if let catalog { return (catalog, .catalog) }
        // POSIX order: the first of these that is set and not empty decides the messages' locale.
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("zh") ? (.zh, .locale) : (.both, .fallback)
        }
        return (.both, .fallback)
    }

    /// The language in effect: a task's own (tests set one with `Wording.$taskLanguage.withValue`),
    /// else the process's (set once at start by `use(_:)`), else both.
    public static var language: InterfaceLanguage { taskLanguage ?? processLanguage.value }

    /// Sets the process's language; the binary calls it once, before any screen or message.
    public static func use(_ language: InterfaceLanguage) { processLanguage.value = language }

    /// A language for the current task and the tasks it starts: what lets tests in different
    /// languages run side by side.
    @TaskLocal public static var taskLanguage: InterfaceLanguage?

    private static let processLanguage = LockedLanguage()
}

/// The process-wide language behind a lock: set once at start, read by every text lookup.
private final class LockedLanguage: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: InterfaceLanguage = .both
    var value: InterfaceLanguage {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
