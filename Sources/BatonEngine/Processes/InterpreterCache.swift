import Synchronization

/// Where the script interpreters are, looked up on the `PATH` once per `PATH` value: a script
/// task then costs no directory search.
final class InterpreterCache: Sendable {
    private struct Key: Hashable {
        var name: String
        var path: String
    }

    private let found = Mutex<[Key: String]>([:])

    init() {}

    /// The interpreter's path, or `nil` when it is not on `path`. A missing interpreter is looked
    /// for again next time, so installing it needs no restart.
    func find(_ name: String, path: String) -> String? {
        let key = Key(name: name, path: path)
        if let known = found.withLock({ $0[key] }) { return known }
        guard let location = ExecutableSearch.find(name, path: path) else { return nil }
        found.withLock { $0[key] = location }
        return location
    }
}
