import ArgumentParser

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "publish", abstract: "(in development)")
    func run() throws { throw CommandFailure(.usage, "scencat publish: not available yet") }
}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "(in development)")
    func run() throws { throw CommandFailure(.usage, "scencat diff: not available yet") }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "(in development)")
    func run() throws { throw CommandFailure(.usage, "scencat verify: not available yet") }
}

struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keygen", abstract: "(in development)")
    func run() throws { throw CommandFailure(.usage, "scencat keygen: not available yet") }
}

