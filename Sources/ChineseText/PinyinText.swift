/// A text read for pinyin matching: its Han characters with their readings and its ASCII letters
/// and digits, in order; spaces, punctuation and other scripts are left out (so `广州·港口` is
/// matched as `广州港口`).
public struct PinyinText: Sendable {
    public struct Unit: Sendable, Hashable {
        /// The character (fullwidth ASCII folded, letters lower-cased).
        public var scalar: Unicode.Scalar
        /// Its position among the text's Characters, for highlighting.
        public var offset: Int
        /// Toneless syllables: for a Han character in a known phrase its reading there, else all of
        /// its readings, the everyday one first; empty for a letter or digit.
        public var readings: [String]
        public var isHan: Bool { !readings.isEmpty }
    }

    public var units: [Unit]

    public init(_ text: String) {
        let tables = Tables.shared
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        for (offset, character) in text.enumerated() {
            guard character.unicodeScalars.count == 1, let raw = character.unicodeScalars.first else { continue }
            let s = Folding.folded(raw)
            if s.isASCII {
                let v = UInt8(s.value)
                switch v {
                case 48...57, 97...122: scalars.append(s)
                case 65...90: scalars.append(Unicode.Scalar(v + 32))
                default: continue
                }
                offsets.append(offset)
            } else if !tables.codes(of: s).isEmpty {
                scalars.append(s)
                offsets.append(offset)
            }
        }
        var units: [Unit] = []
        units.reserveCapacity(scalars.count)
        var phrase: [Pinyin.Reading] = []
        for (i, s) in scalars.enumerated() {
            if !s.isASCII, phrase.isEmpty, let p = tables.phrase(at: i, in: scalars) { phrase = p }
            var readings: [String] = []
            if !phrase.isEmpty {
                readings = [phrase.removeFirst().syllable]
            } else if !s.isASCII {
                readings = tables.codes(of: s).map { tables.syllables[Int($0 / 8)] }
            }
            units.append(Unit(scalar: s, offset: offsets[i], readings: readings))
        }
        self.units = units
    }

    /// The longest run of units an index token covers (see `indexTokens`).
    public static let tokenWindow = 8
    /// At most this many spellings of the initials from one position (polyphones multiply them).
    static let variantsPerPosition = 16

    /// What the index stores for this text (`search_pinyin.words`): `indexTokens`, then
    /// `startTokens`, separated by spaces.
    public func indexWords() -> String {
        (indexTokens() + startTokens()).joined(separator: " ")
    }

    /// Marks the start of a text in `startTokens` (an index word is letters and digits only).
    public static let startMark = "0"

    /// The words that find a text by the initials it starts with: `startMark` and the first
    /// letters of its first `tokenWindow` units, one word per spelling, as `indexTokens` makes them
    /// from the first unit. 长沙银行 → `0csyh`. A query's `PinyinQuery.startKeys` find by them the
    /// texts it may match from their start, among far fewer candidates than its `indexKeys` find.
    public func startTokens() -> [String] {
        guard !units.isEmpty else { return [] }
        return spellings(from: 0).map { PinyinText.startMark + String(decoding: $0, as: UTF8.self) }
    }

    /// The spellings of initials from unit `start` on: at most `tokenWindow` units, and no more
    /// units than keep the spellings at most `variantsPerPosition`.
    private func spellings(from start: Int) -> [[UInt8]] {
        var spellings: [[UInt8]] = [[]]
        for unit in units[start..<min(units.count, start + PinyinText.tokenWindow)] {
            let letters = unit.initialLetters
            if spellings.count * letters.count > PinyinText.variantsPerPosition { break }
            spellings = spellings.flatMap { s in letters.map { s + [$0] } }
        }
        return spellings.filter { !$0.isEmpty }
    }

    /// The words the index stores for this text so that any pinyin query can be found by one of its
    /// `PinyinQuery.indexKeys` as a prefix: from every unit, the first letters of the next
    /// `tokenWindow` units (a letter or digit stands for itself; a Han character for the first
    /// letter of each of its readings, so a polyphone gives several words). 长沙银行 → `cyh syh yh h`…
    public func indexTokens() -> [String] {
        var tokens: [String] = []
        var seen = Set<String>()
        for start in units.indices {
            for s in spellings(from: start) {
                let token = String(decoding: s, as: UTF8.self)
                if seen.insert(token).inserted { tokens.append(token) }
            }
        }
        return tokens
    }
}

extension PinyinText.Unit {
    /// The distinct first letters of its readings, or the letter or digit itself.
    var initialLetters: [UInt8] {
        guard isHan else { return [UInt8(scalar.value)] }
        var out: [UInt8] = []
        for r in readings { if let f = r.utf8.first, !out.contains(f) { out.append(f) } }
        return out
    }
}
