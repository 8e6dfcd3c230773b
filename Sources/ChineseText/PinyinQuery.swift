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
        let tables = Tables.shared
        for raw in text.unicodeScalars {
            if let s = tables.pinyinScalar(raw) { out.append(s) }
        }
        guard !out.isEmpty, out.count <= 64 else { return nil }
        scalars = out
        fewestUnits = PinyinQuery.fewestUnits(out)
    }

    /// The fewest characters any match of this query can cover: the query read as the fewest
    /// syllables (`yiliao` 2, `yl` 2, `shan` 1, `医l` 2). A match covering this few spells every
    /// character out as fully as the query can; `PinyinMatch.length` above it means some letters
    /// were taken as initials of more characters (`shan` as 上海安南's s-h-a-n).
    public let fewestUnits: Int

    static func fewestUnits(_ s: [Unicode.Scalar]) -> Int {
        let n = s.count
        var f = [Int](repeating: 0, count: n + 1)
        for q in stride(from: n - 1, through: 0, by: -1) {
            var best = 1 + f[q + 1]
            let c = s[q]
            if c.isASCII, c.properties.isAlphabetic {
                // The rest of the query as bytes, up to its first non-ASCII scalar.
                var rest: [UInt8] = []
                for x in s[q...] { guard x.isASCII else { break }; rest.append(UInt8(x.value)) }
                let restIsAll = rest.count == n - q
                for syllable in Syllables.starting(with: UInt8(c.value)) {
                    let b = Array(syllable.utf8)
                    if rest.starts(with: b) { best = min(best, 1 + f[q + b.count]) }
                    if restIsAll, b.count > rest.count, b.starts(with: rest) { best = min(best, 1) }
                }
                if q + 1 < n, c == "z" || c == "c" || c == "s", s[q + 1] == "h" { best = min(best, 1 + f[q + 2]) }
            }
            f[q] = best
        }
        return f[0]
    }

    /// True when the query has letters: only then does pinyin find more than the characters themselves.
    public var hasLetters: Bool { scalars.contains { $0.isASCII && $0.properties.isAlphabetic } }

    // MARK: Matching

    /// Where the query matches `text`, the best match when it matches in several ways
    /// (docs/0032): covering the fewest characters (the most of the query read as whole
    /// syllables: `shan` takes 山 before 上海安南 read s-h-a-n); then by everyday readings (游
    /// reads liu too, but a match that needs it is a coincidence: `yl` means 医疗 in 粤海医疗
    /// more surely than 粤游 read yue-liu); then at the start of the text; then the leftmost. `range` is in Character offsets of the text.
    public func match(_ text: PinyinText) -> PinyinMatch? {
        let units = text.units
        guard !units.isEmpty else { return nil }
        let width = units.count + 1
        // Per mode (everyday readings only, all readings): the fewest-units end of a run of the
        // query from (q, t), which does not depend on where the run began; -2 unknown, -1 none.
        var memos: [[Int32]] = [[], []]
        func end(_ start: Int, everyday: Bool) -> Int? {
            let m = everyday ? 0 : 1
            if memos[m].isEmpty { memos[m] = [Int32](repeating: -2, count: (scalars.count + 1) * width) }
            let e = run(0, start, units, everyday: everyday, width, &memos[m])
            return e < 0 ? nil : e
        }
        func better(_ a: PinyinMatch, than b: PinyinMatch?) -> Bool {
            guard let b else { return true }
            if a.length != b.length { return a.length < b.length }
            if a.everyday != b.everyday { return a.everyday }
            if a.atStart != b.atStart { return a.atStart }
            return a.range.lowerBound < b.range.lowerBound
        }
        var best: PinyinMatch?
        for everyday in [true, false] {
            // An everyday match covering the fewest characters beats any by a rarer reading.
            if let b = best, b.length == fewestUnits { break }
            for s in 0..<units.count {
                guard let e = end(s, everyday: everyday) else { continue }
                let m = PinyinMatch(range: units[s].offset..<(units[e - 1].offset + 1), atStart: s == 0,
                                    length: e - s, everyday: everyday)
                if better(m, than: best) { best = m }
                if m.length == fewestUnits { break }   // the leftmost of the fewest
            }
        }
        return best
    }

    /// Convenience for one-off texts (pickers): `match(PinyinText(text))`.
    public func match(_ text: String) -> PinyinMatch? { match(PinyinText(text)) }

    /// The unit after the shortest run of units the query from `q` matches from unit `t` on;
    /// -1 when it matches none. `memo[q * width + t]` remembers each answer.
    private func run(_ q: Int, _ t: Int, _ units: [PinyinText.Unit], everyday: Bool, _ width: Int, _ memo: inout [Int32]) -> Int {
        if q == scalars.count { return t }
        if t == units.count { return -1 }
        let known = memo[q * width + t]
        if known != -2 { return Int(known) }
        var best = -1
        func take(_ e: Int) { if e >= 0, best < 0 || e < best { best = e } }
        let unit = units[t]
        let c = scalars[q]
        if !c.isASCII || !unit.isHan {
            if c == unit.scalar { take(run(q + 1, t + 1, units, everyday: everyday, width, &memo)) }
        } else {
            for reading in unit.readings.prefix(everyday ? 1 : unit.readings.count) where best != t + 1 {
                // Readings are ASCII: compared byte by byte, without copying (a search matches a
                // thousand names, each reading of each character asking).
                let r = reading.utf8
                let common = commonPrefix(r, from: q)
                if common == scalars.count - q, common <= r.count { take(t + 1); break }   // the query ends in this reading
                if common == r.count { take(run(q + r.count, t + 1, units, everyday: everyday, width, &memo)) }
                if common >= 1 { take(run(q + 1, t + 1, units, everyday: everyday, width, &memo)) }
                if common >= 2, let first = r.first, first == 0x7A || first == 0x63 || first == 0x73,   // zh ch sh
                   r.dropFirst().first == 0x68 { take(run(q + 2, t + 1, units, everyday: everyday, width, &memo)) }
            }
        }
        memo[q * width + t] = Int32(best)
        return best
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
