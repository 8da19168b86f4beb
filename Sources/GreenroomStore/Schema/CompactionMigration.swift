import GRDB

extension Schema {
    /// v16 (issue 27): compaction. Every segment a laptop publishes from now on carries its
    /// place in that laptop's sequence (`ordinal`: 1, 2, 3, … in its header line), so a
    /// reader can say "I have read your segments 1 to k" in one number, whatever order the
    /// carrier delivered them in, and a writer can prune the segments every teammate has
    /// read and a snapshot covers.
    /// - `sync_ingested.ordinal`: the segment's ordinal when its header gave one (NULL for
    ///   segments from before v16, conflict copies, and republished segments of an earlier id).
    /// - `sync_exported.ordinal`, `pruned_at`: this laptop's own segments, and when
    ///   `greenroom sync compact` removed one from the folder.
    static let v16Compaction = """
    ALTER TABLE sync_ingested ADD COLUMN ordinal INTEGER;
    ALTER TABLE sync_exported ADD COLUMN ordinal INTEGER;
    ALTER TABLE sync_exported ADD COLUMN pruned_at INTEGER;
    """
}
