//! BILOU tag set over the 18 labels: class 0 is `O`, then four classes (B, I, L, U) per label.
//! Greedy decoding only ever picks tags that continue the previous one legally, so every
//! decoded sequence turns into well-formed spans without repair.

use super::LABELS;

pub const N_CLASSES: usize = 1 + 4 * LABELS.len();
pub const O: usize = 0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Out,
    Begin,
    Inside,
    Last,
    Unit,
}

/// Class index of `part` of label number `label` (`Part::Out` ignores the label).
pub fn class(label: usize, part: Part) -> usize {
    match part {
        Part::Out => O,
        Part::Begin => 1 + 4 * label,
        Part::Inside => 2 + 4 * label,
        Part::Last => 3 + 4 * label,
        Part::Unit => 4 + 4 * label,
    }
}

pub fn part(class: usize) -> Part {
    if class == O || class >= N_CLASSES {
        return Part::Out;
    }
    match (class - 1) % 4 {
        0 => Part::Begin,
        1 => Part::Inside,
        2 => Part::Last,
        _ => Part::Unit,
    }
}

/// Label number of a class (None for `O`).
pub fn label(class: usize) -> Option<usize> {
    if class == O || class >= N_CLASSES {
        None
    } else {
        Some((class - 1) / 4)
    }
}

/// Whether a label names something (a person, group, place, organisation, work, law,
/// language...) rather than a date, time or quantity.
pub fn is_name_label(label: &str) -> bool {
    matches!(
        label,
        "PERSON"
            | "NORP"
            | "FAC"
            | "ORG"
            | "GPE"
            | "LOC"
            | "PRODUCT"
            | "EVENT"
            | "WORK_OF_ART"
            | "LAW"
            | "LANGUAGE"
    )
}

pub fn label_index(name: &str) -> Option<usize> {
    LABELS.iter().position(|l| *l == name)
}

/// Whether `cur` may follow `prev` (`prev == None` at a sentence start). `last` is true for
/// the final token of a sentence, where an entity must be closed.
pub fn allowed(prev: Option<usize>, cur: usize, last: bool) -> bool {
    let open = prev.is_some_and(|p| matches!(part(p), Part::Begin | Part::Inside));
    let cur_part = part(cur);
    if open {
        // Inside an entity: only I or L of the same label.
        let same = prev.and_then(label) == label(cur);
        return same && (cur_part == Part::Last || (cur_part == Part::Inside && !last));
    }
    match cur_part {
        Part::Inside | Part::Last => false,
        Part::Begin => !last,
        Part::Out | Part::Unit => true,
    }
}

/// The classes allowed after `prev` (as `allowed` decides), ascending. The decoders scan
/// these instead of testing all `N_CLASSES`: after an open entity only two classes are
/// legal, otherwise about half (`O`, B and U), so the scan is half as long or shorter.
pub fn successors(prev: Option<usize>, last: bool) -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        // Row 2 * p + last for prev = p, rows 2 * N_CLASSES (+1) for no previous tag.
        (0..=N_CLASSES)
            .flat_map(|p| [false, true].map(move |l| (p, l)))
            .map(|(p, l)| {
                let prev = (p < N_CLASSES).then_some(p);
                (0..N_CLASSES)
                    .filter(|&c| allowed(prev, c, l))
                    .map(|c| c as u8)
                    .collect()
            })
            .collect()
    });
    let p = prev.filter(|&p| p < N_CLASSES).unwrap_or(N_CLASSES);
    &table[2 * p + usize::from(last)]
}

/// Gold tags for a sentence of `n` tokens from token-range spans `(start, end, label)`.
/// Overlapping spans keep the first.
pub fn encode(n: usize, spans: &[(usize, usize, usize)]) -> Vec<usize> {
    let mut tags = vec![O; n];
    for &(s, e, l) in spans {
        if s >= e || e > n || tags[s..e].iter().any(|&t| t != O) {
            continue;
        }
        if e - s == 1 {
            tags[s] = class(l, Part::Unit);
        } else {
            tags[s] = class(l, Part::Begin);
            for t in &mut tags[s + 1..e - 1] {
                *t = class(l, Part::Inside);
            }
            tags[e - 1] = class(l, Part::Last);
        }
    }
    tags
}

/// Spans `(start, end, label)` from a tag sequence; malformed runs are closed where they stop.
pub fn decode(tags: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let lab = label(t);
        match part(t) {
            Part::Out => {
                if let Some((s, l)) = open.take() {
                    out.push((s, i, l));
                }
            }
            Part::Unit => {
                if let Some((s, l)) = open.take() {
                    out.push((s, i, l));
                }
                out.push((i, i + 1, lab.unwrap_or(0)));
            }
            Part::Begin => {
                if let Some((s, l)) = open.take() {
                    out.push((s, i, l));
                }
                open = Some((i, lab.unwrap_or(0)));
            }
            Part::Inside | Part::Last => {
                match open {
                    Some((_, l)) if Some(l) == lab => {}
                    _ => {
                        if let Some((s, l)) = open.take() {
                            out.push((s, i, l));
                        }
                        open = Some((i, lab.unwrap_or(0)));
                    }
                }
                if part(t) == Part::Last {
                    if let Some((s, l)) = open.take() {
                        out.push((s, i + 1, l));
                    }
                }
            }
        }
    }
    if let Some((s, l)) = open {
        out.push((s, tags.len(), l));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_decode_round_trip() {
        let spans = vec![(0, 2, 0), (3, 4, 4), (5, 8, 11)];
        let tags = encode(9, &spans);
        assert_eq!(decode(&tags), spans);
        let mut prev = None;
        for (i, &t) in tags.iter().enumerate() {
            assert!(allowed(prev, t, i == 8));
            prev = Some(t);
        }
    }

    #[test]
    fn transitions() {
        let b = class(0, Part::Begin);
        assert!(!allowed(None, class(0, Part::Inside), false));
        assert!(allowed(Some(b), class(0, Part::Last), false));
        assert!(!allowed(Some(b), class(1, Part::Last), false));
        assert!(!allowed(Some(b), O, false));
        assert!(!allowed(None, b, true));
        for prev in std::iter::once(None).chain((0..N_CLASSES).map(Some)) {
            for last in [false, true] {
                let want: Vec<u8> = (0..N_CLASSES as u8)
                    .filter(|&c| allowed(prev, c as usize, last))
                    .collect();
                assert_eq!(successors(prev, last), want.as_slice(), "{prev:?} {last}");
            }
        }
        assert_eq!(
            successors(Some(b), false),
            [class(0, Part::Inside) as u8, class(0, Part::Last) as u8]
        );
        assert_eq!(label(class(17, Part::Unit)), Some(17));
        assert_eq!(N_CLASSES, 73);
    }
}
