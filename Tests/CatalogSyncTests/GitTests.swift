import Testing
@testable import CatalogSync

@Suite("Running git")
struct GitTests {
    @Test("a process runs with an argument vector and its output and status are collected")
    func runsProcess() throws {
        let out = try ProcessRunner.run("sh", ["-c", "printf 'a b'; printf err >&2; exit 3", "ignored"])
        #expect(out.status == 3)
        #expect(out.stdoutText == "a b")
        #expect(out.stderrText == "err")
    }

    @Test("stdin is fed to the child and large output does not deadlock")
    func feedsInput() throws {
        let input = Array(repeating: UInt8(ascii: "x"), count: 300_000)
        let out = try ProcessRunner.run("cat", [], input: input)
        #expect(out.stdout.count == 300_000)
    }

    @Test("a missing program is a launch error, not a crash")
    func missingProgram() {
        #expect(throws: ProcessLaunchError.self) { try ProcessRunner.run("no-such-program-scencat", []) }
    }
}
