import CatalogCore
import Foundation

/// Finds a scenario with the same normalised title in the same city, or nearly the same title
/// anywhere (character-pair overlap of at least `threshold`), among many: candidates come from an
/// index of the titles' rarer character pairs, so each look-up touches few titles.
///
/// The titles given at once (the catalogue's, `init`) are held in two sorted arrays of integers,
/// searched by bisection; those added one by one (a sheet's rows as its plan goes, `add`) in
/// dictionaries. At 100,000 titles the dictionaries were ~600,000 small allocations to make and
/// to free again (docs/0039); a look-up reads both, so a finder may hold titles of either kind.
struct DuplicateFinder: Sendable {
    struct Match { var id: String; var title: String; var reason: String }

    static let threshold = 0.85
    /// Pairs found in more titles than this are too common to find candidates by.
    static let commonPair = 500

    var items: [ExistingScenario] = []
    /// Titles added one by one: title and city → the first title so named.
    var exact: [TitleKey: Int] = [:]
    /// Titles added one by one: character pair → the titles holding it. Pairs are two scalars in
    /// one integer: building 100,000 titles' pairs as strings cost more than the rest of a plan.
    var pairs: [UInt64: [Int32]] = [:]
    /// Titles given at once: `TitleKey.hash` and title, ascending (`Entry`).
    var sortedExact: [Entry] = []
    /// Titles given at once: `packed(pair) << titleBits | title`, ascending.
    var sortedPairs: [UInt64] = []

    /// A key and the title it came from, ordered by key, then title.
    struct Entry: Comparable {
        let key: UInt64
        let title: Int32
        static func < (a: Entry, b: Entry) -> Bool { (a.key, a.title) < (b.key, b.title) }
    }

    /// Bits of a title's index in `sortedPairs` (4,194,304 titles), and of a scalar in a packed pair.
    static let titleBits: UInt64 = 22
    static let scalarBits: UInt64 = 21

    /// A normalised title and a city as one key, hashed and compared as UTF-8 bytes: a `String`
    /// key of Chinese text is hashed through Unicode normalisation, which was half of building
    /// the finder over 100,000 titles (docs/0039). `normalise` gives composed text (NFC), so
    /// equal bytes are what equal strings were.
    struct TitleKey: Hashable {
        let bytes: [UInt8]

        init(_ title: String, _ city: String) {
            var b = [UInt8]()
            b.reserveCapacity(title.utf8.count + 1 + city.utf8.count)
            b.append(contentsOf: title.utf8)
            b.append(0)
            b.append(contentsOf: city.utf8)
            bytes = b
        }

        func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }

        /// The key as one integer, for `sortedExact` (equal keys, equal integers; the titles of
        /// an equal integer are compared in full).
        var hash: UInt64 { UInt64(bitPattern: Int64(hashValue)) }
    }

    init(_ existing: [ExistingScenario]) {
        items = existing
        guard existing.count < 1 << Int(DuplicateFinder.titleBits) else {
            items = []
            for e in existing { add(e) }
            return
        }
        sortedExact.reserveCapacity(existing.count)
        sortedPairs.reserveCapacity(existing.count * 12)
        for (i, e) in existing.enumerated() {
            let n = DuplicateFinder.normalise(e.title)
            sortedExact.append(Entry(key: TitleKey(n, e.city).hash, title: Int32(i)))
            for p in DuplicateFinder.distinctPairs(n) { sortedPairs.append(DuplicateFinder.packed(p) << DuplicateFinder.titleBits | UInt64(i)) }
        }
        sortedExact.sort()
        sortedPairs.sort()
    }

    /// A pair (`bigrams`) in `2 × scalarBits` bits; a one-scalar title's pair takes the second
    /// scalar `0x1FFFFF`, which is no scalar.
    static func packed(_ pair: UInt64) -> UInt64 {
        let second = pair & 0xFFFF_FFFF
        return (pair >> 32) << scalarBits | (second == 0xFFFF_FFFF ? (1 << scalarBits) - 1 : second)
    }

    /// The first index of `array` whose element is not below `value`.
    static func lowerBound<T: Comparable>(_ array: [T], _ value: T) -> Int {
        var low = 0, high = array.count
        while low < high {
            let mid = (low + high) / 2
            if array[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first title named `n` in `city`, from either kind of title.
    func firstExact(_ n: String, _ city: String) -> Int? {
        let key = TitleKey(n, city)
        var found = exact[key]
        let hash = key.hash
        var at = DuplicateFinder.lowerBound(sortedExact, Entry(key: hash, title: Int32.min))
        while at < sortedExact.count, sortedExact[at].key == hash {
            let i = Int(sortedExact[at].title)
            if items[i].city == city, DuplicateFinder.normalise(items[i].title) == n {
                found = min(found ?? i, i)
                break
            }
            at += 1
        }
        return found
    }

    /// The titles holding pair `p`, from either kind of title.
    func titles(holding p: UInt64) -> (sorted: ArraySlice<UInt64>, added: [Int32]) {
        let key = DuplicateFinder.packed(p)
        let from = DuplicateFinder.lowerBound(sortedPairs, key << DuplicateFinder.titleBits)
        let to = DuplicateFinder.lowerBound(sortedPairs, (key + 1) << DuplicateFinder.titleBits)
        return (sortedPairs[from..<to], pairs[p] ?? [])
    }

    mutating func add(_ e: ExistingScenario) {
        let i = items.count
        items.append(e)
        let n = DuplicateFinder.normalise(e.title)
        let key = TitleKey(n, e.city)
        if exact[key] == nil { exact[key] = i }
        for p in DuplicateFinder.distinctPairs(n) { pairs[p, default: []].append(Int32(i)) }
    }

    func match(title: String, city: String) -> Match? {
        let n = DuplicateFinder.normalise(title)
        if let i = firstExact(n, city) { return Match(id: items[i].id, title: items[i].title, reason: "same title and city") }
        // Fewer than three characters make fewer than two pairs: too few to be nearly the same.
        guard n.unicodeScalars.count >= 3 else { return nil }
        let mine = DuplicateFinder.distinctPairs(n)
        var counts: [Int32: Int] = [:]
        for p in mine {
            let (sorted, added) = titles(holding: p)
            guard sorted.count + added.count <= DuplicateFinder.commonPair else { continue }
            for e in sorted { counts[Int32(truncatingIfNeeded: e & (1 << DuplicateFinder.titleBits - 1)), default: 0] += 1 }
            for i in added { counts[i, default: 0] += 1 }
        }
        var best: (Int, Double)?
        for (i32, shared) in counts where Double(shared) * 2 >= DuplicateFinder.threshold * Double(mine.count) * 0.5 {
            let i = Int(i32)
            let theirs = DuplicateFinder.distinctPairs(DuplicateFinder.normalise(items[i].title))
            let dice = 2 * Double(DuplicateFinder.sharedCount(mine, theirs)) / Double(mine.count + theirs.count)
            if dice >= DuplicateFinder.threshold, dice > (best?.1 ?? 0) || (dice == best?.1 && i < best!.0) { best = (i, dice) }
        }
        guard let (i, _) = best else { return nil }
        return Match(id: items[i].id, title: items[i].title, reason: "nearly the same title")
    }

    /// The distinct pairs of `bigrams(s)`, in ascending order (a title's set of pairs without
    /// building a `Set` for each of 100,000 titles).
    static func distinctPairs(_ s: String) -> [UInt64] {
        var pairs = bigrams(s)
        guard pairs.count > 1 else { return pairs }
        pairs.sort()
        var kept = 1
        for i in 1..<pairs.count where pairs[i] != pairs[kept - 1] {
            pairs[kept] = pairs[i]
            kept += 1
        }
        pairs.removeLast(pairs.count - kept)
        return pairs
    }

    /// How many values two ascending arrays of distinct values share.
    static func sharedCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        var i = 0, j = 0, shared = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] { shared += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return shared
    }

    /// Letters and digits only, half-width, lower case, composed (NFC).
    static func normalise(_ s: String) -> String {
        // Composed before the filter, which would drop a combining accent (é typed as e + ◌́),
        // and after it, so that equal titles are equal bytes (`TitleKey`).
        fastNormalise(s) ?? String(ImportVocabulary.normalise(s).precomposedStringWithCanonicalMapping.unicodeScalars
            .filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.map(Character.init)).precomposedStringWithCanonicalMapping
    }

    /// `normalise` in one pass for text of ASCII, fullwidth ASCII, CJK ideographs and common CJK
    /// punctuation — nearly every title — where it gives the same result; nil for anything else
    /// (and for 必, which may begin a 必填 mark), which takes the general way.
    static func fastNormalise(_ s: String) -> String? {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            var v = u.value
            if (0xFF01...0xFF5E).contains(v) { v -= 0xFEE0 }
            switch v {
            case 0x30...0x39, 0x61...0x7A: out.append(Unicode.Scalar(v)!)
            case 0x41...0x5A: out.append(Unicode.Scalar(v + 0x20)!)
            case 0x00..<0x80, 0xA0, 0x3000...0x3002, 0x300A...0x3011: continue
            case 0x5FC5: return nil
            case 0x4E00...0x9FFF: out.append(Unicode.Scalar(v)!)
            default: return nil
            }
        }
        return String(out)
    }

    /// Overlapping pairs of scalars (a title of one scalar: that scalar alone).
    static func bigrams(_ s: String) -> [UInt64] {
        let c = s.unicodeScalars.map { UInt64($0.value) }
        guard c.count >= 2 else { return c.map { $0 << 32 | 0xFFFF_FFFF } }
        return (0..<(c.count - 1)).map { c[$0] << 32 | c[$0 + 1] }
    }
}
