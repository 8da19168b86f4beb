/// Where a page of a sorted list starts, told by a row the caller already holds instead of
/// by its position: keyset paging.
///
/// `LIMIT … OFFSET n` makes SQLite step over n rows, so a page in the middle of 100,000
/// creators costs 50,000 steps; a page that starts after a known row is one index seek
/// wherever it is. Lists scroll a page at a time, so the row next to the page wanted is
/// nearly always loaded already (see `ListWindow.seek`). The position (`offset`) still
/// travels with every load: it is where the rows go in the window, and jumps far from any
/// loaded row (`G`, a restart) read by position as before.
public enum PageSeek<Row: Hashable & Sendable>: Hashable, Sendable {
    /// The page starts `skip` rows after `row` in the list's order.
    case after(Row, skip: Int)
    /// The page ends `skip` rows before `row` in the list's order.
    case before(Row, skip: Int)

    /// The most rows a seek steps over before it stops paying (beyond it, reading by
    /// position from the nearer end of the list is as cheap).
    public static var maxSkip: Int { 256 }
}
