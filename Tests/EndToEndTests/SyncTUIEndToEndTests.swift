import Foundation
import Testing
import GreenroomCore

extension EndToEnd {
/// Two laptops with copies of one team's data and a shared folder: an edit made in the TUI on
/// laptop A reaches laptop B through `S` on both.
@Suite(.enabled(if: Harness.tmuxAvailable, "tmux is not installed"))
struct SyncTUIEndToEndTests {
    func laptop(folder: String) throws -> Sandbox {
        let s = Sandbox()
        try s.makeDemo()
        try "sync_folder = \"\(folder)\"\n".write(toFile: s.path + "/config/greenroom/config.toml", atomically: true, encoding: .utf8)
        return s
    }

    @Test func anEditOnLaptopAIsVisibleOnLaptopBAfterBothSync() throws {
        let folder = NSTemporaryDirectory() + "greenroom-e2e-folder-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let a = try laptop(folder: folder), b = try laptop(folder: folder)

        // Laptop A: rename a creator, then S.
        try a.start(["--db", a.database, "--as", "@ana"])
        try a.waitFor("never synced")
        try a.type("/@zoe.live")
        try a.send("Enter")
        try a.send("Enter")
        try a.waitFor("@zoe.live · Zoë 直播 🎥")
        try a.type("e")
        try a.waitFor("Edit @zoe.live")
        try a.send("C-u")
        try a.type("Zoë From Laptop A")
        try a.send("C-s")
        try a.waitFor("@zoe.live · Zoë From Laptop A")
        try a.type("S")
        try a.waitFor("Synced: ")
        try a.waitFor("synced just now")
        try a.type("q")
        try a.waitFor("EXIT=0")

        // Laptop B: still the old name; S brings the edit.
        try b.start(["--db", b.database, "--as", "@ana"])
        try b.waitFor("never synced")
        try b.type("/@zoe.live")
        try b.send("Enter")
        try b.waitFor("▶ @zoe.live")
        try b.send("Enter")
        try b.waitFor("@zoe.live · Zoë 直播 🎥")
        try b.send("Escape")
        try b.waitFor("▶ @zoe.live")
        try b.type("S")
        let synced = try b.waitFor("Synced: ")
        #expect(synced.contains("1 change applied") || synced.contains("changes applied"), "\(synced)")
        try b.waitFor("synced just now")
        try b.send("Enter")
        try b.waitFor("@zoe.live · Zoë From Laptop A")
        try b.type("q")
        try b.waitFor("EXIT=0")
    }

    @Test func withoutAFolderSSaysHowToChooseOne() throws {
        let s = Sandbox()
        try s.makeDemo()
        try s.start(["--db", s.database])
        try s.waitFor("┏1 Roster 150")
        try s.type("S")
        try s.waitFor("No sync folder yet: run `greenroom sync --folder DIR` once")
        try s.type("q")
        try s.waitFor("EXIT=0")
    }
}
}
