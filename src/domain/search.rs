//! What a lookup query means, and the keys a name is found by (docs/rules.md#masking-and-search):
//! Chinese by substring, pinyin by full spelling or initials (every reading of a
//! polyphonic character), ID numbers and phones by prefix or last digits.

use pinyin::ToPinyinMulti;

/// A lookup query, normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Query {
    /// Chinese text: matched as a substring of names.
    Name(String),
    /// Latin letters: matched against full pinyin or initials, lower case.
    Pinyin(String),
    /// Digits (an ID number may end in X): prefix or last digits of ID numbers and phones.
    Digits(String),
    /// A name (Chinese or pinyin) followed by the last 4–6 characters of an
    /// ID number: how a role that sees masked numbers narrows a common name.
    NameAndTail { name: Box<Query>, tail: String },
}

/// Most characters of an ID number's end that may go with a name.
pub const MAX_TAIL_WITH_NAME: usize = 6;

/// Length of a whole resident ID number, and of an old one.
const ID_LENGTHS: [usize; 2] = [18, 15];

/// Fewest digits of a whole phone number (a landline without its area code).
const MIN_PHONE_DIGITS: usize = 7;

/// Most digits of a phone number: a mobile has 11, a landline with its area
/// code 11 or 12.
const MAX_PHONE_DIGITS: usize = 12;

/// How a role that sees only masked numbers may search by them (docs/rules.md#masking-and-search):
/// a whole ID number or phone, a phone's last 4 digits, or an ID number's
/// last 4–6 characters together with a name. Anything else (a prefix, some
/// digits from the middle) would let such a person rebuild a masked number
/// one digit at a time.
pub fn allowed_to_masked_roles(q: &Query) -> bool {
    match q {
        Query::Name(_) | Query::Pinyin(_) => true,
        Query::NameAndTail { .. } => true,
        Query::Digits(d) => {
            d.len() == MIN_TAIL_DIGITS && !d.ends_with('X')
                || is_whole_phone(d)
                || ID_LENGTHS.contains(&d.len())
        }
    }
}

/// Digits that may be a whole phone number, landline with area code included.
fn is_whole_phone(d: &str) -> bool {
    (MIN_PHONE_DIGITS..=MAX_PHONE_DIGITS).contains(&d.len()) && !d.ends_with('X')
}

/// Fewest digits that may match an ID number or phone by their last digits.
pub const MIN_TAIL_DIGITS: usize = 4;

/// Most pinyin spellings indexed per name (unless the surname alone has more
/// readings); polyphonic given names multiply fast.
const MAX_SPELLINGS: usize = 16;

/// Folds full-width ASCII (Ａ１２ etc.) to ASCII and drops white space: a query
/// is never split into words.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

impl Query {
    pub fn parse(input: &str) -> Option<Query> {
        let q = fold(input);
        let q: String = q.chars().filter(|c| *c != '-').collect::<String>();
        if q.is_empty() {
            return None;
        }
        let (body, last) = q.split_at(q.len() - q.chars().last().map_or(0, char::len_utf8));
        if q.bytes().all(|b| b.is_ascii_digit())
            || (!body.is_empty()
                && body.bytes().all(|b| b.is_ascii_digit())
                && last.eq_ignore_ascii_case("x"))
        {
            return Some(Query::Digits(q.to_ascii_uppercase()));
        }
        if q.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Some(Query::Pinyin(q.to_ascii_lowercase()));
        }
        if let Some((name, tail)) = split_tail(&q) {
            if let Some(name @ (Query::Name(_) | Query::Pinyin(_))) = Query::parse(name) {
                return Some(Query::NameAndTail {
                    name: Box::new(name),
                    tail: tail.to_ascii_uppercase(),
                });
            }
        }
        Some(Query::Name(fold(input)))
    }
}

/// A letter number as it is indexed and searched: no white space,
/// full-width ASCII folded, upper case (`清信2026-000123`, `QX 12` → `QX12`).
pub fn letter_key(s: &str) -> String {
    fold(s).chars().flat_map(char::to_uppercase).collect()
}

/// `于营002X` → (`于营`, `002X`): a name followed by 4–6 characters that may
/// end an ID number (digits, the last one may be X).
fn split_tail(q: &str) -> Option<(&str, &str)> {
    let bytes = q.as_bytes();
    let mut start = bytes.len();
    if start > 0 && bytes[start - 1].eq_ignore_ascii_case(&b'x') {
        start -= 1;
    }
    while start > 0 && bytes[start - 1].is_ascii_digit() {
        start -= 1;
    }
    let tail = &q[start..];
    let digits = tail.trim_end_matches(['x', 'X']);
    let fits = (MIN_TAIL_DIGITS..=MAX_TAIL_WITH_NAME).contains(&tail.len()) && !digits.is_empty();
    (fits && start > 0).then(|| (&q[..start], tail))
}

/// Every character suffix of a name, so a prefix scan finds any substring.
pub fn name_suffixes(name: &str) -> Vec<String> {
    let mut out: Vec<String> = name
        .char_indices()
        .map(|(i, _)| name[i..].to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The plain (toneless, ASCII) readings of one character; `ü` is written `v`
/// as on every pinyin keyboard.
fn readings(c: char) -> Vec<String> {
    if c.is_ascii_alphanumeric() {
        return vec![c.to_ascii_lowercase().to_string()];
    }
    let out: Vec<String> = match c.to_pinyin_multi() {
        Some(multi) => multi
            .into_iter()
            .map(|p| p.plain().replace('ü', "v"))
            .collect(),
        None => Vec::new(),
    };
    // Tones differ but plain spellings repeat (hǎo / hào → hao): keep the first.
    let mut unique: Vec<String> = Vec::with_capacity(out.len());
    for r in out {
        if !unique.contains(&r) {
            unique.push(r);
        }
    }
    unique
}

/// Full pinyin and initials of the spellings of `name`, lower case. Every
/// reading of the surname (the first character: 曾 zeng/ceng, 单 shan/dan) is
/// always there with the first reading of each later character; other
/// readings of the given name fill up to `MAX_SPELLINGS`.
pub fn pinyin_keys(name: &str) -> Vec<String> {
    // Punctuation such as the middle dot in 阿依古丽·买买提 has no reading.
    let chars: Vec<Vec<String>> = name
        .chars()
        .map(readings)
        .filter(|r| !r.is_empty())
        .collect();
    let Some((surname, given)) = chars.split_first() else {
        return Vec::new();
    };
    let mut keys: Vec<String> = Vec::new();
    // Which reading of each given-name character; counts up like an odometer,
    // so the first combination is the most common reading of each.
    let mut pick = vec![0usize; given.len()];
    let mut spellings = 0;
    loop {
        for s in surname {
            let syllables = std::iter::once(s).chain(given.iter().zip(&pick).map(|(g, &i)| &g[i]));
            let (mut full, mut initials) = (String::new(), String::new());
            for syl in syllables {
                full.push_str(syl);
                initials.extend(syl.chars().next());
            }
            keys.push(full);
            keys.push(initials);
        }
        spellings += surname.len();
        if spellings + surname.len() > MAX_SPELLINGS {
            break;
        }
        let Some(k) = (0..given.len())
            .rev()
            .find(|&k| pick[k] + 1 < given[k].len())
        else {
            break;
        };
        pick[k] += 1;
        pick[k + 1..].fill(0);
    }
    keys.sort();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_classified_by_what_they_look_like() {
        let cases = [
            ("张三", Some(Query::Name("张三".into()))),
            (" 张 三 ", Some(Query::Name("张三".into()))),
            ("zs", Some(Query::Pinyin("zs".into()))),
            ("Zhang San", Some(Query::Pinyin("zhangsan".into()))),
            ("ｚｓ", Some(Query::Pinyin("zs".into()))),
            ("1101", Some(Query::Digits("1101".into()))),
            ("１３８００", Some(Query::Digits("13800".into()))),
            ("138-0013-8000", Some(Query::Digits("13800138000".into()))),
            ("002x", Some(Query::Digits("002X".into()))),
            ("x", Some(Query::Pinyin("x".into()))),
            (
                "于营 002x",
                Some(Query::NameAndTail {
                    name: Box::new(Query::Name("于营".into())),
                    tail: "002X".into(),
                }),
            ),
            (
                "yuying231002",
                Some(Query::NameAndTail {
                    name: Box::new(Query::Pinyin("yuying".into())),
                    tail: "231002".into(),
                }),
            ),
            // Too few or too many digits to be an ID number's end.
            ("于营12", Some(Query::Name("于营12".into()))),
            ("", None),
            ("   ", None),
        ];
        for (input, want) in cases {
            assert_eq!(Query::parse(input), want, "query {input:?}");
        }
    }

    #[test]
    fn masked_roles_search_by_whole_numbers_or_short_ends_only() {
        let ok = |q: &str| allowed_to_masked_roles(&Query::parse(q).unwrap());
        for q in [
            "于营",
            "yy",
            "11010519491231002X",
            "13800138000",
            "8000",
            "于营 1002X",
        ] {
            assert!(ok(q), "{q} is allowed");
        }
        // Prefixes and middles of an ID number, and a short tail without a name.
        for q in [
            "110105",
            "11010519491231",
            "1101051949123100",
            "02X",
            "31002X",
        ] {
            assert!(!ok(q), "{q} is refused");
        }
    }

    #[test]
    fn suffixes_cover_every_substring_start() {
        assert_eq!(name_suffixes("欧阳娜"), vec!["娜", "欧阳娜", "阳娜"]);
        assert_eq!(name_suffixes("王王"), vec!["王", "王王"]);
    }

    #[test]
    fn pinyin_keys_include_full_spelling_and_initials() {
        let keys = pinyin_keys("张三");
        assert!(keys.contains(&"zhangsan".to_string()), "{keys:?}");
        assert!(keys.contains(&"zs".to_string()), "{keys:?}");
    }

    #[test]
    fn polyphonic_surnames_are_found_by_every_reading() {
        for (name, spellings) in [
            ("曾伟", ["zengwei", "cengwei"]),
            ("单雪", ["shanxue", "danxue"]),
            ("解放", ["xiefang", "jiefang"]),
            ("仇红", ["qiuhong", "chouhong"]),
            ("区明", ["ouming", "quming"]),
            ("朴英", ["piaoying", "puying"]),
        ] {
            let keys = pinyin_keys(name);
            for s in spellings {
                assert!(
                    keys.contains(&s.to_string()),
                    "{name}: {s} missing from {keys:?}"
                );
            }
        }
    }

    #[test]
    fn every_surname_reading_survives_a_polyphonic_given_name() {
        // (name, [(full spelling, initials)] for each reading of the surname,
        // with the first reading of each given-name character)
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("单行和", &[("shanxinghe", "sxh"), ("danxinghe", "dxh")]),
            (
                "曾重还",
                &[("zengzhonghai", "zzh"), ("cengzhonghai", "czh")],
            ),
            ("解行和", &[("xiexinghe", "xxh"), ("jiexinghe", "jxh")]),
            ("仇重和", &[("qiuzhonghe", "qzh"), ("chouzhonghe", "czh")]),
            ("区行还", &[("quxinghai", "qxh"), ("ouxinghai", "oxh")]),
            ("朴重和", &[("piaozhonghe", "pzh"), ("puzhonghe", "pzh")]),
        ];
        for (name, spellings) in cases {
            let keys = pinyin_keys(name);
            for (full, initials) in *spellings {
                for k in [full, initials] {
                    assert!(
                        keys.iter().any(|x| x == k),
                        "{name}: {k} missing from {keys:?}"
                    );
                }
            }
            assert!(keys.len() <= 2 * MAX_SPELLINGS, "{name}: {}", keys.len());
        }
    }

    #[test]
    fn u_umlaut_is_typed_as_v() {
        let keys = pinyin_keys("吕");
        assert!(keys.contains(&"lv".to_string()), "{keys:?}");
    }

    #[test]
    fn spellings_are_capped_for_long_polyphonic_names() {
        let keys = pinyin_keys("长乐行重还和");
        assert!(keys.len() <= 2 * MAX_SPELLINGS, "{}", keys.len());
        assert!(!keys.is_empty());
    }
}
