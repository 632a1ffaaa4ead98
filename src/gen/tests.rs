use super::*;
use crate::domain::idnum;
use crate::interchange::Line;
use std::collections::HashMap;

fn run(p: &GenParams) -> (String, GenSummary) {
    let mut out = Vec::new();
    let s = generate(p, &mut out).unwrap();
    (String::from_utf8(out).unwrap(), s)
}

fn small() -> GenParams {
    GenParams {
        petitioners: 120,
        contacts: 400,
        seed: 9,
        ..GenParams::default()
    }
}

#[test]
fn the_same_parameters_give_the_same_bytes() {
    assert_eq!(run(&small()).0, run(&small()).0);
    assert_ne!(
        run(&small()).0,
        run(&GenParams {
            seed: 10,
            ..small()
        })
        .0
    );
}

#[test]
fn counts_are_exact_and_every_petitioner_has_a_matter() {
    let (text, s) = run(&small());
    let lines: Vec<Line> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let count = |f: fn(&Line) -> bool| lines.iter().filter(|l| f(l)).count() as u64;
    assert_eq!(count(|l| matches!(l, Line::Petitioner(_))), 120);
    assert_eq!(count(|l| matches!(l, Line::Contact(_))), 400);
    assert_eq!(s.contacts, 400);
    let mut in_matter = std::collections::HashSet::new();
    for l in &lines {
        if let Line::Matter(m) = l {
            in_matter.extend(m.petitioners.iter().cloned());
        }
    }
    assert_eq!(in_matter.len(), 120);
}

#[test]
fn output_is_valid_for_the_importer_rules() {
    let (text, _) = run(&small());
    let staff: Vec<String> = REFERENCE
        .lines()
        .filter_map(|l| match serde_json::from_str::<Line>(l) {
            Ok(Line::Staff(s)) => Some(s.login),
            _ => None,
        })
        .collect();
    let mut matters = HashMap::new();
    let mut ids = std::collections::HashSet::new();
    let today = date!(2026 - 11 - 24);
    for l in text.lines().filter(|l| !l.starts_with('#')) {
        match serde_json::from_str::<Line>(l).unwrap() {
            Line::Petitioner(p) => {
                if let Some(id) = p.id_number {
                    assert_eq!(
                        idnum::normalize(&id, today).map(|i| i.number),
                        Ok(id.clone())
                    );
                    assert!(ids.insert(id), "ID numbers are unique");
                }
            }
            Line::Matter(m) => {
                assert!(staff.contains(&m.first_receiver));
                matters.insert(m.reference, ());
            }
            Line::Contact(c) => {
                assert!(staff.contains(&c.receiver));
                assert!(matters.contains_key(&c.matter), "contact after its matter");
                assert!(c.headcount >= 1 && c.petitioners.len() <= 5);
            }
            Line::Event(e) => {
                assert!(staff.contains(&e.by));
                assert!(matters.contains_key(&e.matter));
            }
            _ => {}
        }
    }
}

#[test]
fn the_demo_fixture_is_exactly_what_the_generator_makes() {
    let demo = GenParams {
        petitioners: 300,
        contacts: 900,
        seed: 20261124,
        ..GenParams::default()
    };
    let (text, _) = run(&demo);
    let fixture = include_str!("../../fixtures/demo.jsonl");
    assert!(text == fixture, "fixtures/demo.jsonl is stale: regenerate with `xfdesk gen --petitioners 300 --contacts 900 --seed 20261124 --out fixtures/demo.jsonl`");
}
