//! cifras patch: the few `std::simd` operations the CSV line and field splitters use,
//! on stable Rust with SSE2 (part of the x86_64 baseline). Upstream compiles its SIMD
//! splitters only with the nightly-only `simd` feature; without it every byte of a CSV
//! goes through a scalar loop, which made line counting the serial bottleneck of a
//! streaming scan. See vendor/polars-io/CIFRAS-PATCH.md.

use std::arch::x86_64::{__m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8};

/// 64 bytes, as `std::simd::u8x64`.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy)]
pub struct u8x64([u8; 64]);

/// One bit per lane, as `std::simd::Mask<i8, 64>` after `to_bitmask`.
#[derive(Clone, Copy)]
pub struct Mask64(u64);

impl u8x64 {
    #[inline(always)]
    pub fn splat(b: u8) -> Self {
        u8x64([b; 64])
    }

    /// Lanes equal to `other`'s first lane (every use compares with a splat).
    #[inline(always)]
    pub fn simd_eq(self, other: Self) -> Mask64 {
        let mut bits = 0u64;
        // SAFETY: SSE2 is always present on x86_64; loads are unaligned and in bounds.
        unsafe {
            let needle = _mm_set1_epi8(other.0[0] as i8);
            for i in 0..4 {
                let v = _mm_loadu_si128(self.0.as_ptr().add(16 * i) as *const __m128i);
                let m = _mm_movemask_epi8(_mm_cmpeq_epi8(v, needle)) as u32 as u64;
                bits |= m << (16 * i);
            }
        }
        Mask64(bits)
    }
}

impl From<[u8; 64]> for u8x64 {
    #[inline(always)]
    fn from(a: [u8; 64]) -> Self {
        u8x64(a)
    }
}

impl Mask64 {
    #[inline(always)]
    pub fn to_bitmask(self) -> u64 {
        self.0
    }
}

impl std::ops::BitOr for Mask64 {
    type Output = Mask64;
    #[inline(always)]
    fn bitor(self, rhs: Mask64) -> Mask64 {
        Mask64(self.0 | rhs.0)
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn masks_match_a_scalar_scan() {
        let mut a = [0u8; 64];
        for (i, b) in a.iter_mut().enumerate() {
            *b = [b'a', b'\n', b'"', b','][(i * 7 + i / 3) % 4];
        }
        for needle in [b'a', b'\n', b'"', b','] {
            let want = a.iter().enumerate().fold(0u64, |m, (i, b)| m | (u64::from(*b == needle) << i));
            assert_eq!(u8x64::from(a).simd_eq(u8x64::splat(needle)).to_bitmask(), want);
        }
    }
}
