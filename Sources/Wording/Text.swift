import CatalogCore
import Foundation

/// How a text reads in `both`: as the screens have always shown it. Most are the Chinese and the
/// English side by side; some were English only (the help's sentences), Chinese only (narrow
/// column headers) or worded their own way.
public enum Joint: Sendable {
    /// `中文 English`
    case pair
    /// `中文 · English`
    case dot
    case english
    case chinese
    /// Its own wording, with the same `{1}`… placeholders.
    case exact(String)
}

extension Text {
    /// The text in the language in effect, its `{1}`, `{2}`… replaced by `arguments` in order.
    public func callAsFunction(_ arguments: Any...) -> String { rendered(in: Wording.language, arguments) }

    /// The text's lines (a dialog's body: `both` has the Chinese line, then the English one).
    public func lines(_ arguments: Any...) -> [String] { rendered(in: Wording.language, arguments).components(separatedBy: "\n") }

    /// A side of a merge (`base`, `ours`, `theirs`) as a choice names it: the id itself in `both` and
    /// English (as the conflict screen always showed it), its Chinese name in Chinese.
    public static func side(_ id: String) -> String {
        guard Wording.language == .zh else { return id }
        switch id {
        case "base": return Text.sideBase.text
        case "ours": return Text.sideOurs.text
        case "theirs": return Text.sideTheirs.text
        default: return id
        }
    }

    /// The text without arguments, in the language in effect.
    public var text: String { rendered(in: Wording.language, []) }

    public func rendered(in language: InterfaceLanguage, _ arguments: [Any] = []) -> String {
        Text.fill(template(in: language), arguments)
    }

    /// The text's template in one language (a missing entry falls back to English, then to the key:
    /// `WordingTests.everyKeyInEveryLanguage` keeps that from happening).
    public func template(in language: InterfaceLanguage) -> String {
        let zh = Text.chinese[self], en = Text.english[self]
        switch language {
        case .zh: return zh ?? en ?? rawValue
        case .en: return en ?? rawValue
        case .both:
            guard let zh, let en else { return en ?? zh ?? rawValue }
            switch Text.bilingual[self] ?? defaultJoint {
            case .pair: return zh == en ? zh : "\(zh) \(en)"
            case .dot: return "\(zh) · \(en)"
            case .english: return en
            case .chinese: return zh
            case .exact(let s): return s
            }
        }
    }

    /// The help screen and the hint bar were English only in `both`; everything else pairs.
    var defaultJoint: Joint {
        rawValue.hasPrefix("help") || rawValue.hasPrefix("hint") || rawValue.hasPrefix("context") ? .english : .pair
    }

    /// `{n}` → the n-th argument, in one pass over the template: an argument's own text is never
    /// read for placeholders (a title `{1}` stays `{1}`), and no Foundation search per argument
    /// (a plan of 10,000 rows formats tens of thousands of messages). `{n}` beyond the arguments,
    /// `{01}` and other braces are left as written.
    static func fill(_ template: String, _ arguments: [Any]) -> String {
        guard !arguments.isEmpty, template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var out = ""
        out.reserveCapacity(template.utf8.count + 16 * arguments.count)
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let n = placeholderNumber(after[..<close]), n <= arguments.count {
                out += rest[..<open]
                out += "\(arguments[n - 1])"
                rest = after[after.index(after: close)...]
            } else {
                out += rest[...open]
                rest = after
            }
        }
        out += rest
        return out
    }

    /// The n of `{n}`: decimal digits without a leading zero, at least 1.
    private static func placeholderNumber(_ digits: Substring) -> Int? {
        guard let first = digits.utf8.first, first != UInt8(ascii: "0"),
              digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(digits)
    }

    /// The placeholders a template uses, for the tables' test.
    public static func placeholders(_ template: String) -> Set<Int> {
        var out = Set<Int>()
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            if let n = Int(after[..<close]) { out.insert(n) }
            rest = after[after.index(after: close)...]
        }
        return out
    }
}
