import GreenroomCore

/// Drawing of the drill-down, Review and cohort screens.
enum KPIScreensView {
    typealias Line = ScreenList.Line

    static func drawLines(_ canvas: inout Canvas, _ model: Model, _ lines: [Line], specs: [[ColumnSpec]], cursor: Int, in inner: Rect) {
        ScreenList.draw(&canvas, model.viewContext, lines, specs: specs, cursor: cursor, in: inner)
    }
}
