import Testing
@testable import GreenroomCore

@Suite struct HybridLogicalClockTests {
    let device = "00000000000000aa"

    @Test func tickFollowsTheWallClockWhenItMovesForward() {
        var clock = HybridLogicalClock(device: device)
        let a = clock.tick(wallMillis: 1_000)
        let b = clock.tick(wallMillis: 2_000)
        #expect(a == HLC(physical: 1_000, counter: 0, device: device))
        #expect(b == HLC(physical: 2_000, counter: 0, device: device))
    }

    @Test func tickStaysMonotonicWhenTheWallClockStallsOrGoesBack() {
        var clock = HybridLogicalClock(device: device)
        var last = clock.tick(wallMillis: 5_000)
        for wall: Int64 in [5_000, 5_000, 4_000, 1, 5_000] {
            let next = clock.tick(wallMillis: wall)
            #expect(next > last)
            #expect(next.physical == 5_000)
            last = next
        }
        #expect(last.counter == 5)
    }

    @Test func receiveJumpsAheadToARemoteClockThatIsAhead() {
        var clock = HybridLogicalClock(device: device)
        _ = clock.tick(wallMillis: 1_000)
        let remote = HLC(physical: 9_000, counter: 7, device: "00000000000000bb")
        let merged = clock.receive(remote, wallMillis: 2_000)
        #expect(merged == HLC(physical: 9_000, counter: 8, device: device))
        #expect(merged > remote)
        #expect(clock.tick(wallMillis: 2_000) > merged)
    }

    @Test func receiveKeepsTheLocalClockWhenTheRemoteIsBehind() {
        var clock = HybridLogicalClock(device: device)
        let local = clock.tick(wallMillis: 9_000)
        let merged = clock.receive(HLC(physical: 3_000, counter: 40, device: "00000000000000bb"), wallMillis: 9_000)
        #expect(merged == HLC(physical: 9_000, counter: local.counter + 1, device: device))
    }

    @Test func receiveWithEqualPhysicalTimesTakesTheLargerCounterPlusOne() {
        var clock = HybridLogicalClock(device: device)
        _ = clock.tick(wallMillis: 7_000)
        _ = clock.tick(wallMillis: 7_000) // counter 1
        let merged = clock.receive(HLC(physical: 7_000, counter: 12, device: "00000000000000bb"), wallMillis: 6_000)
        #expect(merged == HLC(physical: 7_000, counter: 13, device: device))
    }

    @Test func receiveUsesTheWallClockWhenItIsAheadOfBoth() {
        var clock = HybridLogicalClock(device: device)
        _ = clock.tick(wallMillis: 1_000)
        let merged = clock.receive(HLC(physical: 2_000, counter: 3, device: "00000000000000bb"), wallMillis: 5_000)
        #expect(merged == HLC(physical: 5_000, counter: 0, device: device))
    }

    @Test func counterOverflowAdvancesThePhysicalPartInsteadOfWidening() {
        var clock = HybridLogicalClock(device: device, latest: HLC(physical: 100, counter: HLC.maxCounter, device: device))
        let next = clock.tick(wallMillis: 100)
        #expect(next == HLC(physical: 101, counter: 0, device: device))
        #expect(next.encoded.count == HLC(physical: 100, counter: 0, device: device).encoded.count)
    }

    @Test func encodingIsFixedWidthAndSortsLikeTheStamps() {
        var rng = SeededGenerator(seed: 42)
        let devices = (0..<4).map { _ in DeviceID.make(using: &rng) }
        var stamps: [HLC] = []
        for _ in 0..<500 {
            stamps.append(HLC(physical: Int64(rng.below(3)) * 1_000_000_000_000 + Int64(rng.below(1000)),
                              counter: rng.below(3) == 0 ? rng.below(HLC.maxCounter + 1) : rng.below(10),
                              device: rng.pick(devices)))
        }
        let widths = Set(stamps.map(\.encoded.count))
        #expect(widths == [HLC.physicalDigits + 1 + HLC.counterDigits + 1 + 16])
        #expect(stamps.sorted().map(\.encoded) == stamps.map(\.encoded).sorted())
    }

    @Test func encodingRoundTripsAndRejectsMalformedText() {
        let stamp = HLC(physical: 1_763_717_400_000, counter: 42, device: device)
        #expect(stamp.encoded == "000001763717400000-000042-00000000000000aa")
        #expect(HLC(encoded: stamp.encoded) == stamp)
        #expect(HLC(physical: 0, counter: 0, device: device).encoded == "000000000000000000-000000-00000000000000aa")
        let widest = HLC(physical: 999_999_999_999_999_999, counter: HLC.maxCounter, device: device)
        #expect(widest.encoded == "999999999999999999-999999-00000000000000aa")
        #expect(HLC(encoded: widest.encoded) == widest)
        for bad in ["", "1-2-3", "000001763717400000-000042-00000000000000AA", "000001763717400000-42-00000000000000aa",
                    "00000176371740000x-000042-00000000000000aa", "000001763717400000-000042-00000000000000a"] {
            #expect(HLC(encoded: bad) == nil, "accepted \(bad)")
        }
    }
}
