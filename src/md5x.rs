//! MD5 of many keys at once: the key names `user_{i}` are short (one 64-byte block each) and independent,
//! so eight of them go through the same 64 MD5 steps side by side, one per lane: in the browser as two
//! WebAssembly SIMD vectors of four lanes (`simd128`), elsewhere as two arrays of four `u32`s, which the
//! compiler may vectorise. Two sets of lanes give the processor two independent chains to overlap.
//! The steps are RFC 1321's, written once for every lane type; the tests hold them equal to the `md-5`
//! crate on RFC 1321's messages, every length up to one block, and the first million keys.

/// A position on the ring: the MD5 of a string read as a 128-bit big-endian integer (re-exported as
/// [`crate::ring::Position`]).
pub type Position = u128;

/// `N` 32-bit words, one per key.
trait Lanes: Copy {
    const N: usize;
    /// From `N` words.
    fn load(words: &[u32]) -> Self;
    /// Into `N` words.
    fn store(self, out: &mut [u32]);
    fn splat(x: u32) -> Self;
    fn add(self, o: Self) -> Self;
    fn and(self, o: Self) -> Self;
    fn or(self, o: Self) -> Self;
    fn xor(self, o: Self) -> Self;
    fn not(self) -> Self;
    fn rotl(self, s: u32) -> Self;
}

impl Lanes for [u32; 4] {
    const N: usize = 4;
    #[inline(always)]
    fn load(words: &[u32]) -> Self {
        std::array::from_fn(|i| words[i])
    }
    #[inline(always)]
    fn store(self, out: &mut [u32]) {
        out.copy_from_slice(&self);
    }
    #[inline(always)]
    fn splat(x: u32) -> Self {
        [x; 4]
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        std::array::from_fn(|i| self[i].wrapping_add(o[i]))
    }
    #[inline(always)]
    fn and(self, o: Self) -> Self {
        std::array::from_fn(|i| self[i] & o[i])
    }
    #[inline(always)]
    fn or(self, o: Self) -> Self {
        std::array::from_fn(|i| self[i] | o[i])
    }
    #[inline(always)]
    fn xor(self, o: Self) -> Self {
        std::array::from_fn(|i| self[i] ^ o[i])
    }
    #[inline(always)]
    fn not(self) -> Self {
        self.map(|x| !x)
    }
    #[inline(always)]
    fn rotl(self, s: u32) -> Self {
        self.map(|x| x.rotate_left(s))
    }
}

/// Two sets of lanes side by side: two independent chains of steps, which the processor can overlap
/// (each chain alone waits on its previous step).
impl<L: Lanes> Lanes for (L, L) {
    const N: usize = 2 * L::N;
    #[inline(always)]
    fn load(w: &[u32]) -> Self {
        (L::load(&w[..L::N]), L::load(&w[L::N..]))
    }
    #[inline(always)]
    fn store(self, out: &mut [u32]) {
        let (lo, hi) = out.split_at_mut(L::N);
        self.0.store(lo);
        self.1.store(hi);
    }
    #[inline(always)]
    fn splat(x: u32) -> Self {
        (L::splat(x), L::splat(x))
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        (self.0.add(o.0), self.1.add(o.1))
    }
    #[inline(always)]
    fn and(self, o: Self) -> Self {
        (self.0.and(o.0), self.1.and(o.1))
    }
    #[inline(always)]
    fn or(self, o: Self) -> Self {
        (self.0.or(o.0), self.1.or(o.1))
    }
    #[inline(always)]
    fn xor(self, o: Self) -> Self {
        (self.0.xor(o.0), self.1.xor(o.1))
    }
    #[inline(always)]
    fn not(self) -> Self {
        (self.0.not(), self.1.not())
    }
    #[inline(always)]
    fn rotl(self, s: u32) -> Self {
        (self.0.rotl(s), self.1.rotl(s))
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub struct V(pub v128);

    impl super::Lanes for V {
        const N: usize = 4;
        #[inline(always)]
        fn load(w: &[u32]) -> Self {
            V(u32x4(w[0], w[1], w[2], w[3]))
        }
        #[inline(always)]
        fn store(self, out: &mut [u32]) {
            out[0] = u32x4_extract_lane::<0>(self.0);
            out[1] = u32x4_extract_lane::<1>(self.0);
            out[2] = u32x4_extract_lane::<2>(self.0);
            out[3] = u32x4_extract_lane::<3>(self.0);
        }
        #[inline(always)]
        fn splat(x: u32) -> Self {
            V(u32x4_splat(x))
        }
        #[inline(always)]
        fn add(self, o: Self) -> Self {
            V(i32x4_add(self.0, o.0))
        }
        #[inline(always)]
        fn and(self, o: Self) -> Self {
            V(v128_and(self.0, o.0))
        }
        #[inline(always)]
        fn or(self, o: Self) -> Self {
            V(v128_or(self.0, o.0))
        }
        #[inline(always)]
        fn xor(self, o: Self) -> Self {
            V(v128_xor(self.0, o.0))
        }
        #[inline(always)]
        fn not(self) -> Self {
            V(v128_not(self.0))
        }
        #[inline(always)]
        fn rotl(self, s: u32) -> Self {
            V(v128_or(i32x4_shl(self.0, s), u32x4_shr(self.0, 32 - s)))
        }
    }
}

/// The lanes the build uses.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
type Fast = (simd::V, simd::V);
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
type Fast = ([u32; 4], [u32; 4]);

/// RFC 1321's per-step shift amounts and sines.
const S: [u32; 64] = [
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9,
    14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15,
    21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];
const K: [u32; 64] = [
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
];
const INIT: [u32; 4] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];

/// The one padded block of a message of at most 55 bytes, as 16 little-endian words.
fn block(message: &[u8]) -> [u32; 16] {
    debug_assert!(message.len() <= 55);
    let mut bytes = [0u8; 64];
    bytes[..message.len()].copy_from_slice(message);
    bytes[message.len()] = 0x80;
    bytes[56..].copy_from_slice(&(message.len() as u64 * 8).to_le_bytes());
    std::array::from_fn(|j| u32::from_le_bytes(bytes[4 * j..4 * j + 4].try_into().unwrap()))
}

/// MD5's compression of one block per lane from the initial state: the four state words per lane.
#[inline(always)]
fn compress<L: Lanes>(m: &[L; 16]) -> [L; 4] {
    let [mut a, mut b, mut c, mut d] = INIT.map(L::splat);
    // One step: f of (b, c, d), word g of the block.
    macro_rules! step {
        ($i:expr, $f:expr, $g:expr) => {{
            let t = $f.add(a).add(L::splat(K[$i])).add(m[$g]);
            a = d;
            d = c;
            c = b;
            b = b.add(t.rotl(S[$i]));
        }};
    }
    for i in 0..16 {
        step!(i, b.and(c).or(b.not().and(d)), i);
    }
    for i in 16..32 {
        step!(i, d.and(b).or(d.not().and(c)), (5 * i + 1) % 16);
    }
    for i in 32..48 {
        step!(i, b.xor(c).xor(d), (3 * i + 5) % 16);
    }
    for i in 48..64 {
        step!(i, c.xor(b.or(d.not())), (7 * i) % 16);
    }
    let [ha, hb, hc, hd] = INIT.map(L::splat);
    [a.add(ha), b.add(hb), c.add(hc), d.add(hd)]
}

/// Most keys hashed side by side.
const MAX_LANES: usize = 8;

/// The positions of `L::N` messages of at most 55 bytes each, into `out`.
fn positions<L: Lanes>(messages: &[&[u8]], out: &mut [Position]) {
    let mut blocks = [[0u32; 16]; MAX_LANES];
    for (b, m) in blocks.iter_mut().zip(messages) {
        *b = block(m);
    }
    let m: [L; 16] = std::array::from_fn(|j| {
        let column: [u32; MAX_LANES] = std::array::from_fn(|k| blocks[k][j]);
        L::load(&column[..L::N])
    });
    let mut state = [[0u32; MAX_LANES]; 4];
    for (word, lanes) in state.iter_mut().zip(compress(&m)) {
        lanes.store(&mut word[..L::N]);
    }
    for (k, p) in out.iter_mut().enumerate() {
        let mut digest = [0u8; 16];
        for (w, word) in state.iter().enumerate() {
            digest[4 * w..4 * w + 4].copy_from_slice(&word[k].to_le_bytes());
        }
        *p = u128::from_be_bytes(digest);
    }
}

/// `(key_position(i), i)` for every `i` in `range`, eight keys at a time.
pub fn key_positions(range: std::ops::Range<u32>) -> Vec<(Position, u32)> {
    key_positions_on::<Fast>(range)
}

fn key_positions_on<L: Lanes>(range: std::ops::Range<u32>) -> Vec<(Position, u32)> {
    let lanes = L::N as u32;
    let mut out = Vec::with_capacity(range.len());
    let mut names = [[0u8; 16]; MAX_LANES];
    let mut lens = [0usize; MAX_LANES];
    let mut p = [0 as Position; MAX_LANES];
    let mut i = range.start;
    while i < range.end {
        let n = (range.end - i).min(lanes);
        for k in 0..L::N {
            // A short last group repeats its first key in the unused lanes.
            let key = i + (k as u32).min(n - 1);
            let mut digits = itoa::Buffer::new();
            let d = digits.format(key).as_bytes();
            names[k][..5].copy_from_slice(b"user_");
            names[k][5..5 + d.len()].copy_from_slice(d);
            lens[k] = 5 + d.len();
        }
        let messages: [&[u8]; MAX_LANES] = std::array::from_fn(|k| &names[k][..lens[k]]);
        positions::<L>(&messages[..L::N], &mut p[..L::N]);
        out.extend((0..n).map(|k| (p[k as usize], i + k)));
        i += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ring::{key_position, position};

    #[test]
    fn four_lanes_equal_md5_on_rfc_1321_and_any_short_message() {
        // RFC 1321's test suite (the messages of at most 55 bytes), and lengths 0 to 55.
        let rfc = [
            ("", 0xd41d8cd98f00b204e9800998ecf8427e_u128),
            ("a", 0x0cc175b9c0f1b6a831c399e269772661),
            ("abc", 0x900150983cd24fb0d6963f7d28e17f72),
            ("message digest", 0xf96b697d7cb7938d525a2f31aaf161d0),
            (
                "abcdefghijklmnopqrstuvwxyz",
                0xc3fcd3d76192e4007dfb496cca67e13b,
            ),
        ];
        for (m, want) in rfc {
            let mut got = [0; 8];
            positions::<([u32; 4], [u32; 4])>(&[m.as_bytes(); 8], &mut got);
            assert_eq!(got, [want; 8], "{m:?}");
        }
        let long = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS";
        for len in 0..=55 {
            let ms = [
                &long[..len],
                &long[55 - len..],
                &long[..len / 2],
                &long[len / 3..len],
            ];
            let mut got = [0; 4];
            positions::<[u32; 4]>(&ms.map(str::as_bytes), &mut got);
            assert_eq!(got, ms.map(position), "length {len}");
        }
    }

    #[test]
    fn key_positions_equal_md5_for_the_first_million_keys_and_the_largest() {
        let n = 1_000_003; // not a multiple of four: the last group is short
        let got = key_positions(0..n);
        assert_eq!(got.len(), n as usize);
        for (i, &(p, id)) in got.iter().enumerate() {
            assert_eq!(id, i as u32);
            assert_eq!(p, key_position(id), "user_{id}");
        }
        for range in [u32::MAX - 6..u32::MAX, 5..6, 7..7, 999_990..1_000_001] {
            let got = key_positions(range.clone());
            let want: Vec<_> = range.map(|i| (key_position(i), i)).collect();
            assert_eq!(got, want);
        }
    }
}
