import Foundation

/// What may stay in Latin letters in a Chinese text: the zh walk of the screens and the message
/// tables' test ask this.
///
/// Allowed are units and standards (PFLOPS, FP16, YAML…), program and key names (git, vi, esc,
/// ctrl-s, Enter…), and what a person types or a program reads rather than what they are told:
/// a word after `scencat ` or `git ` (a subcommand), after `-` or `--` (an option), inside
/// backticks, next to `/`, `.`, `=` or `[` (paths, files, `key=value`, `compute[0]`), in capitals
/// (placeholders and variables: `YYYY-MM-DD`, `SCENARIO`, `SCENCAT_KEY`), an id (lower-case words
/// joined by `-`), and single letters (keys). Ids, model names and user data are the caller's to
/// leave out.
public enum ChineseText {
    public static let allowedWords: Set<String> = [
        // Units, formats, standards
        "PFLOPS", "TFLOPS", "FP16", "BF16", "FP8", "INT8", "B", "YAML", "JSON", "CSV", "xlsx", "ID", "id", "SHA", "Ed25519",
        // Programs, variables, YAML's words
        "scencat", "git", "vi", "VISUAL", "EDITOR", "tmux", "true", "false",
        // Key names
        "esc", "enter", "Enter", "Esc", "tab", "Tab", "shift", "ctrl", "space", "backspace", "pgup", "pgdn", "del", "f2", "home", "end",
    ]

    /// The English words of `text` that none of the rules above allows.
    public static func englishWords(in text: String) -> [String] {
        let chars = Array(text)
        var words: [String] = []
        var i = 0
        func isWordChar(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }
        while i < chars.count {
            guard isWordChar(chars[i]) else { i += 1; continue }
            var j = i
            while j < chars.count && isWordChar(chars[j]) { j += 1 }
            let word = String(chars[i..<j])
            defer { i = j }
            let before = i > 0 ? chars[i - 1] : " ", after = j < chars.count ? chars[j] : " "
            let head = String(chars[max(0, i - 8)..<i])
            if word.filter(\.isLetter).count < 2 || allowedWords.contains(word) { continue }
            if word == word.uppercased() { continue }
            if head.hasSuffix("scencat ") || head.hasSuffix("git ") || before == "-" { continue }
            if "/.=[".contains(after) || "/.=".contains(before) { continue }
            if chars[..<i].filter({ $0 == "`" }).count % 2 == 1 { continue }
            // A key or value as written in the file: `缺少必填的键 'title'`.
            if before == "'" && after == "'" { continue }
            // An id: lower-case words joined by `-` (the word is one of them).
            if after == "-" || before == "-" { continue }
            words.append(word)
        }
        return words
    }
}
