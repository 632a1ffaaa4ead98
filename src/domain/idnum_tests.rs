use super::*;
use time::macros::date;

const TODAY: Date = date!(2026 - 11 - 24);

#[test]
fn check_characters_follow_gb_11643() {
    let cases = [
        ("11010519491231002", 'X'),
        ("37021119880506123", '1'),
        ("44052418800101001", '4'),
        ("1101051949123100", ' '), // too short
    ];
    for (first17, want) in cases {
        assert_eq!(
            check_char(first17),
            (want != ' ').then_some(want),
            "{first17}"
        );
    }
    assert_eq!(
        check_char("1101051949123100一"),
        None,
        "multibyte input is refused, not sliced"
    );
}

#[test]
fn valid_numbers_are_normalised() {
    let cases = [
        ("11010519491231002X", "11010519491231002X"),
        ("11010519491231002x", "11010519491231002X"),
        (" 11010519491231002X ", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),
        // A 15-digit number gains "19" and a check character.
        ("110105491231002", "11010519491231002X"),
        // An unknown region code is accepted.
        ("999999200001010011", "999999200001010011"),
    ];
    for (input, want) in cases {
        let got = normalize(input, TODAY);
        assert_eq!(got.as_ref().map(|i| i.number.as_str()), Ok(want), "{input}");
    }
}

#[test]
fn birth_date_and_gender_are_read_from_the_number() {
    let id = normalize("11010519491231002X", TODAY).unwrap();
    assert_eq!(id.birth, date!(1949 - 12 - 31));
    assert_eq!(id.gender, Gender::Female, "17th digit 2 is even");
    assert_eq!(
        normalize("370211198805061231", TODAY).unwrap().gender,
        Gender::Male
    );
}

#[test]
fn bad_numbers_are_refused_with_the_reason() {
    let mk = |first17: &str| format!("{first17}{}", check_char(first17).unwrap());
    let cases: Vec<(String, IdError)> = vec![
        (
            "110105194912310021".into(),
            IdError::CheckChar {
                found: '1',
                expected: 'X',
            },
        ),
        ("1101051949".into(), IdError::Length(10)),
        (
            "11010519491231002Y".into(),
            IdError::BadChar { at: 18, found: 'Y' },
        ),
        (
            "1101A5194912310021".into(),
            IdError::BadChar { at: 5, found: 'A' },
        ),
        (
            mk("11010519490231002"),
            IdError::ImpossibleBirth("1949-02-31".into()),
        ),
        (
            mk("11010519491331002"),
            IdError::ImpossibleBirth("1949-13-31".into()),
        ),
        (
            mk("11010518991231002"),
            IdError::ImpossibleBirth("1899-12-31".into()),
        ),
        (
            mk("11010520301231002"),
            IdError::FutureBirth(date!(2030 - 12 - 31)),
        ),
        (
            "张三李四王五赵六钱七孙八周九吴十郑王".into(),
            IdError::BadChar {
                at: 1, found: '张'
            },
        ),
    ];
    for (input, want) in cases {
        assert_eq!(normalize(&input, TODAY), Err(want.clone()), "{input}");
        assert!(!want.to_string().is_empty());
    }
    assert_eq!(
        IdError::CheckChar {
            found: '5',
            expected: 'X'
        }
        .to_string(),
        "check character is 5, expected X"
    );
}

#[test]
fn id_shapes_are_recognised_without_validation() {
    for (s, want) in [
        ("11010519491231002X", true),
        ("11010519491231002x", true),
        ("110105491231002", true),
        ("2026-000123", false),
        ("p1", false),
        ("1101051949123100", false),
    ] {
        assert_eq!(looks_like_id(s), want, "{s}");
    }
}
