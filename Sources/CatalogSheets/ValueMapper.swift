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
