import GreenroomTUI

/// Maps theme colours onto what the terminal has: direct colour, the xterm 256-colour
/// palette, 16 or 8 ANSI colours.
struct ColorMapper {
    /// `COLORS` as ncurses reports it; 0 means monochrome (NO_COLOR or no colour support).
    let colors: Int

    static let directThreshold = 1 << 24

    /// The colour number for ncurses, or -1 for the terminal default.
    func number(for color: Color) -> Int32 {
        switch color {
        case .default:
            return -1
        case .indexed(let n):
            if Int(n) < colors { return Int32(n) }
            let (r, g, b) = ColorMapper.rgb(ofIndex: Int(n))
            return nearest(r, g, b)
        case .rgb(let r, let g, let b):
            if colors >= ColorMapper.directThreshold { return Int32(r) << 16 | Int32(g) << 8 | Int32(b) }
            return nearest(Int(r), Int(g), Int(b))
        }
    }

    private func nearest(_ r: Int, _ g: Int, _ b: Int) -> Int32 {
        if colors >= 256 { return Int32(ColorMapper.nearestXterm256(r, g, b)) }
        let count = colors >= 16 ? 16 : 8
        var best = 0
        var bestDistance = Int.max
        for i in 0..<count {
            let (cr, cg, cb) = ColorMapper.ansi[i]
            let d = (cr - r) * (cr - r) + (cg - g) * (cg - g) + (cb - b) * (cb - b)
            if d < bestDistance { bestDistance = d; best = i }
        }
        return Int32(best)
    }

    /// The xterm defaults for the 16 ANSI colours.
    static let ansi: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static let cubeLevels = [0, 95, 135, 175, 215, 255]

    static func rgb(ofIndex n: Int) -> (Int, Int, Int) {
        if n < 16 { return ansi[n] }
        if n < 232 {
            let i = n - 16
            return (cubeLevels[i / 36], cubeLevels[(i / 6) % 6], cubeLevels[i % 6])
        }
        let v = 8 + (n - 232) * 10
        return (v, v, v)
    }

    /// Nearest colour of the 6×6×6 cube or the grey ramp.
    static func nearestXterm256(_ r: Int, _ g: Int, _ b: Int) -> Int {
        func level(_ v: Int) -> Int {
            var best = 0
            for (i, l) in cubeLevels.enumerated() where abs(l - v) < abs(cubeLevels[best] - v) { best = i }
            return best
        }
        let (lr, lg, lb) = (level(r), level(g), level(b))
        let cube = 16 + 36 * lr + 6 * lg + lb
        let (cr, cg, cb) = (cubeLevels[lr], cubeLevels[lg], cubeLevels[lb])
        let cubeDistance = (cr - r) * (cr - r) + (cg - g) * (cg - g) + (cb - b) * (cb - b)
        let average = (r + g + b) / 3
        let greyIndex = max(0, min(23, (average - 8 + 5) / 10))
        let gv = 8 + greyIndex * 10
        let greyDistance = (gv - r) * (gv - r) + (gv - g) * (gv - g) + (gv - b) * (gv - b)
        return greyDistance < cubeDistance ? 232 + greyIndex : cube
    }
}
