import Foundation
import Testing

/// Every example in README.md and in `--help` runs as written, in order, on a copy of the shipped
/// catalogue: a clone (the catalogue at its root) of a bare remote, with its own HOME and git identity.
/// Lines with a placeholder in capitals (ID, DIR, QUARTER, YYYY-Qn) are forms, not examples, and are
/// only checked to be such.
@Suite(.serialized) struct ExamplesTests {
    /// The `scencat …` lines of the README's ```sh blocks, comments cut.
    static func readmeExamples() throws -> [String] {
        let text = try CLI.read(CLI.packageRoot.appendingPathComponent("README.md").path)
        var inBlock = false
        var lines: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("```") { inBlock = line == "```sh"; continue }
            if inBlock, line.hasPrefix("scencat ") { lines.append(command(line)) }
        }
        return lines
    }

    /// A line without its trailing comment: ` # …` outside quotes, or a run of three spaces
    /// (help texts align their explanations so).
    static func command(_ line: String) -> String {
        var quote: Character?
        var out = ""
        var spaces = 0
        for c in line {
            if let q = quote { if c == q { quote = nil } } else if c == "'" || c == "\"" { quote = c }
            if quote == nil {
                if c == "#" && (out.last == " ") { break }
                spaces = c == " " ? spaces + 1 : 0
                if spaces == 3 { break }
            }
            out.append(c)
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    static func isForm(_ command: String) -> Bool {
        command.range(of: #"(^|[\s=\[])([A-Z]{2,}[A-Z0-9_-]*|YYYY-Qn)\b"#, options: .regularExpression) != nil
            || command.contains("…") || command.contains(" | ")
    }

    final class Clone {
        let dir: String
        let env: [String: String]
        var clone: String { dir + "/clone" }

        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("scencat-examples-\(UUID().uuidString)").path
            for sub in ["home", "bin"] { try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true) }
            try FileManager.default.createSymbolicLink(atPath: dir + "/bin/scencat", withDestinationPath: CLI.binary)
            let config = dir + "/gitconfig"
            try "[init]\n\tdefaultBranch = main\n[user]\n\tname = 省办公室\n\temail = office@example.org\n".write(toFile: config, atomically: true, encoding: .utf8)
            env = ["HOME": dir + "/home", "GIT_CONFIG_GLOBAL": config, "GIT_CONFIG_NOSYSTEM": "1", "VISUAL": "true", "EDITOR": "true", "SCENCAT_LANG": "both",
                   "PATH": dir + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
            try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent("Catalog").path, toPath: clone)
            try? FileManager.default.removeItem(atPath: clone + "/.scencat")
            // The README's import examples read a city's submission sheet: real files made by LibreOffice and in GBK.
            let sheets = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/sheets").path
            try FileManager.default.copyItem(atPath: sheets + "/submission-libreoffice.xlsx", toPath: clone + "/申报表.xlsx")
            try FileManager.default.copyItem(atPath: sheets + "/submission-gbk.csv", toPath: clone + "/申报.csv")
            // The register examples read the sample official lists (scripts/gen-register-fixtures).
            let registers = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/registers").path
            for name in ["guangdong-2025-12-31.xlsx", "guangdong-2026-02-28.xlsx", "national-2026-01-31.xlsx"] {
                try FileManager.default.copyItem(atPath: registers + "/" + name, toPath: clone + "/" + name)
            }
            try git(["init", "--quiet", "--bare", dir + "/remote.git"], in: dir)
            try git(["init", "--quiet"], in: clone)
            try git(["add", "--all"], in: clone)
            try git(["commit", "--quiet", "-m", "Sample catalogue"], in: clone)
            try git(["remote", "add", "origin", dir + "/remote.git"], in: clone)
            try git(["push", "--quiet", "-u", "origin", "main"], in: clone)
        }

        deinit { try? FileManager.default.removeItem(atPath: dir) }

        func git(_ args: [String], in cwd: String) throws {
            let r = try CLI.exec("/usr/bin/env", ["git"] + args, cwd: cwd, env: env)
            #expect(r.code == 0, "git \(args): \(r.stderr)")
        }

        func sh(_ command: String) throws -> CLI.Result {
            try CLI.exec("/bin/sh", ["-c", command], cwd: clone, env: env)
        }
    }

    @Test func everyReadmeAndHelpExampleRunsAsWritten() throws {
        let readme = try Self.readmeExamples()
        #expect(readme.count >= 30, "\(readme)")
        #expect(!readme.contains { $0.contains("sz-port-container-dispatch") })
        let world = try Clone()
        var ran: [String] = []
        for example in readme {
            #expect(!Self.isForm(example), "a README example with a placeholder: \(example)")
            let r = try world.sh(example)
            #expect(r.code == 0, "\(example)\nexit \(r.code)\n\(r.stderr)")
            ran.append(example)
        }
        // Then every subcommand's help, after the README has published a list and set things up.
        let top = try world.sh("scencat --help")
        var helps = [top.stdout]
        let names = ["validate", "index", "list", "show", "search", "stats", "fmt", "schema", "new", "edit", "set", "link", "unlink",
                     "withdraw", "delete", "undo", "history", "confirm", "init", "sync", "resolve", "publish", "diff", "verify", "keygen"]
        for name in names { helps.append(try world.sh("scencat help \(name)").stdout) }
        var forms = 0
        for help in helps {
            for raw in help.split(separator: "\n") {
                let trimmed = raw.trimmingCharacters(in: .whitespaces)
                guard trimmed.hasPrefix("scencat ") else { continue }
                let example = Self.command(trimmed)
                if Self.isForm(example) { forms += 1; continue }
                let r = try world.sh(example)
                #expect(r.code == 0, "--help example: \(example)\nexit \(r.code)\n\(r.stderr)")
                ran.append(example)
            }
        }
        #expect(ran.count > readme.count && forms > 0)
    }

    @Test func commentsAndFormsAreToldApart() {
        #expect(Self.command("scencat stats                         # counts") == "scencat stats")
        #expect(Self.command("scencat set x 'tags+=a #b'   # why") == "scencat set x 'tags+=a #b'")
        #expect(Self.command("scencat diff --working            the latest") == "scencat diff --working")
        #expect(Self.isForm("scencat resolve ID --ours") && Self.isForm("scencat publish YYYY-Qn --key K.key"))
        #expect(!Self.isForm("scencat list scenarios --sector healthcare") && !Self.isForm("scencat new model filing_no=Guangdong-Acme-2026"))
    }
}
