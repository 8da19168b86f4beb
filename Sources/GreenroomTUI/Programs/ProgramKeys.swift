import GreenroomCore

extension Action.Context {
    public static let programs = Action.Context("programs", "Program board")
    public static let attendance = Action.Context("attendance", "Workshop attendance")
}

extension Action {
    public static let programs = Action("app.programs", .global, "Programs: modules, who is stuck where, funnel, effect (:programs)", keys: [])
    public static let programLeft = Action("programs.left", .programs, "Module column to the left", keys: [.char("h"), .left])
    public static let programRight = Action("programs.right", .programs, "Module column to the right", keys: [.char("l"), .right])
    public static let programAdvance = Action("programs.advance", .programs, "The creator finished this module (moves to the next)",
                                              keys: [.char("L"), .char(">")])
    public static let programTakeBack = Action("programs.take_back", .programs, "Take back the creator's last finished module",
                                               keys: [.char("H"), .char("<")])
    public static let workshops = Action("app.workshops", .global, "Workshops: the invited and attendance (:workshops)", keys: [])
    public static let attendanceToggle = Action("attendance.toggle", .attendance, "Mark the creator present or absent", keys: [.char(" ")])
}

/// Opening programs, and working a program's board.
extension ProgramsScreen {
    static let contexts: [Action.Context] = [.programs]
    static let actions: [Action] = [.programs, .programLeft, .programRight, .programAdvance, .programTakeBack]
}

/// Opening workshops, and taking attendance.
extension WorkshopsScreen {
    static let contexts: [Action.Context] = [.attendance]
    static let actions: [Action] = [.workshops, .attendanceToggle]
}
