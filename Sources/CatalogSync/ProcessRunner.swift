#if canImport(Glibc)
import Glibc
#endif

/// What a finished child process left behind.
public struct ProcessOutput: Sendable {
    /// The exit status, or 128 + signal number when the child was killed by a signal.
    public var status: Int32
    public var stdout: [UInt8]
    public var stderr: [UInt8]

    public var succeeded: Bool { status == 0 }
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// An error starting a child process (the program is missing, the folder does not exist…).
public struct ProcessLaunchError: Error, CustomStringConvertible, Sendable {
    public var program: String
    public var reason: String
    public var description: String { "\(program): \(reason)" }
}

/// Runs a program with an argument vector — never through a shell — and collects its output.
///
/// Hand-written over `posix_spawnp` rather than Foundation's `Process`: it reads stdout and
/// stderr together with `poll` (so a chatty child never deadlocks on a full pipe), feeds stdin,
/// and does not wait on grandchildren that keep a pipe open after the child has exited.
public enum ProcessRunner {
    /// Runs `program` with `arguments` in `directory`.
    /// - Parameters:
    ///   - environment: variables to set (or, with a nil value, to remove) on top of this process's.
    ///   - input: bytes written to the child's stdin, which is then closed; nil gives `/dev/null`.
    public static func run(_ program: String, _ arguments: [String], in directory: String? = nil,
                           environment: [String: String?] = [:], input: [UInt8]? = nil) throws -> ProcessOutput {
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0], inPipe: [Int32] = [-1, -1]
        guard makePipe(&outPipe), makePipe(&errPipe) else {
            throw ProcessLaunchError(program: program, reason: String(cString: strerror(errno)))
        }
        if input != nil, !makePipe(&inPipe) {
            throw ProcessLaunchError(program: program, reason: String(cString: strerror(errno)))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if input != nil {
            posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        if let directory { _ = spawnAddChdir(&actions, directory) }

        let env = mergedEnvironment(environment)
        let argv = [program] + arguments
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnv: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, program, &actions, nil, &cArgs, &cEnv)
        close(outPipe[1]); close(errPipe[1])
        if input != nil { close(inPipe[0]) }
        guard rc == 0 else {
            close(outPipe[0]); close(errPipe[0])
            if input != nil { close(inPipe[1]) }
            throw ProcessLaunchError(program: program, reason: rc == ENOENT ? "not found (is it installed?)" : String(cString: strerror(rc)))
        }
        var stdout: [UInt8] = [], stderr: [UInt8] = []
        pump(out: outPipe[0], err: errPipe[0], inFD: input != nil ? inPipe[1] : -1, input: input ?? [],
             stdout: &stdout, stderr: &stderr)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exit: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessOutput(status: exit, stdout: stdout, stderr: stderr)
    }

    /// A pipe whose ends close on exec, so no other child inherits them.
    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return true
    }

    private static func mergedEnvironment(_ changes: [String: String?]) -> [String] {
        var result: [String] = []
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            let key = String(s.prefix(while: { $0 != "=" }))
            if changes[key] == nil { result.append(s) }
            p += 1
        }
        for (key, value) in changes.sorted(by: { $0.key < $1.key }) {
            if let value { result.append("\(key)=\(value)") }
        }
        return result
    }

    /// Moves bytes until both output pipes reach end of file.
    private static func pump(out: Int32, err: Int32, inFD: Int32, input: [UInt8],
                             stdout: inout [UInt8], stderr: inout [UInt8]) {
        var fds = [pollfd(fd: out, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: err, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: inFD, events: Int16(POLLOUT), revents: 0)]
        var written = 0
        if inFD >= 0 {
            _ = fcntl(inFD, F_SETFL, fcntl(inFD, F_GETFL) | O_NONBLOCK)
            if input.isEmpty { close(inFD); fds[2].fd = -1 }
        }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while fds[0].fd >= 0 || fds[1].fd >= 0 {
            let n = poll(&fds, nfds_t(fds.count), -1)
            if n < 0 { if errno == EINTR { continue }; break }
            for i in 0..<2 where fds[i].fd >= 0 && fds[i].revents != 0 {
                let got = read(fds[i].fd, &buffer, buffer.count)
                if got > 0 {
                    if i == 0 { stdout.append(contentsOf: buffer[0..<got]) } else { stderr.append(contentsOf: buffer[0..<got]) }
                } else if got == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(fds[i].fd); fds[i].fd = -1
                }
            }
            if fds[2].fd >= 0 && fds[2].revents != 0 {
                let w = input.withUnsafeBytes { write(fds[2].fd, $0.baseAddress! + written, input.count - written) }
                if w > 0 { written += w }
                if w < 0 && errno != EAGAIN && errno != EINTR { written = input.count }
                if written >= input.count { close(fds[2].fd); fds[2].fd = -1 }
            }
        }
        if fds[2].fd >= 0 { close(fds[2].fd) }
    }
}

/// glibc (2.29+) has it, but its header hides it behind _GNU_SOURCE, out of Swift's sight.
@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func spawnAddChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>) -> Int32
