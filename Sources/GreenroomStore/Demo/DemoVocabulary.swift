import GreenroomCore

/// Names and texts for demo data. Real teams' data has accents, CJK, emoji and apostrophes,
/// so the demo does too.
enum DemoVocabulary {
    struct Person {
        let display: String
        let handleBase: String
    }

    struct MemberSeed {
        let handle: String
        let name: String
        let role: String
        let team: String
        let tier: Int?
        let market: String?
    }

    static let members: [MemberSeed] = [
        MemberSeed(handle: "@ana", name: "Ana Souza", role: "manager", team: "US LIVE", tier: nil, market: "US"),
        MemberSeed(handle: "@jordan", name: "Jordan Brooks", role: "manager", team: "US LIVE", tier: nil, market: "US"),
        MemberSeed(handle: "@diego", name: "Diego Peña", role: "manager", team: "MX LIVE", tier: nil, market: "MX"),
        MemberSeed(handle: "@mei", name: "Mei Tan 陈美", role: "manager", team: "MY LIVE", tier: nil, market: "MY"),
        MemberSeed(handle: "@farah", name: "Farah Rahman", role: "manager", team: "MY LIVE", tier: nil, market: "MY"),
        MemberSeed(handle: "@tuan", name: "Tuấn Nguyễn", role: "specialist", team: "Support T1", tier: 1, market: nil),
        MemberSeed(handle: "@lucia", name: "Lucía Muñoz", role: "specialist", team: "Support T1", tier: 1, market: nil),
        MemberSeed(handle: "@sam", name: "Sam O'Neil", role: "specialist", team: "Support T1", tier: 1, market: nil),
        MemberSeed(handle: "@kenji", name: "Kenji 佐藤", role: "specialist", team: "Support T2", tier: 2, market: nil),
        MemberSeed(handle: "@rosa", name: "Rosa Jiménez", role: "specialist", team: "Support T2", tier: 2, market: nil),
        MemberSeed(handle: "@grace", name: "Grace Kim", role: "lead", team: "Creator Ops", tier: nil, market: nil),
        MemberSeed(handle: "@omar", name: "Omar Haddad", role: "lead", team: "Creator Ops", tier: nil, market: nil),
    ]

    /// Support specialists' weekly shifts and zones (issue 24): the Tier 1 BPO works in
    /// shifts around the clock from Manila and Bogotá; Tier 2 in-house keeps office hours.
    static let schedules: [String: (zone: String, schedule: String)] = [
        "@tuan": ("Asia/Manila", "mon-fri 08:00-17:00"),
        "@lucia": ("America/Bogota", "mon-fri 07:00-16:00; sat 09:00-13:00"),
        "@sam": ("America/Bogota", "tue-sat 14:00-23:00"),
        "@kenji": ("Asia/Tokyo", "mon-fri 09:00-18:00"),
        "@rosa": ("America/Mexico_City", "mon-fri 09:00-18:00"),
        "@grace": ("America/New_York", "mon-fri 09:00-17:00"),
        "@omar": ("America/New_York", "mon-fri 09:00-17:00"),
    ]

    /// The demo's two support teams: (name, tier of its tickets and members, lead, rule, capacity).
    static let teams: [(name: String, tier: Int, lead: String, assignment: AssignmentMode, capacity: Int)] = [
        ("Tier 1 BPO", 1, "@grace", .roundRobin, 12),
        ("Tier 2 in-house", 2, "@omar", .leastLoaded, 10),
    ]

    static func teamID(tier: Int, now: Millis) -> String {
        UUIDv7.derived(from: "demo-team/\(tier)", millis: now - 400 * Time.day)
    }

    static let networks: [(name: String, region: String, contact: String)] = [
        ("Luz Agency", "MX", "hola@luzagency.mx"),
        ("Estrella Talent", "MX", "talento@estrella.mx"),
        ("Aurora Creators", "US", "team@auroracreators.com"),
        ("Pacific Stars", "US", "ops@pacificstars.us"),
        ("Kopi Creators", "MY", "hello@kopicreators.my"),
        ("Harimau Media", "MY", "partners@harimau.my"),
    ]

    static let firstNames: [String: [Person]] = [
        "US": [
            Person(display: "Mila", handleBase: "mila"), Person(display: "Jordan", handleBase: "jordan"),
            Person(display: "Ava", handleBase: "ava"), Person(display: "Liam", handleBase: "liam"),
            Person(display: "Zoë", handleBase: "zoe"), Person(display: "Chloé", handleBase: "chloe"),
            Person(display: "Mason", handleBase: "mason"), Person(display: "Harper", handleBase: "harper"),
            Person(display: "Noah", handleBase: "noah"), Person(display: "Aaliyah", handleBase: "aaliyah"),
            Person(display: "Kai", handleBase: "kai"), Person(display: "Riley", handleBase: "riley"),
            Person(display: "Jamal", handleBase: "jamal"), Person(display: "Nova", handleBase: "nova"),
            Person(display: "Ethan", handleBase: "ethan"), Person(display: "Maya", handleBase: "maya"),
            Person(display: "D'Andre", handleBase: "dandre"), Person(display: "Brooklyn", handleBase: "brooklyn"),
        ],
        "MX": [
            Person(display: "José", handleBase: "jose"), Person(display: "María", handleBase: "maria"),
            Person(display: "Sofía", handleBase: "sofia"), Person(display: "Diego", handleBase: "diego"),
            Person(display: "Valentina", handleBase: "vale"), Person(display: "Rafa", handleBase: "djrafa"),
            Person(display: "Camila", handleBase: "cami"), Person(display: "Mateo", handleBase: "mateo"),
            Person(display: "Ximena", handleBase: "ximena"), Person(display: "Luis", handleBase: "luis"),
            Person(display: "Fernanda", handleBase: "fer"), Person(display: "Andrés", handleBase: "andres"),
            Person(display: "Lucía", handleBase: "lucia"), Person(display: "Iñaki", handleBase: "inaki"),
            Person(display: "Renée", handleBase: "renee"), Person(display: "Guadalupe", handleBase: "lupita"),
        ],
        "MY": [
            Person(display: "Siti", handleBase: "siti"), Person(display: "Aisyah", handleBase: "aisyah"),
            Person(display: "Hafiz", handleBase: "hafiz"), Person(display: "Nurul", handleBase: "nurul"),
            Person(display: "陈静", handleBase: "chenjing"), Person(display: "李娜", handleBase: "lina"),
            Person(display: "Arjun", handleBase: "arjun"), Person(display: "Priya", handleBase: "priya"),
            Person(display: "Farah", handleBase: "farah"), Person(display: "Amir", handleBase: "amir"),
            Person(display: "王芳", handleBase: "wangfang"), Person(display: "Mei Ling", handleBase: "meiling"),
            Person(display: "Zul", handleBase: "zul"), Person(display: "Kavitha", handleBase: "kavi"),
            Person(display: "Tuấn", handleBase: "tuan"), Person(display: "Wei", handleBase: "wei"),
        ],
    ]

    static let lastNames: [String: [String]] = [
        "US": ["Carter", "Nguyen", "Brooks", "O'Neil", "Díaz", "Washington", "Kim", "Patel", "Johnson", "Moreau", "Lee", "Okafor"],
        "MX": ["Ramírez", "Hernández", "Peña", "Muñoz", "García", "Núñez", "Sánchez", "Ortiz", "Cruz", "Zúñiga", "Flores", "Báez"],
        "MY": ["Tan", "Lim", "Abdullah", "Rahman", "林", "Wong", "Raj", "Ismail", "黄", "Chong", "Ahmad", "Subramaniam"],
    ]

    /// Emoji with default emoji presentation (two columns everywhere).
    static let emoji = ["🎥", "🌸", "✨", "🍜", "🎮", "💄", "🎤", "🔥", "🐱", "🌮", "🎨", "📚"]

    static let niches = ["cooks", "beauty", "games", "live", "shop", "fit", "music", "style", "eats", "tech", "vlogs",
                         "dance", "makeup", "deals", "crafts", "pets", "travel", "studio", "kitchen", "books"]

    static let languages: [String: [String]] = ["US": ["en", "en", "en", "es"], "MX": ["es"], "MY": ["ms", "ms", "zh", "en", "ta"]]

    static let creatorTags = ["smb", "top-100", "beauty", "gaming", "food", "bilingual", "campus", "fashion", "music", "new-2026"]

    static let lostReasons = ["no response after 3 contacts", "signed with another agency", "not eligible: under 18",
                              "engagement too low", "community guidelines strike", "not interested in LIVE"]
    static let pausedReasons = ["vacation", "exam season", "health break", "moving house", "equipment repair"]

    static let activitySummaries: [String: [String]] = [
        "note": ["Prefers evening slots; asked about gift goals", "Shared her setup photos — lighting needs work",
                 "Mentioned interest in the 11.11 campaign", "Wants to try bilingual streams (ES/EN)"],
        "call": ["Intro call: walked through LIVE eligibility", "Follow-up call about payout schedule",
                 "Discussed weekly streaming plan: 4×/week", "Call about agency contract renewal"],
        "message": ["Sent onboarding checklist", "Reminded about the creator workshop Thursday", "Shared LIVE best-practices deck"],
        "coaching": ["Coaching: hooks in the first 30 seconds", "Coaching: moderating chat and muting trolls",
                     "Coaching: pacing product demos", "Coaching: using LIVE goals and gifts"],
        "workshop": ["Workshop: LIVE Studio basics", "Workshop: selling on LIVE", "Workshop: community guidelines 101"],
    ]
    static let nextSteps = ["Check first week's LIVE hours", "Send contract draft", "Schedule coaching #2",
                            "Review analytics together", "Confirm payout details", "Invite to campaign"]

    static let subjects: [String: [String]] = [
        "account_access": ["Can't log in after changing phone number", "2FA code never arrives", "Account locked after password reset",
                           "Lost access to creator account"],
        "verification": ["Verification stuck at ID review", "Blue check request for %@", "ID rejected but document is valid",
                         "Verification badge disappeared"],
        "rewards_payout": ["Payout missing for last month", "Gift revenue doesn't match dashboard", "Bank details rejected",
                           "Payout delayed again — urgent", "Tax form not accepted"],
        "appeal": ["Appeal: LIVE ban for music copyright", "Appeal: video removed by mistake", "Appeal: strike for a costume",
                   "Appeal: account restricted after report"],
        "account_safety": ["Someone is impersonating %@", "Hacked account — posts I didn't make", "Harassment in LIVE chat"],
        "minor_safety": ["Possible minor on LIVE — please review", "Underage viewer sending gifts"],
        "campaign": ["Enrollment for the 11.11 campaign", "Campaign milestone not counted", "Payday sale incentive question"],
        "live_tools": ["LIVE Studio crashes on start", "Can't add products to LIVE", "Multi-guest invite not working",
                       "Stream key regenerated by itself"],
        "network_relations": ["Agency transfer request", "Network wants roster report", "Creator leaving our agency",
                              "Commission split question"],
        "other": ["Question about creator fund", "Feedback on new LIVE features", "Request for event invitation"],
    ]

    static let bodies = [
        "Hi team, this started yesterday and I have a LIVE scheduled tonight. Can you help?",
        "Hola, tengo este problema desde hace una semana. ¿Me pueden ayudar por favor?",
        "Saya masih tunggu jawapan. Tolong semak akaun saya.",
        "我已经等了三天了，请尽快处理。",
        "This is the second time I'm asking — my followers are waiting 😞",
        "Attached screenshots. The error says \"something went wrong\" every time.",
    ]

    static let agentReplies = [
        "Thanks for reaching out! I'm looking into this now and will update you shortly.",
        "Gracias por escribirnos. Ya revisamos tu cuenta y estamos trabajando en ello.",
        "We've escalated this to the specialist team; you'll hear back within a day.",
        "Could you send a screenshot of the error and the time it happened?",
        "This should be fixed now — please try again and let us know.",
    ]
    static let requesterReplies = ["Still not working, sorry!", "Here is the screenshot.", "Thank you so much 🙏",
                                   "Any update?", "Sudah cuba, masih sama."]
    static let internalNotes = ["Checked logs: payout batch failed on bank side.", "Looks like a duplicate of an older ticket.",
                                "Creator is in the top-100 list, handle with care.", "Waiting on the payments team.",
                                "Policy team confirmed the strike was automated."]
    static let escalationReasons = ["needs payments access", "policy decision required", "safety review (T2 only)",
                                    "bug reproduced, needs engineering", "VIP creator, manager requested T2"]

    static let ticketTags = ["vip", "payout-delay", "repeat", "agency", "bug", "11.11"]

    static let articles: [(title: String, body: String, macro: (status: String?, priority: String?, tags: [String])?)] = [
        ("Reset 2FA for a creator", "Hi {{creator.handle}}, we've reset two-factor authentication on your account. Log in and set it up again from Settings → Security.", (status: "pending", priority: nil, tags: ["2fa"])),
        ("Payout schedule explained", "Hi {{creator.handle}}, payouts are sent on the 15th for the previous month once the balance is over the minimum.", (status: "solved", priority: nil, tags: ["payout"])),
        ("Ask for a screenshot", "Hi {{creator.handle}}, could you send us a screenshot of the error, with the time it happened?", (status: "pending", priority: nil, tags: [])),
        ("Escalated to specialists", "Hi {{creator.handle}}, we've passed this to our specialist team. You'll hear back within one business day.", (status: "open", priority: "high", tags: ["escalated"])),
        ("Appeal received", "Hi {{creator.handle}}, we've received your appeal and a reviewer will decide within 48 hours.", (status: "on_hold", priority: nil, tags: ["appeal"])),
        ("Verification documents", "Hi {{creator.handle}}, for verification we need a government ID and a selfie holding it.", (status: "pending", priority: nil, tags: ["verification"])),
        ("Campaign enrolment confirmed", "Hi {{creator.handle}}, you're enrolled in the campaign. Track progress in LIVE Center.", (status: "solved", priority: "low", tags: ["campaign"])),
        ("Bank details rejected", "Hi {{creator.handle}}, your bank rejected the transfer. Please re-enter the account holder name exactly as on the account.", (status: "pending", priority: nil, tags: ["payout"])),
        ("Minor safety protocol", "Internal: freeze gifting, capture evidence, hand to T2 safety within 15 minutes.", (status: "open", priority: "urgent", tags: ["safety"])),
        ("Agency transfer steps", "Hi {{creator.handle}}, to move agencies both networks must confirm in the Network portal.", (status: "solved", priority: nil, tags: ["agency"])),
        ("LIVE eligibility requirements", "Creators need to be 18+, have 1,000 followers and no active strikes to go LIVE.", nil),
        ("Community guidelines for LIVE", "Summary of what is and isn't allowed on LIVE, with examples.", nil),
        ("How gifts convert to diamonds", "Gifts are converted at the published rate; diamonds become revenue at month end.", nil),
        ("LIVE Studio troubleshooting", "Update the app, check the stream key, and try a wired connection.", nil),
        ("Adding products to a LIVE", "Products must be approved in the shop catalogue before they can be pinned.", nil),
        ("Multi-guest LIVE", "Up to 5 guests; the host can mute or remove a guest at any time.", nil),
        ("Tax forms by market", "US: W-9/W-8BEN. MX: RFC constancia. MY: no form, but an IC number is required.", nil),
        ("Handling impersonation reports", "Collect both account links and the original's ID; T2 decides.", nil),
        ("Copyright and music on LIVE", "Use the licensed music library; background music from other apps triggers strikes.", nil),
        ("Onboarding checklist", "Profile complete, first LIVE scheduled, coaching session booked, community rules read.", nil),
        ("Weekly streaming plans", "Consistency beats length: 4 sessions of an hour outperform one of four hours.", nil),
        ("Creator fund eligibility", "Fund eligibility is reviewed quarterly; creators can't apply directly.", nil),
        ("Escalation matrix", "T1 → T2 for payments access, policy decisions, safety, bugs and VIPs.", nil),
        ("SLA targets", "Urgent: first reply 1 h; high 4 h; normal 8 h; low 24 h.", nil),
        ("Writing a good reply", "Greet by handle, answer the question first, then give the next step.", nil),
        ("Agency commission rules", "Commission splits are set in the agency contract; support can't change them.", nil),
        ("Event invitations", "Event invitations go to established creators with 20+ LIVE hours a month.", nil),
        ("Data requests", "Creators can export their data from Settings → Privacy → Download data.", nil),
        ("Account recovery", "Recovery needs the original phone or email; otherwise ID verification.", nil),
        ("Closing stale tickets", "Tickets pending for 7 days without reply are solved with a friendly note.", nil),
    ]

    /// The articles above that are creator-facing resources (the resource hub, issue 26): their
    /// kind and URL; every other article is a reply.
    static let resources: [String: (kind: ArticleKind, url: String?)] = [
        "LIVE eligibility requirements": (.guide, nil),
        "Community guidelines for LIVE": (.link, "https://creators.example.com/live/community-guidelines"),
        "How gifts convert to diamonds": (.guide, "https://creators.example.com/help/gifts-and-diamonds"),
        "LIVE Studio troubleshooting": (.guide, nil),
        "Adding products to a LIVE": (.guide, nil),
        "Multi-guest LIVE": (.guide, nil),
        "Tax forms by market": (.link, "https://creators.example.com/help/tax-forms"),
        "Copyright and music on LIVE": (.link, "https://creators.example.com/live/music-library"),
        "Onboarding checklist": (.toolkit, "https://creators.example.com/toolkits/onboarding.pdf"),
        "Weekly streaming plans": (.toolkit, nil),
    ]
}
