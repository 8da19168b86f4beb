import GreenroomCore

/// A list pane's filter line, one behaviour for the roster, the board and the ticket queue:
/// the text as typed, the last text that parsed and its filter (what the list shows), why the
/// current text does not parse, and the input while `/` is active.
///
/// Every keystroke re-parses; an invalid text keeps the last valid filter and says why (the
/// view underlines the term); `Enter` keeps the filter, falling back to the last valid text
/// with a toast; `Esc` clears it; the arrows and page keys scroll the results meanwhile.
public struct FilterLine<F: Hashable & Sendable>: Hashable, Sendable {
    public var text = ""
    public var lastValidText = ""
    public var filter: F
    public var error: FilterError?
    public var input: TextField?

    public init(_ empty: F) {
        filter = empty
    }

    /// Rows the line takes at the top of its pane.
    public var lines: Int { input != nil || !text.isEmpty ? 1 : 0 }

    /// What a key did, for the pane to act on.
    enum Outcome {
        case none
        /// The text parsed to a filter (which the pane applies, or not if unchanged).
        case parsed(F)
        /// `Esc`: the text is gone; the pane applies its empty filter.
        case cleared
        /// `Enter`: editing ends; `rejected` is the error of a text that did not parse.
        case committed(rejected: FilterError?)
        case scroll(Action)
    }

    mutating func begin() {
        input = TextField(text)
    }

    mutating func handle(_ key: Key, parse: (String) throws -> F) -> Outcome {
        switch key {
        case .esc:
            input = nil
            text = ""
            lastValidText = ""
            error = nil
            return .cleared
        case .enter:
            input = nil
            let rejected = error
            if rejected != nil {
                text = lastValidText
                error = nil
            }
            return .committed(rejected: rejected)
        case .down: return .scroll(.down)
        case .up: return .scroll(.up)
        case .pageDown: return .scroll(.pageDown)
        case .pageUp: return .scroll(.pageUp)
        default:
            guard input?.handle(key) == true else { return .none }
            return reparse(parse)
        }
    }

    /// Parses the input (or `text`, when not editing): the filter to apply, or why not.
    mutating func reparse(_ parse: (String) throws -> F) -> Outcome {
        text = input?.text ?? text
        do {
            let parsed = try parse(text)
            error = nil
            lastValidText = text
            return .parsed(parsed)
        } catch let e as FilterError {
            error = e
            return .none
        } catch {
            return .none
        }
    }

    /// Sets the text from outside (a saved view), parsing it.
    mutating func set(_ newText: String, parse: (String) throws -> F) -> Outcome {
        input = nil
        text = newText
        return reparse(parse)
    }
}

extension Model {
    /// Keys while a pane's filter line is being typed. `apply` installs a parsed filter (or
    /// the empty one after `Esc`) and returns the reloads.
    mutating func filterLineKey<F>(_ key: Key, _ line: WritableKeyPath<Model, FilterLine<F>>, empty: F, parse: (String) throws -> F,
                                   apply: (inout Model, F) -> [Command]) -> [Command] {
        switch self[keyPath: line].handle(key, parse: parse) {
        case .none:
            return []
        case .parsed(let filter):
            return apply(&self, filter)
        case .cleared:
            return apply(&self, empty)
        case .committed(let rejected):
            if let rejected { showToast("filter kept at the last valid one: \(rejected.message)", kind: .error) }
            clampScroll()
            return loadsNeeded()
        case .scroll(let action):
            return moveCursor(action)
        }
    }
}

/// A list pane with a filter line (the roster, the board, the queue): its text, filter,
/// error and input read and write the line.
public protocol FilteredPane {
    associatedtype Filter: Hashable & Sendable
    var filterLine: FilterLine<Filter> { get set }
}

extension FilteredPane {
    public var filterText: String { get { filterLine.text } set { filterLine.text = newValue } }
    public var lastValidText: String? { get { filterLine.lastValidText } set { filterLine.lastValidText = newValue ?? "" } }
    public var filter: Filter { get { filterLine.filter } set { filterLine.filter = newValue } }
    public var filterError: FilterError? { get { filterLine.error } set { filterLine.error = newValue } }
    public var input: TextField? { get { filterLine.input } set { filterLine.input = newValue } }
    /// Rows the filter line takes at the top of the pane.
    public var filterLines: Int { filterLine.lines }

    /// `/`: type the filter, starting from the one in effect.
    mutating func openFilter() { input = TextField(filterText) }
}

extension Model {
    /// `/` on the roster or the queue, when it has focus on the main screen (the board's
    /// `/` is one of its own keys).
    mutating func openFilter(for action: Action) -> [Command] {
        guard screen == .main else { return [] }
        switch (action, focus) {
        case (.filter, .roster): return openFilter(\.roster)
        case (.ticketFilter, .tickets): return openFilter(\.tickets)
        default: return []
        }
    }

    /// `/` on a pane: type its filter; the pane's rows make room for the line.
    mutating func openFilter<P: FilteredPane>(_ pane: WritableKeyPath<Model, P>) -> [Command] {
        self[keyPath: pane].openFilter()
        clampScroll()
        return []
    }
}
