import ChineseText

/// Narrowing and ordering the short lists of pickers and sidebars the Chinese way: what is typed
/// matches a label or id as text, or a label by its pinyin (`gz`, `guangzhou`, `广z` find 广州);
/// lists come in pinyin order (潮州, 东莞, 佛山, 广州…).
enum PinyinChoices {
    /// How well `needle` matches one of `parts`, smaller is better: 0 as text; above, by pinyin,
    /// its best match ranked as a search ranks them (docs/0032): fewest characters covered, then
    /// by everyday readings, then from the start of a part; nil when it does not match (an empty
    /// needle matches everything, 0).
    static func rank(_ needle: String, _ parts: [String]) -> Int? {
        let lower = needle.trimmedSpaces.lowercased()
        if lower.isEmpty || parts.contains(where: { $0.lowercased().contains(lower) }) { return 0 }
        guard let query = PinyinQuery(lower), query.hasLetters else { return nil }
        let ranks = parts.compactMap { query.match($0) }.map { m in
            1 + (m.length - query.fewestUnits) * 4 + (m.everyday ? 0 : 2) + (m.atStart ? 0 : 1)
        }
        return ranks.min()
    }

    /// `items` narrowed to those matching `needle`, best match first, each rank in pinyin order of `label`.
    static func narrowed<T>(_ items: [T], _ needle: String, label: (T) -> String, parts: (T) -> [String]) -> [T] {
        items.compactMap { item in rank(needle, parts(item)).map { (item, $0, Pinyin.sortKey(label(item))) } }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.2 < $1.2 }
            .map(\.0)
    }

    /// `items` in pinyin order of `label`.
    static func sorted<T>(_ items: [T], label: (T) -> String) -> [T] {
        items.map { ($0, Pinyin.sortKey(label($0))) }.sorted { $0.1 < $1.1 }.map(\.0)
    }
}
