//! Hashing and byte-string helpers shared by the dictionaries, the index and the cache. A leaf
//! module: it imports nothing from the crate.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A fast, non-cryptographic hash (the multiply-rotate hash of the Rust compiler, `FxHash`) for
/// the maps of dictionary forms built at start-up, where the standard hasher's resistance to
/// chosen keys is not needed and its cost is felt with large dictionaries.
#[derive(Debug, Default, Clone, Copy)]
pub struct FormHasher(u64);

impl FormHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FormHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 56));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // The low bits of a product depend only on the low bits of its factors, and hash tables
        // take their bucket from the low bits: bring the well-mixed high bits down, or keys that
        // differ only past the first byte of each 8-byte chunk ("person-1", "person-2") collide.
        self.0.rotate_left(26)
    }
}

pub type FormMap<K, V> = HashMap<K, V, BuildHasherDefault<FormHasher>>;
/// A set of dictionary strings hashed with [`FormHasher`].
pub type FormSet<T> = HashSet<T, BuildHasherDefault<FormHasher>>;

/// `Vec<u64>` or `Vec<u32>` as one little-endian byte string: hashes written as varints take ten
/// bytes each and decode one by one, while a byte string is copied.
pub mod le_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    /// An integer stored in `SIZE` little-endian bytes.
    pub trait Word: Copy {
        const SIZE: usize;
        fn put(self, out: &mut Vec<u8>);
        fn get(bytes: &[u8]) -> Self;
    }

    impl Word for u32 {
        const SIZE: usize = 4;
        fn put(self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.to_le_bytes());
        }
        fn get(bytes: &[u8]) -> u32 {
            u32::from_le_bytes(bytes.try_into().unwrap_or_default())
        }
    }

    impl Word for u64 {
        const SIZE: usize = 8;
        fn put(self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.to_le_bytes());
        }
        fn get(bytes: &[u8]) -> u64 {
            u64::from_le_bytes(bytes.try_into().unwrap_or_default())
        }
    }

    #[allow(clippy::ptr_arg)] // serde's `with` passes the field as it is declared
    pub fn serialize<S: Serializer, T: Word>(values: &Vec<T>, s: S) -> Result<S::Ok, S::Error> {
        let mut bytes = Vec::with_capacity(values.len() * T::SIZE);
        for &v in values {
            v.put(&mut bytes);
        }
        s.serialize_bytes(&bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: Word>(d: D) -> Result<Vec<T>, D::Error> {
        let bytes: &[u8] = Deserialize::deserialize(d)?;
        if bytes.len() % T::SIZE != 0 {
            return Err(serde::de::Error::custom("not a whole number of integers"));
        }
        Ok(bytes.chunks_exact(T::SIZE).map(T::get).collect())
    }
}
