//! A minimal ZIP writer (stored entries, no compression) for multi-file exports such as brat.
//! Written here rather than pulling in the `zip` crate, which brings a deflate implementation and
//! tens of KB of WASM for text files a few KB long. Deterministic: fixed timestamps.

fn crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, slot) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
        *slot = c;
    }
    let mut crc = !0u32;
    for &b in data {
        crc = table[((crc ^ b as u32) & 0xFF) as usize] ^ (crc >> 8);
    }
    !crc
}

/// Packs `(name, content)` pairs into a ZIP archive. Fails only past the classic ZIP limits
/// (4 GiB, 65,535 entries), which a browser export never reaches.
pub fn write(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    if files.len() > 0xFFFF {
        return Err("too many files for one zip archive".into());
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    const DOS_DATE: u16 = (1 << 5) | 1; // 1980-01-01
    for (name, data) in files {
        let offset = u32::try_from(out.len()).map_err(|_| "zip archive over 4 GiB")?;
        let size = u32::try_from(data.len()).map_err(|_| "file over 4 GiB")?;
        let crc = crc32(data);
        let name = name.as_bytes();
        // Local file header.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        for v in [20u16, 1 << 11, 0, 0, DOS_DATE] {
            out.extend_from_slice(&v.to_le_bytes()); // version, flags (UTF-8 names), stored, time, date
        }
        for v in [crc, size, size] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name);
        out.extend_from_slice(data);
        // Central directory entry.
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for v in [20u16, 20, 1 << 11, 0, 0, DOS_DATE] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, size, size] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [name.len() as u16, 0, 0, 0, 0] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let cd_offset = u32::try_from(out.len()).map_err(|_| "zip archive over 4 GiB")?;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for v in [0u16, 0, files.len() as u16, files.len() as u16] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    Ok(out)
}

/// Reads back the entries of an archive written by `write` (stored entries only). Used by tests
/// and by import of brat zips.
pub fn read(data: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut files = Vec::new();
    let mut pos = 0usize;
    let u16_at = |p: usize| {
        data.get(p..p + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]) as usize)
    };
    let u32_at = |p: usize| {
        data.get(p..p + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    while u32_at(pos) == Some(0x0403_4b50) {
        let bad = || "truncated zip entry".to_string();
        if u16_at(pos + 8).ok_or_else(bad)? != 0 {
            return Err("compressed zip entries are not supported".into());
        }
        let size = u32_at(pos + 22).ok_or_else(bad)?;
        let (name_len, extra_len) = (
            u16_at(pos + 26).ok_or_else(bad)?,
            u16_at(pos + 28).ok_or_else(bad)?,
        );
        let name_start = pos + 30;
        let data_start = name_start + name_len + extra_len;
        let name = data
            .get(name_start..name_start + name_len)
            .ok_or_else(bad)?;
        let body = data.get(data_start..data_start + size).ok_or_else(bad)?;
        if crc32(body) != u32_at(pos + 14).ok_or_else(bad)? as u32 {
            return Err("zip entry checksum mismatch".into());
        }
        files.push((String::from_utf8_lossy(name).into_owned(), body.to_vec()));
        pos = data_start + size;
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn round_trip() {
        let files = vec![
            ("a.txt".to_string(), "héllo 😀".as_bytes().to_vec()),
            ("dir/b.ann".to_string(), vec![]),
        ];
        let z = write(&files).unwrap();
        assert_eq!(&z[..4], b"PK\x03\x04");
        assert_eq!(read(&z).unwrap(), files);
    }
}
