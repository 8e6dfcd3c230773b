import Foundation

/// What may stay in Latin letters in a Chinese text: the zh walk of the screens and the message
/// tables' test ask this. Allowed are units and standards (PFLOPS, FP16, YAML, CSV…), program
/// and variable names ($EDITOR, git, vi, scencat), key names (q, esc, ctrl-s, enter…) and single
/// letters (keys); ids, model names and user data are the caller's to leave out.
public enum ChineseText {
    public static let allowedWords: Set<String> = [
        // Units, formats, standards
        "PFLOPS", "TFLOPS", "FP16", "BF16", "FP8", "INT8", "B", "YAML", "JSON", "CSV", "xlsx", "ID", "id", "SHA", "Ed25519",
        "Q1", "Q2", "Q3", "Q4", "PATH", "LINE", "COL",
        // Programs and variables
        "scencat", "git", "vi", "VISUAL", "EDITOR", "tmux", "catalog", "yaml", "ui_language",
        // Key names
        "esc", "enter", "tab", "shift", "ctrl", "space", "backspace", "pgup", "pgdn", "del", "f2", "home", "end",
    ]

    /// Runs of two or more ASCII letters (with digits, `_`, `-`) not in the allow-list.
    public static func englishWords(in text: String) -> [String] {
        var words: [String] = []
        var current = ""
        func flush() {
            let letters = current.filter { $0.isASCII && $0.isLetter }.count
            if letters >= 2, !allowedWords.contains(current), !allowedWords.contains(current.trimmingCharacters(in: .punctuationCharacters)) {
                words.append(current)
            }
            current = ""
        }
        for ch in text {
            if ch.isASCII && (ch.isLetter || ch.isNumber || ch == "_") { current.append(ch) } else { flush() }
        }
        flush()
        return words
    }
}
