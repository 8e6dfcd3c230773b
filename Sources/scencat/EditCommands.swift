import ArgumentParser

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "(in development)")
    func run() throws { throw CommandFailure(.usage, "scencat new: not available yet") }
}

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "edit", abstract: "(in development)")
    func run() throws { throw CommandFailure(.usage, "scencat edit: not available yet") }
}

struct SetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "(in development)")
    func run() throws { throw CommandFailure(.usage, "scencat set: not available yet") }
}

struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "link", abstract: "(in development)")
    func run() throws { throw CommandFailure(.usage, "scencat link: not available yet") }
}

struct UnlinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unlink", abstract: "(in development)")
    func run() throws { throw CommandFailure(.usage, "scencat unlink: not available yet") }
}

struct WithdrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "withdraw", abstract: "(in development)")
    func run() throws { throw CommandFailure(.usage, "scencat withdraw: not available yet") }
}

struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "(in development)")
    func run() throws { throw CommandFailure(.usage, "scencat delete: not available yet") }
}

struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "undo", abstract: "(in development)")
    func run() throws { throw CommandFailure(.usage, "scencat undo: not available yet") }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "(in development)")
    func run() throws { throw CommandFailure(.usage, "scencat history: not available yet") }
}

