/// The languages of `run: script` and how each is started (dsl-reference.md §Script Process).
///
/// - `js` runs with Node.js (`node`, 20.10 or later), with `--experimental-detect-module` so that
///   both ES modules (`import`, as in the specification's example) and CommonJS (`require`) work.
///   Inline code goes through `node -e`; `process.argv` is `[node, "[script]", ...arguments]`, so
///   the arguments start at index 2 as they do for a script file.
/// - `python` runs with `python3`: inline code through `python3 -c` (`sys.argv` is
///   `["-c", ...arguments]`), a file as `python3 <file> ...arguments`.
enum ScriptLanguage: String, Sendable, CaseIterable {
    case js
    case python

    /// The program looked up on `PATH`.
    var interpreter: String {
        switch self {
        case .js: "node"
        case .python: "python3"
        }
    }

    /// How to install the interpreter, for the configuration error when it is missing.
    var installHint: String {
        switch self {
        case .js: "install Node.js 20.10 or later (e.g. `apt-get install nodejs`, or from https://nodejs.org)"
        case .python: "install Python 3 (e.g. `apt-get install python3`, or from https://www.python.org)"
        }
    }

    /// The interpreter's arguments for inline code.
    func arguments(code: String, scriptArguments: [String]) -> [String] {
        switch self {
        case .js: ["--experimental-detect-module", "-e", code, "[script]"] + scriptArguments
        case .python: ["-c", code] + scriptArguments
        }
    }

    /// The interpreter's arguments for a script file.
    func arguments(file: String, scriptArguments: [String]) -> [String] {
        switch self {
        case .js: ["--experimental-detect-module", file] + scriptArguments
        case .python: [file] + scriptArguments
        }
    }
}
