import CatalogCore
import Foundation
import Spreadsheet

/// Values of a submission sheet to the catalogue's ids: 深圳市, 深圳, Shenzhen → shenzhen;
/// 医疗卫生 → healthcare. Names come from the taxonomy (id, zh, en, zh with 市, en with City)
/// and the vocabulary's synonyms, compared normalised.
struct ValueMapper: Sendable {
    var sectors: [String: String] = [:]
    var cities: [String: String] = [:]
    var stages: [String: String] = [:]
    var dataClasses: [String: String] = [:]

    init(taxonomy: Taxonomy, vocabulary: ImportVocabulary) {
        func add(_ table: inout [String: String], _ name: String, _ id: String) {
            let key = ImportVocabulary.normalise(name)
            if !key.isEmpty, table[key] == nil { table[key] = id }
        }
        for s in taxonomy.sectors {
            for n in [s.id, s.zh, s.en, s.zh + "业", s.zh + "行业", s.zh + "领域"] { add(&sectors, n, s.id) }
        }
        for (id, names) in vocabulary.sectors { for n in names { add(&sectors, n, id) } }
        for c in taxonomy.cities {
            for n in [c.id, c.zh, c.en, c.zh + "市", c.en + " City", c.en + " Shi", "广东省" + c.zh + "市", "广东省" + c.zh] {
                add(&cities, n, c.id)
            }
        }
        for (id, names) in vocabulary.cities { for n in names { add(&cities, n, id) } }
        for st in Stage.allCases { add(&stages, st.zh, st.rawValue); add(&stages, st.rawValue, st.rawValue) }
        for (id, names) in vocabulary.stages { for n in names { add(&stages, n, id) } }
        for (id, names) in vocabulary.dataClasses { for n in names { add(&dataClasses, n, id) } }
    }

    func sector(_ s: String) -> String? { sectors[ImportVocabulary.normalise(s)] }
    func city(_ s: String) -> String? { cities[ImportVocabulary.normalise(s)] }
    func stage(_ s: String) -> String? { stages[ImportVocabulary.normalise(s)] }
    func dataClass(_ s: String) -> String? { dataClasses[ImportVocabulary.normalise(s)] }

    /// The names a field's values may take, for a did-you-mean hint.
    func names(_ field: String) -> [String] {
        switch field {
        case "sector": return Array(sectors.keys)
        case "city": return Array(cities.keys)
        case "stage": return Array(stages.keys)
        case "data_class": return Array(dataClasses.keys)
        default: return []
        }
    }

    static func hint(_ value: String, _ names: [String]) -> String {
        Suggest.hint(ImportVocabulary.normalise(value), names)
    }

    /// A list cell: items separated by commas, semicolons, 、 or line breaks (either width).
    static func list(_ text: String?) -> [String] {
        guard let text else { return [] }
        let separators: Set<Character> = [",", "，", ";", "；", "、", "\n", "\r\n"]
        return text.split(whereSeparator: { separators.contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `2026-Q1`, `2026Q1`, `2026年第一季度`, `2026年Q1`, or a date (its quarter).
    static func quarter(_ cell: CellValue) -> Quarter? {
        if case .date(let d) = cell { return Quarter(year: d.year, quarter: (d.month - 1) / 3 + 1) }
        let t = ImportVocabulary.normalise(cell.text).uppercased()
        if let q = Quarter(t) { return q }
        let digits = ["一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4]
        var year = 0
        var rest = Substring(t)
        while let c = rest.first, c.isASCII, c.isNumber { year = year * 10 + Int(String(c))!; rest = rest.dropFirst() }
        guard (1900...2999).contains(year) else { return SheetDate(text: cell.text).flatMap { Quarter(year: $0.year, quarter: ($0.month - 1) / 3 + 1) } }
        for p in ["年第", "年Q", "-Q", "Q", "年"] where rest.hasPrefix(p) { rest = rest.dropFirst(p.count); break }
        guard let c = rest.first, let n = digits[String(c)] else {
            return SheetDate(text: cell.text).flatMap { Quarter(year: $0.year, quarter: ($0.month - 1) / 3 + 1) }
        }
        rest = rest.dropFirst()
        guard rest.isEmpty || rest == "季度" || rest == "季" else { return nil }
        return Quarter(year: year, quarter: n)
    }
}

/// Finds a scenario with the same normalised title in the same city, or nearly the same title
/// anywhere (character-pair overlap of at least `threshold`), among many: candidates come from an
/// index of the titles' rarer character pairs, so each look-up touches few titles.
struct DuplicateFinder: Sendable {
    struct Match { var id: String; var title: String; var reason: String }

    static let threshold = 0.85
    /// Pairs found in more titles than this are too common to find candidates by.
    static let commonPair = 500

    var items: [ExistingScenario] = []
    var exact: [TitleKey: Int] = [:]
    /// Character pair → the titles holding it. Pairs are two scalars in one integer: building
    /// 100,000 titles' pairs as strings cost more than the rest of a plan.
    var pairs: [UInt64: [Int32]] = [:]

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
    }

    init(_ existing: [ExistingScenario]) {
        items.reserveCapacity(existing.count)
        exact.reserveCapacity(existing.count)
        for e in existing { add(e) }
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
        if let i = exact[TitleKey(n, city)] { return Match(id: items[i].id, title: items[i].title, reason: "same title and city") }
        // Fewer than three characters make fewer than two pairs: too few to be nearly the same.
        guard n.unicodeScalars.count >= 3 else { return nil }
        let mine = DuplicateFinder.distinctPairs(n)
        var counts: [Int32: Int] = [:]
        for p in mine {
            guard let list = pairs[p], list.count <= DuplicateFinder.commonPair else { continue }
            for i in list { counts[i, default: 0] += 1 }
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
