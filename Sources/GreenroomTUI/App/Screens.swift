/// The screens registered on the root: routing, the palette, reload, back, the status line
/// and drawing iterate this list. A new screen adds one line here and one case to `Screen`.
public enum Screens {
    static let all: [any ScreenComponent.Type] = [
        ConflictsScreen.self,
        TrashScreen.self,
    ]

    /// The command types of the registered screens (the runner has effects for each).
    public static var commandTypes: [Any.Type] { all.map { $0.commandType } }
}
