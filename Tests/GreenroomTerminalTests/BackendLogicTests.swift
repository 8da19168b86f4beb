import Testing
import GreenroomTUI
@testable import GreenroomTerminal

@Suite struct ColorMapperTests {
    @Test func twoHundredFiftySixColourTerminalsGetTheNearestCubeOrGrey() {
        let m = ColorMapper(colors: 256)
        #expect(m.number(for: .default) == -1)
        #expect(m.number(for: .indexed(236)) == 236)
        #expect(m.number(for: .rgb(0x5F, 0xAF, 0xFF)) == 75)   // exactly in the cube
        #expect(m.number(for: .rgb(0x26, 0x26, 0x26)) == 235)  // a grey goes to the grey ramp
        #expect(m.number(for: .rgb(255, 0, 0)) == 196)
    }

    @Test func sixteenAndEightColourTerminalsFallBackToANSI() {
        let sixteen = ColorMapper(colors: 16)
        #expect(sixteen.number(for: .rgb(255, 0, 0)) == 9)
        #expect(sixteen.number(for: .indexed(196)) == 9)
        #expect(sixteen.number(for: .indexed(4)) == 4)
        let eight = ColorMapper(colors: 8)
        #expect(eight.number(for: .rgb(250, 10, 10)) == 1)
        #expect(eight.number(for: .indexed(12)) < 8)
    }

    @Test func directColourTerminalsGetTheExactColour() {
        let direct = ColorMapper(colors: 1 << 24)
        #expect(direct.number(for: .rgb(0x12, 0x34, 0x56)) == 0x123456)
    }
}

@Suite struct KeyDecoderTests {
    @Test func controlBytesBecomeNamedKeys() {
        #expect(KeyDecoder.decode(character: 9) == .tab)
        #expect(KeyDecoder.decode(character: 13) == .enter)
        #expect(KeyDecoder.decode(character: 27) == .esc)
        #expect(KeyDecoder.decode(character: 127) == .backspace)
        #expect(KeyDecoder.decode(character: 4) == .ctrl("d"))
        #expect(KeyDecoder.decode(character: 26) == .ctrl("z"))
        #expect(KeyDecoder.decode(character: 0x76F4) == .char("直"))
        #expect(KeyDecoder.decode(character: 0) == nil)
    }
}
