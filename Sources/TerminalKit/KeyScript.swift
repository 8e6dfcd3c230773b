extension Key {
    /// Keys from a compact script, for tests: every character is `.char` except names in
    /// angle brackets (case-insensitive): `<Enter>` `<Esc>` `<Tab>` `<BackTab>` `<BS>`
    /// `<Del>` `<Up>` `<Down>` `<Left>` `<Right>` `<PgUp>` `<PgDn>` `<Home>` `<End>`
    /// `<Space>` `<lt>` (a literal `<`), `<F1>`…`<F63>`, `<C-u>` (control + letter),
    /// `<WheelUp>` `<WheelDown>` `<Click:X,Y>` `<Resize:WxH>`.
    /// A `<` that doesn't start a known name is an ordinary character.
    ///
    ///     Key.script("jjj/医疗<Enter><Esc>")
    public static func script(_ text: String) -> [Key] {
        var keys: [Key] = []
        var rest = Substring(text)
        while let first = rest.first {
            if first == "<", let close = rest.firstIndex(of: ">"),
               let key = named(String(rest[rest.index(after: rest.startIndex)..<close])) {
                keys.append(key)
                rest = rest[rest.index(after: close)...]
            } else {
                keys.append(.char(first))
                rest = rest.dropFirst()
            }
        }
        return keys
    }

    /// The key for a name used inside `<…>` in `script`, or nil.
    static func named(_ name: String) -> Key? {
        let lower = name.lowercased()
        switch lower {
        case "enter", "cr", "return": return .enter
        case "esc", "escape": return .escape
        case "tab": return .tab
        case "backtab", "s-tab": return .backTab
        case "bs", "backspace": return .backspace
        case "del", "delete": return .delete
        case "up": return .up
        case "down": return .down
        case "left": return .left
        case "right": return .right
        case "pgup", "pageup": return .pageUp
        case "pgdn", "pagedown": return .pageDown
        case "home": return .home
        case "end": return .end
        case "space": return .char(" ")
        case "lt": return .char("<")
        case "wheelup": return .mouse(MouseEvent(.wheelUp))
        case "wheeldown": return .mouse(MouseEvent(.wheelDown))
        default: break
        }
        if lower.hasPrefix("c-"), lower.count == 3, let letter = lower.last {
            return .ctrl(letter)
        }
        if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...63).contains(n) {
            return .function(n)
        }
        if lower.hasPrefix("click:") {
            let numbers = lower.dropFirst(6).split(separator: ",").compactMap { Int($0) }
            if numbers.count == 2 { return .mouse(MouseEvent(.click, x: numbers[0], y: numbers[1])) }
        }
        if lower.hasPrefix("resize:") {
            let numbers = lower.dropFirst(7).split(separator: "x").compactMap { Int($0) }
            if numbers.count == 2 { return .resize(numbers[0], numbers[1]) }
        }
        return nil
    }
}
