//! Random numbers for what needs to differ, not to be secret: a request's
//! `client-request-id`, the jitter of a backoff, a worker's name. SplitMix64
//! over a counter that starts at a seed drawn once from the standard
//! library's per-process random keys (`RandomState`): a few instructions a
//! number, and no generator crate to build.

use std::hash::{BuildHasher, RandomState};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// SplitMix64's increment (the golden ratio's fraction).
const GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// 64 random bits: never the same twice in one process (SplitMix64's
/// output is a bijection of its counter).
pub(crate) fn u64() -> u64 {
    static SEED: OnceLock<u64> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let seed = *SEED.get_or_init(|| RandomState::new().hash_one(std::process::id()));
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut z = seed.wrapping_add(n.wrapping_mul(GAMMA));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// 128 random bits.
pub(crate) fn u128() -> u128 {
    u128::from(u64()) << 64 | u128::from(u64())
}

/// A number in `[0, 1)`.
pub(crate) fn f64() -> f64 {
    // The top 53 bits, the precision of an f64.
    (u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A random (version 4) GUID, as Graph's services expect a request id.
pub(crate) fn guid() -> crate::odata::edm::Guid {
    crate::odata::edm::Guid::random_v4(u128())
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    #[test]
    fn numbers_differ_and_fractions_stay_below_one() {
        let seen: HashSet<u64> = (0..10_000).map(|_| super::u64()).collect();
        assert_eq!(seen.len(), 10_000);
        let fractions: Vec<f64> = (0..10_000).map(|_| super::f64()).collect();
        assert!(fractions.iter().all(|f| (0.0..1.0).contains(f)));
        // Spread over the range, not bunched: each tenth gets some.
        for tenth in 0..10 {
            let low = f64::from(tenth) / 10.0;
            assert!(
                fractions.iter().any(|f| (low..low + 0.1).contains(f)),
                "none in [{low}, {low}+0.1)"
            );
        }
    }
}
