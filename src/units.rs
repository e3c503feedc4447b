//! Quantities shown to people.

/// A byte count for people: `512 B`, `3.2 MiB`, `4.0 GiB`.
///
/// ```
/// assert_eq!(stance::units::human_bytes(512), "512 B");
/// assert_eq!(stance::units::human_bytes(3 << 20), "3.0 MiB");
/// ```
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}
