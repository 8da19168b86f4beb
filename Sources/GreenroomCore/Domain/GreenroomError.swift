/// Errors that reach a user. Each carries a one-line reason meant to be printed as is.
public enum GreenroomError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Bad input from the user or from a file: a flag, a value, a malformed document.
    case invalidInput(String)
    /// The database cannot be used (corrupt, newer schema, locked, unwritable).
    case database(String)
    /// A configuration, theme or key-map file is wrong.
    case config(String)
    /// The environment cannot run the program (no terminal, terminal too small).
    case environment(String)

    public var description: String {
        switch self {
        case .invalidInput(let m), .database(let m), .config(let m), .environment(let m): return m
        }
    }
}
