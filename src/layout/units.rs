//! Length units used by the layout: millimetres and points as the standard
//! states them, twips and half-points as WordprocessingML stores them.
//!
//! 1 pt = 20 twips, 1 inch = 72 pt = 25.4 mm, so 1 mm = 56.69 twips.

/// A length in millimetres, as GB/T 9704 states page geometry.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Mm(pub f64);

/// A length in points, as type sizes are stated.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Pt(pub f64);

impl Mm {
    /// Twentieths of a point, rounded to the nearest whole twip.
    pub fn to_twips(self) -> i32 {
        (self.0 * 72.0 * 20.0 / 25.4).round() as i32
    }
}

impl Pt {
    /// Twentieths of a point.
    pub fn to_twips(self) -> i32 {
        (self.0 * 20.0).round() as i32
    }

    /// Half-points, the unit of a run's `w:sz`.
    pub fn to_half_points(self) -> usize {
        (self.0 * 2.0).round() as usize
    }

    /// Eighths of a point, the unit of a border's `w:sz`.
    pub fn to_eighths(self) -> usize {
        (self.0 * 8.0).round() as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millimetres_convert_to_twips_as_the_standard_tables_state() {
        assert_eq!(Mm(37.0).to_twips(), 2098);
        assert_eq!(Mm(28.0).to_twips(), 1587);
        assert_eq!(Mm(210.0).to_twips(), 11906);
        assert_eq!(Mm(297.0).to_twips(), 16838);
        assert_eq!(Mm(4.0).to_twips(), 227);
    }

    #[test]
    fn points_convert_to_word_units() {
        assert_eq!(Pt(16.0).to_half_points(), 32);
        assert_eq!(Pt(10.5).to_half_points(), 21);
        assert_eq!(Pt(16.0).to_twips(), 320);
        assert_eq!(Pt(1.0).to_eighths(), 8);
    }
}
