import Foundation
import Testing
import GreenroomCore
@testable import GreenroomTUI

/// Issue 28: `M` picks the ticket to merge into (the requester's first), shows both side by
/// side, and warns when the requesters differ, before anything is written.
@Suite struct MergePickerTests {
    func candidates() -> [MergeCandidate] {
        [MergeCandidate(id: "t7", key: "B2C4", subject: "Payout still missing", requester: "@mila.cooks", status: .open, createdAt: now - Time.day,
                        sameRequester: true),
         MergeCandidate(id: "t2", key: "9FZD", subject: "Verification stuck at ID review", requester: "@tuan.eats", status: .new,
                        createdAt: now - Time.hour, sameRequester: false)]
    }

    func target() -> TicketDetail {
        var d = ticketDetail()
        d.ticket.id = "t2"; d.key = "9FZD"; d.ticket.subject = "Verification stuck at ID review"; d.requesterHandle = "@tuan.eats"
        d.ticket.requesterCreatorID = "c9"; d.ticket.status = .new
        return d
    }

    @Test func mPicksATicketThenPreviewsBothAndWarnsAboutDifferentRequesters() {
        var m = loadedModel(width: 120, height: 30)
        _ = update(&m, .key(.char("3")))
        #expect(update(&m, .key(.char("M"))) == [.tickets(.loadMergeCandidates(id: "t1", key: "K7Q2"))])
        _ = update(&m, .tickets(.mergeCandidatesLoaded(id: "t1", key: "K7Q2", candidates())))
        guard case .picker(let p)? = m.overlay else { Issue.record("no picker"); return }
        #expect(p.title == "Merge K7Q2 into… (the requester's tickets first)")
        #expect(p.items.map(\.label) == ["B2C4  Payout still missing", "9FZD  Verification stuck at ID review"])
        #expect(p.items.map(\.detail) == ["same requester · open", "@tuan.eats · new"])
        // Fuzzy: typing narrows to the one about verification.
        for ch in "verif" { _ = update(&m, .key(.char(ch))) }
        #expect(update(&m, .key(.enter)) == [.tickets(.loadMergePreview(id: "t1", into: "t2"))])
        #expect(m.overlay == nil)
        _ = update(&m, .tickets(.mergePreviewLoaded(source: ticketDetail(), target: target())))
        guard case .confirm(let c)? = m.overlay else { Issue.record("no confirmation"); return }
        #expect(c.message.hasPrefix("Different requesters: @mila.cooks and @tuan.eats. Merge K7Q2 into 9FZD?"))
        let screen = view(m).renderTrimmed()
        #expect(screen.contains("merge K7Q2 · open · urgent"))
        #expect(screen.contains("into 9FZD · new · urgent"))
        #expect(screen.contains("from @mila.cooks") && screen.contains("from @tuan.eats"))
        #expect(screen.contains("Different requesters"))
        #expect(update(&m, .key(.char("y"))) == [.tickets(.merge(id: "t1", into: "t2"))])
    }

    @Test func noMeansNothingIsMergedAndTheSameRequesterHasNoWarning() {
        var m = loadedModel(width: 120, height: 30)
        _ = update(&m, .key(.char("3")))
        var same = target()
        same.requesterHandle = "@mila.cooks"; same.ticket.requesterCreatorID = ticketDetail().ticket.requesterCreatorID
        _ = update(&m, .tickets(.mergePreviewLoaded(source: ticketDetail(), target: same)))
        guard case .confirm(let c)? = m.overlay else { Issue.record("no confirmation"); return }
        #expect(c.message.hasPrefix("Merge K7Q2 into 9FZD?"))
        #expect(update(&m, .key(.char("n"))).isEmpty)
        #expect(m.overlay == nil)
    }
}
