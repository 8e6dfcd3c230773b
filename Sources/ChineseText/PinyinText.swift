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
            guard character.unicodeScalars.count == 1, let raw = character.unicodeScalars.first,
                  let s = tables.pinyinScalar(raw) else { continue }
            scalars.append(s)
            offsets.append(offset)
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
        var initials = UnitInitials()
        for unit in units { initials.append(unit.initialLetters) }
        return initials.indexWords()
    }

    /// `PinyinText(text).indexWords()`, without building the units (what indexing a name costs:
    /// docs/0036): the initials of each unit are read from the tables as bytes.
    public static func indexWords(of text: String) -> String {
        guard let initials = UnitInitials(plainText: text) else { return PinyinText(text).indexWords() }
        return initials.indexWords()
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

/// The distinct initial letters of each unit of a text, flat: what its index words are made of.
struct UnitInitials {
    /// Every unit's letters, one unit after another.
    private(set) var letters: [UInt8] = []
    /// `letters[ends[u - 1] ..< ends[u]]` are unit u's (from 0 for the first).
    private(set) var ends: [Int] = []

    init() {}

    mutating func append(_ unitLetters: [UInt8]) {
        letters.append(contentsOf: unitLetters)
        ends.append(letters.count)
    }

    var count: Int { ends.count }

    func letters(of unit: Int) -> Range<Int> { (unit == 0 ? 0 : ends[unit - 1])..<ends[unit] }

    /// The units of `text` as `PinyinText.init` finds them, when every scalar of `text` is a
    /// Character of its own (so that reading scalars is reading Characters); nil otherwise, for the
    /// caller to take the Character-by-Character way.
    init?(plainText text: String) {
        let tables = Tables.shared
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count / 2)
        for raw in text.unicodeScalars {
            guard UnitInitials.standsAlone(raw) else { return nil }
            if let s = tables.pinyinScalar(raw) { scalars.append(s) }
        }
        letters.reserveCapacity(scalars.count * 2)
        ends.reserveCapacity(scalars.count)
        // The readings a phrase found at an earlier unit gives the units from here on.
        var phraseReadings = 0..<0
        for (i, s) in scalars.enumerated() {
            if s.isASCII {
                letters.append(UInt8(s.value))
            } else {
                if phraseReadings.isEmpty, let found = tables.phraseReadingRange(at: i, in: scalars) { phraseReadings = found }
                if let reading = phraseReadings.popFirst() {
                    letters.append(tables.syllableInitials[Int(tables.phraseReadings[reading] / 8)])
                } else {
                    let first = letters.count
                    for code in tables.codes(of: s) {
                        let initial = tables.syllableInitials[Int(code / 8)]
                        if !letters[first...].contains(initial) { letters.append(initial) }
                    }
                }
            }
            ends.append(letters.count)
        }
    }

    /// Whether `s` is a Character of its own wherever it stands: a scalar of these blocks neither
    /// extends the one before it (a combining mark, a joiner, a spacing mark) nor attaches to the
    /// one after it (a prepended mark), and none of them pairs with a neighbour (emoji sequences,
    /// flags, Hangul syllables). Latin up to U+02FF, general punctuation without its format and
    /// joiner characters, CJK symbols before the tone marks, CJK ideographs, fullwidth ASCII.
    static func standsAlone(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0..<0x300, 0x2010...0x2027, 0x2030...0x205E, 0x3000...0x3029, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF01...0xFF5E:
            return true
        default:
            return false
        }
    }

    /// `PinyinText.indexTokens`, then `startTokens`, separated by spaces, written as bytes: each
    /// token (at most `tokenWindow` letters, never 0) is packed into an integer to tell repeats.
    func indexWords() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(count * (PinyinText.tokenWindow + 1) * 2)
        var seen = TokensSeen()
        var startTokens: [UInt64] = []
        for start in 0..<count {
            forEachSpelling(from: start) { token in
                if start == 0 { startTokens.append(token) }
                if seen.insert(token) { UnitInitials.write(token, to: &out) }
            }
        }
        let mark = PinyinText.startMark.utf8.first!
        for token in startTokens {
            if !out.isEmpty { out.append(0x20) }
            out.append(mark)
            UnitInitials.write(token, after: true, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Calls `body` with each spelling of the initials from unit `start` on, packed, in
    /// `PinyinText.spellings(from:)`'s order: at most `tokenWindow` units, and no more units than
    /// keep the spellings at most `variantsPerPosition`; the first unit's letter varies slowest.
    private func forEachSpelling(from start: Int, _ body: (UInt64) -> Void) {
        var units = 0
        var spellings = 1
        for unit in start..<min(count, start + PinyinText.tokenWindow) {
            let choices = letters(of: unit).count
            if spellings * choices > PinyinText.variantsPerPosition { break }
            spellings *= choices
            units += 1
        }
        guard units > 0 else { return }
        if spellings == 1 {  // most positions: a unit has one letter unless it is a polyphone
            var token: UInt64 = 0
            for unit in start..<(start + units) { token = token << 8 | UInt64(letters[letters(of: unit).lowerBound]) }
            body(token)
            return
        }
        // Spelling k picks its letters by k's digits in a mixed radix (each unit's number of
        // letters), the last unit's digit lowest: the last unit's letter turns fastest.
        for k in 0..<spellings {
            var token: UInt64 = 0
            var rest = k
            var shift: UInt64 = 0
            for unit in (start..<(start + units)).reversed() {
                let own = letters(of: unit)
                token |= UInt64(letters[own.lowerBound + rest % own.count]) << shift
                rest /= own.count
                shift += 8
            }
            body(token)
        }
    }

    /// The tokens written so far: a name has a few dozen (a run of polyphones a few hundred),
    /// looked through faster than hashed; a long text's many go into a set.
    private struct TokensSeen {
        var few: [UInt64] = []
        var many: Set<UInt64>?

        /// Whether `token` is new (it is then recorded).
        mutating func insert(_ token: UInt64) -> Bool {
            if many != nil { return many!.insert(token).inserted }
            if few.contains(token) { return false }
            few.append(token)
            if few.count > 256 { many = Set(few) }
            return true
        }
    }

    /// Appends the letters packed in `token`, after a space unless `out` is empty (or `after`:
    /// right after what was just written).
    private static func write(_ token: UInt64, after: Bool = false, to out: inout [UInt8]) {
        if !after, !out.isEmpty { out.append(0x20) }
        // The token's letters are its low bytes, the first letter highest; no letter is 0.
        var shift = (63 - token.leadingZeroBitCount) / 8 * 8
        while shift >= 0 {
            out.append(UInt8(truncatingIfNeeded: token >> UInt64(shift)))
            shift -= 8
        }
    }
}
