import Testing
import TerminalKit

@Suite struct KeyScriptTests {
    @Test func scriptsKeysFromACompactString() {
        #expect(Key.script("jjj/医疗<Enter><Esc>") == [
            .char("j"), .char("j"), .char("j"), .char("/"), .char("医"), .char("疗"), .enter, .escape,
        ])
        #expect(Key.script("<C-u><F5><lt><PgDn><BackTab><Space>") == [
            .ctrl("u"), .function(5), .char("<"), .pageDown, .backTab, .char(" "),
        ])
        #expect(Key.script("<Click:3,4><WheelDown><Resize:100x30>") == [
            .mouse(MouseEvent(.click, x: 3, y: 4)), .mouse(MouseEvent(.wheelDown)), .resize(100, 30),
        ])
        // A "<" that starts no known name is an ordinary character.
        #expect(Key.script("a<b") == [.char("a"), .char("<"), .char("b")])
        #expect(Key.script("<nope>") == Key.script("<").prefix(1) + Key.script("nope>"))
    }

    @Test func descriptionsRoundTrip() {
        let keys: [Key] = [.char("x"), .char("<"), .char(" "), .up, .down, .left, .right, .pageUp, .pageDown,
                           .home, .end, .enter, .escape, .tab, .backTab, .backspace, .delete, .function(12),
                           .ctrl("w"), .mouse(MouseEvent(.click, x: 1, y: 2)), .mouse(MouseEvent(.wheelUp)),
                           .resize(80, 24), .char("中")]
        #expect(Key.script(keys.map(\.description).joined()) == keys)
        #expect(Key.ctrl("u").label == "ctrl-u")
        #expect(Key.enter.label == "enter")
    }
}
