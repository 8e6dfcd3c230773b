import Foundation

/// Turns text into the tokens the full-text index stores, and user input into a safe FTS5 query.
///
/// SQLite's `unicode61` tokenizer keeps a run of Chinese characters as one token, and `trigram`
/// never matches one or two characters (see TECH-NOTES), so scencat tokenizes in Swift and lets
/// `unicode61` merely split on the spaces it writes:
/// - letter/digit runs of other scripts become one lower-cased word each (`GPU-Cluster` → `gpu cluster`);
/// - each run of CJK characters (Han, kana, hangul) becomes its overlapping bigrams plus the run's
///   final character (`医疗影像` → `医疗 疗影 影像 像`), so every character starts some token.
///
/// A query of two or more CJK characters is then the phrase of its bigrams, and one CJK character
/// is the prefix query `医*`, so Chinese words of any length are found. Fullwidth ASCII (`ＧＰＵ`)
/// is folded to ASCII first, so it matches what people type on a half-width keyboard. Emoji are
/// tokenized like CJK characters, so `🚢` finds a title holding it.
///
/// The FTS table uses SQLite's `ascii` tokenizer, which only splits on ASCII punctuation and
/// spaces: this text holds nothing else between tokens, and `ascii` indexes ~40 % faster than
/// `unicode61`. Case and diacritics are therefore folded here.
public enum SearchText {
    /// The most query tokens kept from user input: enough for any real query, bounded for safety.
    public static let maxQueryTokens = 32

    /// One piece of tokenized text.
    enum Piece: Equatable {
        /// A lower-cased run of letters and digits.
        case word(String)
        /// A run of CJK characters.
        case cjk([Unicode.Scalar])
    }

    /// The index form of `parts`: tokens separated by single spaces.
    public static func indexText(_ parts: [String?]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(parts.reduce(0) { $0 + ($1?.utf8.count ?? 0) } * 2)
        for part in parts {
            if let part { appendTokens(of: part, to: &out) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the tokens of `text` as UTF-8 in one pass (indexing 100,000 files runs this a
    /// million times, so it avoids intermediate strings for ASCII and CJK text).
    static func appendTokens(of text: String, to out: inout [UInt8]) {
        var previousCJK: Unicode.Scalar?
        var wordStart = -1          // where the current word starts in `out`, or -1
        var wordIsASCII = true
        func separate() { if !out.isEmpty { out.append(0x20) } }
        func endWord() {
            guard wordStart >= 0 else { return }
            if !wordIsASCII {
                let lowered = normalizedWord(String(decoding: out[wordStart...], as: UTF8.self))
                out.removeSubrange(wordStart...)
                out.append(contentsOf: lowered.utf8)
            }
            wordStart = -1
            wordIsASCII = true
        }
        func endRun() {
            if let p = previousCJK {
                separate()
                append(p, to: &out)
                previousCJK = nil
            }
        }
        for raw in text.unicodeScalars {
            let s = folded(raw)
            if s.value >= 0x1100, isCJK(s) {
                endWord()
                if let p = previousCJK {
                    separate()
                    append(p, to: &out)
                    append(s, to: &out)
                }
                previousCJK = s
            } else {
                endRun()
                if isWordScalar(s) {
                    if wordStart < 0 {
                        separate()
                        wordStart = out.count
                    }
                    if s.isASCII {
                        let b = UInt8(s.value)
                        out.append(b >= 65 && b <= 90 ? b + 32 : b)
                    } else {
                        append(s, to: &out)
                        wordIsASCII = false
                    }
                } else {
                    endWord()
                }
            }
        }
        endWord()
        endRun()
    }

    private static func append(_ s: Unicode.Scalar, to out: inout [UInt8]) {
        let v = s.value
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// The FTS5 `MATCH` expression for what a user typed, or nil when it holds nothing searchable.
    ///
    /// Every term is a quoted string built from letters and digits only, so quotes, `*`, `AND`,
    /// `NEAR`, parentheses or column filters in the input are plain text, never query syntax.
    /// Terms are ANDed: `医疗 影像 gpu` → `"医疗" AND "影像" AND "gpu"*`.
    public static func matchQuery(_ userText: String) -> String? {
        let terms = queryTerms(userText)
        return terms.isEmpty ? nil : terms.joined(separator: " AND ")
    }

    /// The quoted FTS5 terms of `userText`, at most `maxQueryTokens` of them.
    static func queryTerms(_ userText: String) -> [String] {
        var terms: [String] = []
        for piece in pieces(userText) {
            guard terms.count < maxQueryTokens else { break }
            switch piece {
            case .word(let w):
                terms.append("\"\(w)\"*")
            case .cjk(let run) where run.count == 1:
                terms.append("\"\(Character(run[0]))\"*")
            case .cjk(let run):
                var bigrams: [String] = []
                for i in run.indices.dropLast() {
                    var s = String.UnicodeScalarView()
                    s.append(run[i])
                    s.append(run[i + 1])
                    bigrams.append(String(s))
                }
                terms.append("\"\(bigrams.prefix(maxQueryTokens).joined(separator: " "))\"")
            }
        }
        return terms
    }

    /// The words of `userText` as a reader sees them (for finding where a hit matched):
    /// lower-cased latin words and whole CJK runs.
    public static func highlightTerms(_ userText: String) -> [String] {
        pieces(userText).map { piece in
            switch piece {
            case .word(let w): return w
            case .cjk(let run): return String(String.UnicodeScalarView(run))
            }
        }
    }

    /// Splits `text` into words and CJK runs; everything else separates them.
    static func pieces(_ text: String) -> [Piece] {
        var result: [Piece] = []
        var word = String.UnicodeScalarView()
        var run: [Unicode.Scalar] = []
        func flushWord() {
            if !word.isEmpty { result.append(.word(normalizedWord(String(word)))); word = String.UnicodeScalarView() }
        }
        func flushRun() {
            if !run.isEmpty { result.append(.cjk(run)); run = [] }
        }
        for raw in text.unicodeScalars {
            let s = folded(raw)
            if isCJK(s) {
                flushWord()
                run.append(s)
            } else if isWordScalar(s) {
                flushRun()
                word.append(s)
            } else {
                flushWord()
                flushRun()
            }
        }
        flushWord()
        flushRun()
        return result
    }

    /// A word as the index stores it: lower case, and without diacritics outside ASCII
    /// (`Zürich` → `zurich`), the same for indexed text and queries.
    static func normalizedWord(_ word: String) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) { return word.lowercased() }
        return word.folding(options: .diacriticInsensitive, locale: nil).lowercased()
    }

    /// Fullwidth ASCII (U+FF01…U+FF5E) as its ASCII twin; every other scalar unchanged.
    static func folded(_ s: Unicode.Scalar) -> Unicode.Scalar {
        if (0xFF01...0xFF5E).contains(s.value), let a = Unicode.Scalar(s.value - 0xFEE0) { return a }
        return s
    }

    /// Han, kana, hangul and halfwidth katakana: scripts written without spaces between words.
    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF,   // Han: extension A, unified, compatibility
             0x20000...0x323AF,                                   // Han: extensions B–H
             0x3040...0x309F, 0x30A0...0x30FF, 0x31F0...0x31FF,   // hiragana, katakana
             0xFF66...0xFF9F,                                     // halfwidth katakana
             0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF,   // hangul jamo, compatibility jamo, syllables
             0x3005, 0x3007:                                      // 々 〇
            return true
        default:
            // Emoji (🚢 🏥 ⚡) are searched like CJK characters: one scalar each, no spaces between.
            return s.value >= 0x2190 && s.properties.isEmoji
        }
    }

    /// Letters and digits, as `unicode61` sees token characters (categories L* and N*).
    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
        }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
