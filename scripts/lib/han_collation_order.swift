// Prints the rank of every character scripts/gen-pinyin-data covers (〇, then U+4E00…U+9FFF, one
// number a line, in that order) when all of them are sorted by Foundation's zh_CN collation (ICU's
// pinyin order), ties by code point. Run by scripts/gen-pinyin-data: `swift scripts/lib/han_collation_order.swift`.
import Foundation

let zh = Locale(identifier: "zh_CN")
let codes: [UInt32] = [0x3007] + Array(0x4E00...0x9FFF)
let texts = codes.map { String(Character(Unicode.Scalar($0)!)) }
let order = codes.indices.sorted { a, b in
    switch texts[a].compare(texts[b], options: [], range: nil, locale: zh) {
    case .orderedAscending: return true
    case .orderedDescending: return false
    case .orderedSame: return codes[a] < codes[b]
    }
}
var rank = [Int](repeating: 0, count: codes.count)
for (r, i) in order.enumerated() { rank[i] = r }
print(rank.map(String.init).joined(separator: "\n"))
