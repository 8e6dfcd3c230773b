import CatalogCore
import Foundation
import GRDB

/// Where a hit matched and the text around it, found in Swift on the few rows returned (the
/// index holds tokens, not readable text).
enum SearchSnippet {
    /// Characters of context kept on each side of the matched word.
    static let context = 16

    /// The first field (in the given order) containing one of `terms`, and its snippet.
    static func find(_ terms: [String], in fields: [(SearchField, String?)]) -> (field: SearchField, snippet: String)? {
        for (field, text) in fields {
            guard let text, !text.isEmpty else { continue }
            for term in terms where !term.isEmpty {
                if let range = text.range(of: term, options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive]) {
                    return (field, excerpt(text, around: range))
                }
            }
        }
        return nil
    }

    /// `text` cut to `context` characters each side of `range`, on one line.
    static func excerpt(_ text: String, around range: Range<String.Index>) -> String {
        let start = text.index(range.lowerBound, offsetBy: -context, limitedBy: text.startIndex) ?? text.startIndex
        let end = text.index(range.upperBound, offsetBy: context, limitedBy: text.endIndex) ?? text.endIndex
        var s = String(text[start..<end]).split(whereSeparator: \.isNewline).joined(separator: " ")
        if start > text.startIndex { s = "…" + s }
        if end < text.endIndex { s += "…" }
        return s
    }

    /// The searchable fields of a hit's row, in the order a reader would look for the word; the
    /// entity (read from its file) adds what the row does not hold: suppliers, tags, summary,
    /// licence. Without it (the file changed since indexing) those are left out.
    static func fields(of row: Row, entity: Entity?) -> [(SearchField, String?)] {
        var fields: [(SearchField, String?)] = [
            (.name, row["name"]), (.nameEn, row["name_en"]),
            (.organisation, row["demand_org"]), (.organisation, row["provider"]), (.organisation, row["operator"]),
        ]
        var tags: [String] = [], summary: String?, license: String?
        switch entity {
        case .scenario(let s)?:
            fields += s.supplierOrgs.map { (.organisation, $0) }
            tags = s.tags
            summary = s.summary
        case .model(let m)?: license = m.license
        case .center?, nil: break
        }
        fields += tags.map { (.tag, $0) }
        fields += [(.summary, summary), (.summary, license), (.id, row["id"]), (.filingNo, row["filing_no"])]
        return fields
    }
}
