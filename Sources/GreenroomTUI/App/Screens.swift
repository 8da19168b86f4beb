/// The screens registered on the root: routing, the palette, reload, back, the status line
/// and drawing iterate this list. A screen registers by its line in `Features.all` (which
/// also lists its keys) and its case of `Screen`.
public enum Screens {
    static let all: [any ScreenComponent.Type] = Features.all.compactMap { $0 as? any ScreenComponent.Type }
    /// The ones an action opens (and the palette lists).
    static let openable: [any OpenableScreen.Type] = all.compactMap { $0 as? any OpenableScreen.Type }

    /// The command types of the registered screens (the runner has effects for each); a
    /// screen whose commands stay a root case (campaigns) says `Never`.
    public static var commandTypes: [Any.Type] { all.map { $0.commandType }.filter { $0 != Never.self } }
}
