import Testing
import GreenroomCore

@Suite struct MacroTests {
    static let full = MacroContext(creatorHandle: "@mila.cooks", creatorName: "Mila Cruz", networkName: "Northstar MCN",
                                   ticketKey: "T4K9", ticketSubject: "Payout missing", agentHandle: "@ana", agentName: "Ana")

    @Test func everyPlaceholderIsFilled() {
        let template = "{{creator.handle}}|{{creator.name}}|{{network.name}}|{{ticket.key}}|{{ticket.subject}}|{{agent.handle}}|{{agent.name}}"
        let (text, unknown) = Macro.render(template, MacroTests.full)
        #expect(text == "@mila.cooks|Mila Cruz|Northstar MCN|T4K9|Payout missing|@ana|Ana")
        #expect(unknown.isEmpty)
        #expect(Macro.placeholders.count == 7)
        for name in Macro.placeholders {
            #expect(Macro.render("{{\(name)}}", MacroTests.full).text != "{{\(name)}}", "\(name)")
        }
    }

    @Test func spacingInsideTheBracesAndCaseDoNotMatter() {
        let (text, unknown) = Macro.render("Hi {{ creator.name }}, {{Creator.Handle}} {{\tAGENT.name\t}}{{  ticket.KEY}}", MacroTests.full)
        #expect(text == "Hi Mila Cruz, @mila.cooks AnaT4K9")
        #expect(unknown.isEmpty)
    }

    @Test func missingValuesLeaveAVisibleMarker() {
        let context = MacroContext(creatorHandle: "@mila.cooks", creatorName: "  ", networkName: nil, ticketKey: "T4K9")
        let (text, unknown) = Macro.render("{{creator.name}} / {{ Network.Name }} / {{agent.handle}} / {{creator.handle}}", context)
        #expect(text == "[creator.name?] / [network.name?] / [agent.handle?] / @mila.cooks")
        #expect(unknown.isEmpty)
        #expect(Macro.render("{{agent.name}}", MacroContext()).text == "[agent.name?]")
    }

    @Test func unknownPlaceholdersStayAsTypedAndAreListedOnce() {
        let (text, unknown) = Macro.render("Order {{ order.id }} for {{creator.handle}}; {{order.id}} {{Refund_Amount}} {{ order.id }}", MacroTests.full)
        #expect(text == "Order {{ order.id }} for @mila.cooks; {{order.id}} {{Refund_Amount}} {{ order.id }}")
        #expect(unknown == ["order.id", "Refund_Amount"])
        #expect(Macro.unknownPlaceholders(in: "{{creator.hadle}} {{agent.name}}") == ["creator.hadle"])
    }

    @Test func valuesAreNeverSubstitutedAgain() {
        let context = MacroContext(creatorHandle: "{{agent.name}}", creatorName: "{{ticket.key}}{{nope}}", agentName: "Ana")
        let (text, unknown) = Macro.render("{{creator.handle}} {{creator.name}} {{agent.name}}", context)
        #expect(text == "{{agent.name}} {{ticket.key}}{{nope}} Ana")
        #expect(unknown.isEmpty)
    }

    @Test func hostileAndMalformedTextIsKeptLiterally() {
        let literal = [
            "", "{", "}}", "{{", "{{}}", "{{ }}", "{{creator.handle}", "{creator.handle}}", "{ {creator.handle}}",
            "{{creator handle}}", "{{creator.handle\n}}", "{{\u{1B}[2J}}", "\u{1B}[31mred\u{1B}[0m", "%@ %d \\(x) $(rm -rf /)",
            "{{creator.handle!}}", "{{ 'x' }}", "{{é}}", String(repeating: "a", count: 10) + "{{" + String(repeating: "x", count: 65) + "}}",
            "e\u{301}{{", "}}{{",
        ]
        for template in literal {
            let (text, unknown) = Macro.render(template, MacroTests.full)
            #expect(text == template, "\(template.debugDescription)")
            #expect(unknown.isEmpty, "\(template.debugDescription)")
        }
        // Extra braces around a placeholder stay as typed around its value.
        #expect(Macro.render("{{{creator.handle}}}", MacroTests.full).text == "{@mila.cooks}")
        #expect(Macro.render("{{{{ticket.key}}}}", MacroTests.full).text == "{{T4K9}}")
        // Control characters in values are inserted verbatim (screens sanitize when drawing).
        let hostile = MacroContext(creatorName: "\u{1B}[2J")
        #expect(Macro.render("Hi {{creator.name}}!", hostile).text == "Hi \u{1B}[2J!")
        // Non-ASCII text around placeholders survives intact.
        #expect(Macro.render("¡Hola {{creator.name}}! 👋🏽 — {{ticket.key}}", MacroTests.full).text == "¡Hola Mila Cruz! 👋🏽 — T4K9")
    }

    @Test func aContextCanComeFromATicketDetail() {
        let ticket = Ticket(id: "t1", key: "T4K9ABCDEFGH", subject: "Payout missing", body: "", requesterCreatorID: "c1", requesterNetworkID: nil,
                            channel: .email, category: .rewardsPayout, priority: .normal, status: .open, tier: 1, assigneeID: nil, createdAt: 0)
        let detail = TicketDetail(ticket: ticket, key: "T4K9", requesterHandle: "@mila.cooks", networkName: nil, assigneeHandle: "@bo", tags: [],
                                  events: [], sla: SLAReport(targets: [], nextBreach: nil), mergedIntoKey: nil, mergedFromKeys: [])
        let context = MacroContext(detail, creatorName: "Mila", agentHandle: "@ana", agentName: "Ana")
        #expect(context == MacroContext(creatorHandle: "@mila.cooks", creatorName: "Mila", networkName: nil, ticketKey: "T4K9",
                                        ticketSubject: "Payout missing", agentHandle: "@ana", agentName: "Ana"))
        #expect(Macro.render("{{ticket.key}} {{network.name}}", context).text == "T4K9 [network.name?]")
    }

    @Test func anEffectComesFromAMacroAndIsDescribedInOneLine() {
        let macro = Article(id: "a", title: "Payout delay", body: "…", isMacro: true, macroStatus: .pending, macroPriority: .high,
                            macroTags: ["payout"], updatedAt: 0)
        let effect = MacroEffect(macro)
        #expect(effect == MacroEffect(status: .pending, priority: .high, addTags: ["payout"]))
        #expect(Macro.describe(effect) == "sets status pending · priority high · tags +payout")
        #expect(Macro.describe(MacroEffect(status: .onHold)) == "sets status on_hold")
        #expect(Macro.describe(MacroEffect(addTags: ["payout", "vip"])) == "sets tags +payout +vip")
        #expect(Macro.describe(MacroEffect()) == "text only")
        var plain = macro
        plain.isMacro = false
        #expect(MacroEffect(plain).isEmpty)
    }

    @Test func theApplicablePartDropsWhatTheTicketAlreadyHas() {
        let ticket = Ticket(id: "t1", key: "T4K9ABCDEFGH", subject: "s", body: "", requesterCreatorID: nil, requesterNetworkID: nil,
                            channel: .email, category: .other, priority: .high, status: .open, tier: 1, assigneeID: nil, createdAt: 0)
        let effect = MacroEffect(status: .pending, priority: .high, addTags: ["payout", "vip", "payout"])
        #expect(effect.applicable(to: ticket, tags: ["vip"]) == MacroEffect(status: .pending, priority: nil, addTags: ["payout"]))
        #expect(MacroEffect(status: .open, priority: .high, addTags: ["vip"]).applicable(to: ticket, tags: ["vip"]).isEmpty)
    }
}
