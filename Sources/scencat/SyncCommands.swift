import ArgumentParser

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "(in development)")
    func run() throws { throw CommandFailure(.usage, "scencat init: not available yet") }
}

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sync", abstract: "(in development)")
    func run() throws { throw CommandFailure(.usage, "scencat sync: not available yet") }
}

struct MergeDriverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "merge-driver", abstract: "(in development)")
    func run() throws { throw CommandFailure(.usage, "scencat merge-driver: not available yet") }
}

struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resolve", abstract: "(in development)")
    func run() throws { throw CommandFailure(.usage, "scencat resolve: not available yet") }
}

