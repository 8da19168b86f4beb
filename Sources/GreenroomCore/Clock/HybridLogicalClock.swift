/// A hybrid logical clock timestamp (Kulkarni et al., 2014): physical milliseconds, a
/// logical counter, and the id of the device that minted it as a final tie-break.
///
/// Every field a device writes is stamped with one; sync merges fields last-writer-wins by
/// comparing stamps. The encoding is fixed-width so that string order equals timestamp
/// order, which lets SQLite compare stamps with plain `<` on TEXT columns:
///
///     000001763717400000-000000-0123456789abcdef
///     └ 18-digit ms ───┘ └ctr─┘ └ device id ────┘
public struct HLC: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var physical: Int64
    public var counter: Int
    public var device: String

    public static let physicalDigits = 18
    public static let counterDigits = 6
    public static let maxCounter = 999_999

    public init(physical: Int64, counter: Int, device: String) {
        self.physical = physical
        self.counter = counter
        self.device = device
    }

    public static func < (lhs: HLC, rhs: HLC) -> Bool {
        if lhs.physical != rhs.physical { return lhs.physical < rhs.physical }
        if lhs.counter != rhs.counter { return lhs.counter < rhs.counter }
        return lhs.device < rhs.device
    }

    /// The fixed-width, lexicographically sortable text form.
    ///
    /// Written digit by digit into one buffer: sync compares and stores these by the million.
    /// Out-of-range parts (never produced by the clock) fall back to plain decimal text.
    public var encoded: String {
        let deviceBytes = device.utf8
        guard physical >= 0, physical < 1_000_000_000_000_000_000, counter >= 0, counter <= HLC.maxCounter else {
            return pad(String(physical), HLC.physicalDigits) + "-" + pad(String(counter), HLC.counterDigits) + "-" + device
        }
        let count = HLC.physicalDigits + HLC.counterDigits + 2 + deviceBytes.count
        return String(unsafeUninitializedCapacity: count) { buffer in
            var p = physical
            for i in stride(from: HLC.physicalDigits - 1, through: 0, by: -1) {
                buffer[i] = UInt8(48 + p % 10)
                p /= 10
            }
            buffer[HLC.physicalDigits] = 45
            var c = counter
            for i in stride(from: HLC.physicalDigits + HLC.counterDigits, through: HLC.physicalDigits + 1, by: -1) {
                buffer[i] = UInt8(48 + c % 10)
                c /= 10
            }
            buffer[HLC.physicalDigits + HLC.counterDigits + 1] = 45
            var i = HLC.physicalDigits + HLC.counterDigits + 2
            for b in deviceBytes {
                buffer[i] = b
                i += 1
            }
            return count
        }
    }

    public var description: String { encoded }

    /// Parses the text form; nil when it is not exactly what `encoded` produces.
    public init?(encoded text: String) {
        // Byte by byte: sync parses one of these per operation read.
        let bytes = text.utf8
        guard bytes.count == HLC.physicalDigits + HLC.counterDigits + 2 + 16 else { return nil }
        var physical: Int64 = 0
        var counter = 0
        for (i, b) in bytes.enumerated() {
            switch i {
            case 0..<HLC.physicalDigits:
                guard b >= 48 && b <= 57 else { return nil }
                physical = physical * 10 + Int64(b - 48)
            case HLC.physicalDigits, HLC.physicalDigits + HLC.counterDigits + 1:
                guard b == 45 else { return nil }
            case (HLC.physicalDigits + 1)...(HLC.physicalDigits + HLC.counterDigits):
                guard b >= 48 && b <= 57 else { return nil }
                counter = counter * 10 + Int(b - 48)
            default:
                guard (b >= 48 && b <= 57) || (b >= 97 && b <= 102) else { return nil }
            }
        }
        self.init(physical: physical, counter: counter, device: String(text.suffix(16)))
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// Device ids: 16 lowercase hexadecimal characters, random per database.
public enum DeviceID {
    public static func isValid(_ text: String) -> Bool {
        text.utf8.count == 16 && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    public static func make<G: RandomNumberGenerator>(using generator: inout G) -> String {
        let v = generator.next()
        let hex = String(v, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    public static func make() -> String {
        var rng = SystemRandomNumberGenerator()
        return make(using: &rng)
    }
}

/// The clock itself: the latest stamp this device has issued or seen.
///
/// `tick` is the send/local-event rule and `receive` the receive rule of the HLC paper.
/// When the counter would overflow its six digits the physical part is advanced by one
/// millisecond instead, so stamps stay fixed-width and strictly increasing; the clock then
/// runs at most a few milliseconds ahead of the wall clock during very large bulk edits.
public struct HybridLogicalClock: Sendable {
    public private(set) var latest: HLC

    public init(device: String, latest: HLC? = nil) {
        self.latest = latest ?? HLC(physical: 0, counter: 0, device: device)
        self.latest.device = device
    }

    public var device: String { latest.device }

    /// A new stamp for a local event at wall time `wallMillis`; always greater than every
    /// stamp issued or received before.
    public mutating func tick(wallMillis: Int64) -> HLC {
        if wallMillis > latest.physical {
            latest.physical = wallMillis
            latest.counter = 0
        } else {
            advanceCounter()
        }
        return latest
    }

    /// Merges a remote stamp (receive rule) and returns the new local stamp, which is greater
    /// than both the previous local stamp and `remote`.
    @discardableResult
    public mutating func receive(_ remote: HLC, wallMillis: Int64) -> HLC {
        let physical = max(wallMillis, latest.physical, remote.physical)
        if physical == latest.physical && physical == remote.physical {
            latest.counter = max(latest.counter, remote.counter)
            advanceCounter()
        } else if physical == latest.physical {
            advanceCounter()
        } else if physical == remote.physical {
            latest.physical = physical
            latest.counter = remote.counter
            advanceCounter()
        } else {
            latest.physical = physical
            latest.counter = 0
        }
        return latest
    }

    private mutating func advanceCounter() {
        if latest.counter >= HLC.maxCounter {
            latest.physical += 1
            latest.counter = 0
        } else {
            latest.counter += 1
        }
    }
}
