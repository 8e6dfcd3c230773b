/// What a person typed to find a text by its pinyin: full pinyin (`yiliao`), initials (`yl`),
/// mixes of the two (`yliao`), and Chinese characters among them (`医l`, `yi疗`), in any case,
/// spaces and apostrophes ignored (`xi'an`, `Yi Liao`).
///
/// It matches a run of consecutive units of a `PinyinText` (see `match`): each Han character of
/// the run is matched by itself, by one of its readings in full, by that reading's initial (its
/// first letter, or `zh` `ch` `sh`), or — for the last character — by any beginning of a reading;
/// each letter or digit by itself.
public struct PinyinQuery: Sendable, Hashable {
    /// Han characters and lower-case ASCII letters and digits.
    public let scalars: [Unicode.Scalar]

    /// nil when nothing in `text` can be matched this way (no letter, digit or known Han character).
    public init?(_ text: String) {
        var out: [Unicode.Scalar] = []
        for raw in text.unicodeScalars {
            let s = Folding.folded(raw)
            if s.isASCII {
                let v = UInt8(s.value)
                switch v {
                case 48...57, 97...122: out.append(s)
                case 65...90: out.append(Unicode.Scalar(v + 32))
                default: continue
                }
            } else if !Tables.shared.codes(of: s).isEmpty {
                out.append(s)
            }
        }
        guard !out.isEmpty, out.count <= 64 else { return nil }
        scalars = out
    }

    /// True when the query has letters: only then does pinyin find more than the characters themselves.
    public var hasLetters: Bool { scalars.contains { $0.isASCII && $0.properties.isAlphabetic } }

    // MARK: Matching

    /// Where the query matches `text`: the first run of units it matches, as Character offsets of
    /// the text (`range`), and whether that run starts the text.
    public func match(_ text: PinyinText) -> PinyinMatch? {
        let units = text.units
        guard !units.isEmpty else { return nil }
        // First with each character's everyday reading (or its phrase's) alone, then with all:
        // 游 reads liu too, but a match that needs it is a worse one.
        for everyday in [true, false] {
            var failed = Set<Int>()     // whether the query from q matches from t does not depend on where the run began
            for start in units.indices {
                if let end = run(0, start, units, everyday: everyday, &failed) {
                    let first = units[start].offset, last = units[end - 1].offset
                    return PinyinMatch(range: first..<(last + 1), atStart: start == 0, length: end - start, everyday: everyday)
                }
            }
        }
        return nil
    }

    /// Convenience for one-off texts (pickers): `match(PinyinText(text))`.
    public func match(_ text: String) -> PinyinMatch? { match(PinyinText(text)) }

    /// The unit after the run when the query from `q` matches the units from `t` on; nil when it
    /// does not. `failed` remembers pairs (`q << 32 | t`) already found not to match.
    private func run(_ q: Int, _ t: Int, _ units: [PinyinText.Unit], everyday: Bool, _ failed: inout Set<Int>) -> Int? {
        if q == scalars.count { return t }
        if t == units.count || failed.contains(q << 32 | t) { return nil }
        let unit = units[t]
        let c = scalars[q]
        if !c.isASCII || !unit.isHan {
            if c == unit.scalar, let end = run(q + 1, t + 1, units, everyday: everyday, &failed) { return end }
        } else {
            for reading in unit.readings.prefix(everyday ? 1 : unit.readings.count) {
                // Readings are ASCII: compared byte by byte, without copying (a search matches a
                // thousand names, each reading of each character asking).
                let r = reading.utf8
                let common = commonPrefix(r, from: q)
                if common == scalars.count - q, common < r.count { return t + 1 }   // the query ends inside this reading
                if common == r.count, let end = run(q + r.count, t + 1, units, everyday: everyday, &failed) { return end }
                if common >= 1, let end = run(q + 1, t + 1, units, everyday: everyday, &failed) { return end }
                if common >= 2, let first = r.first, first == 0x7A || first == 0x63 || first == 0x73,   // zh ch sh
                   r.dropFirst().first == 0x68, let end = run(q + 2, t + 1, units, everyday: everyday, &failed) { return end }
            }
        }
        failed.insert(q << 32 | t)
        return nil
    }

    private func commonPrefix(_ r: String.UTF8View, from q: Int) -> Int {
        var n = 0
        for b in r {
            guard q + n < scalars.count, scalars[q + n].value == UInt32(b) else { break }
            n += 1
        }
        return n
    }

    // MARK: Finding candidates in an index

    /// Prefixes of `PinyinText.indexTokens` words such that every text this query matches has a
    /// word starting with one of them (an index finds the candidates, `match` decides). Empty when
    /// the query cannot match anything.
    public var indexKeys: [String] {
        var memo: [Int: [String]] = [:]
        return PinyinQuery.shortened(keysFrom(0, &memo), toAtMost: PinyinQuery.maxKeys)
    }

    /// The keys of the texts this query may match from their start: `indexKeys`, each after
    /// `PinyinText.startMark`, prefixes of the texts' `PinyinText.startTokens`.
    public var startKeys: [String] {
        indexKeys.map { PinyinText.startMark + $0 }
    }

    /// At most this many keys are looked up; beyond it they are shortened (a shorter key finds more).
    static let maxKeys = 24
    /// At most this many keys are kept from one position of the query while they are built.
    static let maxPartialKeys = 256

    /// `keys` (prefix-minimal) cut to the longest length at which at most `cap` remain. Cutting
    /// keeps every match findable — a prefix of a key is a key — and, unlike falling back to the
    /// first letter, keeps a long query selective: `zhinengzhizao` has hundreds of readings, but
    /// only a few dozen of four letters (`znzz`, `zhnz`…), where the first letter alone finds
    /// every name with a z.
    static func shortened(_ keys: [String], toAtMost cap: Int) -> [String] {
        var out = keys
        var length = keys.map(\.utf8.count).max() ?? 0
        while out.count > cap, length > 1 {
            length -= 1
            out = prefixMinimal(keys.map { String(decoding: $0.utf8.prefix(length), as: UTF8.self) })
        }
        return out
    }

    private func keysFrom(_ q: Int, _ memo: inout [Int: [String]]) -> [String] {
        if q == scalars.count { return [""] }
        if let known = memo[q] { return known }
        let c = scalars[q]
        var keys: [String] = []
        func add(_ letter: UInt8, then next: Int) {
            // Index words are `PinyinText.tokenWindow` letters long: longer keys would find nothing.
            for rest in keysFrom(next, &memo) { keys.append(String(decoding: ([letter] + Array(rest.utf8)).prefix(PinyinText.tokenWindow), as: UTF8.self)) }
        }
        if !c.isASCII {
            var letters: [UInt8] = []
            for code in Tables.shared.codes(of: c) {
                if let f = Tables.shared.syllables[Int(code / 8)].utf8.first, !letters.contains(f) { letters.append(f) }
            }
            for l in letters { add(l, then: q + 1) }
        } else {
            let letter = UInt8(c.value)
            let rest = String(String.UnicodeScalarView(scalars[q...].prefix(6)))
            var lengths: Set<Int> = [1]
            var endsInside = false
            for s in Syllables.starting(with: letter) {
                if rest.hasPrefix(s) { lengths.insert(s.utf8.count) }
                if q + rest.unicodeScalars.count == scalars.count, s.hasPrefix(rest) { endsInside = true }
            }
            if rest.unicodeScalars.count >= 2, ["z", "c", "s"].contains(c), scalars[q + 1] == "h" { lengths.insert(2) }
            if endsInside { keys.append(String(UnicodeScalar(letter))) }
            for n in lengths.sorted() where q + n <= scalars.count { add(letter, then: q + n) }
        }
        let minimal = PinyinQuery.shortened(PinyinQuery.prefixMinimal(keys), toAtMost: PinyinQuery.maxPartialKeys)
        memo[q] = minimal
        return minimal
    }

    /// The keys none of whose prefixes is also a key (a prefix query for `ab` finds `abc` too).
    static func prefixMinimal(_ keys: [String]) -> [String] {
        let sorted = Set(keys).sorted { $0.utf8.count < $1.utf8.count || ($0.utf8.count == $1.utf8.count && $0 < $1) }
        var out: [String] = []
        for k in sorted where !out.contains(where: { k.hasPrefix($0) }) { out.append(k) }
        return out
    }
}

/// Where a query matched.
public struct PinyinMatch: Sendable, Hashable {
    /// Character offsets of the text, first to last matched character.
    public var range: Range<Int>
    /// The match starts the text (its first letter or Han character).
    public var atStart: Bool
    /// How many units (characters) it covers.
    public var length: Int
    /// It needs no character's rarer reading (a phrase's reading counts as everyday).
    public var everyday: Bool
}

/// The syllables of the tables by first letter, for reading queries.
enum Syllables {
    static let byLetter: [UInt8: [String]] = {
        var map: [UInt8: [String]] = [:]
        for s in Tables.shared.allSyllables { if let f = s.utf8.first { map[f, default: []].append(s) } }
        return map
    }()

    static func starting(with letter: UInt8) -> [String] { byLetter[letter] ?? [] }
}
