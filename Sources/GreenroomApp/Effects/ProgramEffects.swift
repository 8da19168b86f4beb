import Foundation
import GreenroomCore
import GreenroomStore
import GreenroomTUI

/// The program and workshop screens' commands. The board is two index range scans and a
/// partial sort per column; the effect scans every creator's LIVE around the anchor, so it
/// runs off the loop. Writes go through the store's stamped path, so they sync.
extension CommandRunner {
    func run(_ command: ProgramsCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .load:
            return [.programs(.loaded(try store.programSummaries()))]
        case .loadBoard(let id, let cards):
            return [.programs(.boardLoaded(id: id, try store.programBoard(id: id, now: now, cardsPerColumn: cards)))]
        case .loadEffect(let id):
            let store = self.store
            return [runInBackground(task: "program effect") { [.programs(.effectLoaded(id: id, try store.programEffect(id: id, now: now)))] }]
        case .advance(let programID, let creatorID):
            let m = try store.completeModule(programID: programID, creatorID: creatorID)
            return [.programs(.changed("Finished \(TerminalText.sanitize(m.title))")), .notice("\(try handle(creatorID)) finished \(TerminalText.sanitize(m.title))")]
        case .takeBack(let programID, let creatorID):
            guard let m = try store.uncompleteModule(programID: programID, creatorID: creatorID) else {
                return [.failed("\(try handle(creatorID)) has no finished module to take back")]
            }
            return [.programs(.changed("Took back \(TerminalText.sanitize(m.title))")), .notice("Took back \(TerminalText.sanitize(m.title)) for \(try handle(creatorID))")]
        case .enrol(let name, let creatorIDs):
            let p = try store.program(ref: name)
            let result = try store.enrol(programID: p.id, creatorIDs: creatorIDs)
            if result.added == 0 {
                return [.failed("Already enrolled in \(TerminalText.sanitize(p.name)): nothing changed")]
            }
            var text = "Enrolled \(NumberFormat.grouped(result.added)) in \(TerminalText.sanitize(p.name))"
            if !result.already.isEmpty { text += " (\(NumberFormat.grouped(result.already.count)) already enrolled)" }
            return [.notice(text + " · :programs opens programs")]
        }
    }

    func run(_ command: WorkshopsCommand, now: Millis) throws -> [Msg] {
        switch command {
        case .load:
            return [.workshops(.loaded(try store.workshops()))]
        case .loadAttendees(let id):
            return [.workshops(.attendeesLoaded(id: id, try store.attendees(workshopID: id)))]
        case .mark(let workshopID, let creatorID, let present):
            do {
                try store.setAttendance(workshopID: workshopID, creatorID: creatorID, present: present, by: try memberID())
            } catch let error as GreenroomError {
                return [.workshops(.marked(id: workshopID)), .failed(error.description)]
            }
            return [.workshops(.marked(id: workshopID)), .notice("\(try handle(creatorID)) \(present ? "present" : "absent")")]
        }
    }

    private func handle(_ creatorID: String) throws -> String {
        TerminalText.sanitize(try store.creator(id: creatorID)?.handle ?? "that creator")
    }
}

extension ProgramsCommand: ScreenEffects {
    func run(in runner: CommandRunner, now: Millis) throws -> [Msg] { try runner.run(self, now: now) }
}

extension WorkshopsCommand: ScreenEffects {
    func run(in runner: CommandRunner, now: Millis) throws -> [Msg] { try runner.run(self, now: now) }
}
