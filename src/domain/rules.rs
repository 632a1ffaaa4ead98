//! Town scorecard rules (docs/rules.md#scorecards; 三无 / 四无, 百分倒扣): criteria over contacts,
//! each deducting points per batch; a TOML file, validated strictly.

use super::derive::{is_collective, ContactBrief};
use super::model::{Channel, Level};
use serde::Serialize;
use std::collections::BTreeMap;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The built-in "三无" rules, the same text as the shipped file.
pub const THREE_NO_TOML: &str = include_str!("../../fixtures/rules/three-no.toml");

#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Rules {
    pub name: String,
    /// The file's own collective threshold; `None` follows the office's.
    pub collective_min_headcount: Option<u32>,
    pub criteria: Vec<Criterion>,
}

/// One criterion: a filter over contacts (every given condition must hold) and
/// the points deducted per matching batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Criterion {
    pub id: String,
    pub label: String,
    pub channels: Option<Vec<Channel>>,
    pub levels: Option<Vec<Level>>,
    pub collective: Option<bool>,
    pub abnormal: Option<bool>,
    pub skip_level: Option<bool>,
    pub points: u32,
}

/// Batches (contacts) and persons (their headcounts) one criterion counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Count {
    pub batches: u64,
    pub persons: u64,
}

impl Count {
    pub fn add(&mut self, headcount: u32) {
        self.batches += 1;
        self.persons += u64::from(headcount);
    }
}

impl Criterion {
    /// Whether a contact counts against this criterion.
    pub fn matches(&self, c: &ContactBrief, collective_min: u32) -> bool {
        self.channels
            .as_ref()
            .is_none_or(|cs| cs.contains(&c.channel))
            && self.levels.as_ref().is_none_or(|ls| ls.contains(&c.level))
            && self
                .collective
                .is_none_or(|want| is_collective(c.headcount, collective_min) == want)
            && self.abnormal.is_none_or(|want| c.abnormal == want)
            && self.skip_level.is_none_or(|want| c.skip_level == want)
    }
}

impl Rules {
    /// The headcount from which these rules take a contact as collective:
    /// the file's own, else the office's setting.
    pub fn collective_min(&self, office: u32) -> u32 {
        self.collective_min_headcount.unwrap_or(office)
    }

    /// The county's default "三无" rules.
    pub fn three_no() -> Rules {
        Rules::parse(THREE_NO_TOML, "fixtures/rules/three-no.toml")
            .expect("the built-in rules are valid")
    }

    /// Score and pass of a town with these counts (by criterion id): a town
    /// passes when every criterion counts zero; its score is
    /// `max(0, 100 − Σ points × batches)`.
    pub fn judge(&self, counts: &BTreeMap<String, Count>) -> (bool, i64) {
        let mut deducted: i64 = 0;
        let mut pass = true;
        for c in &self.criteria {
            let batches = counts.get(&c.id).map_or(0, |n| n.batches);
            pass &= batches == 0;
            deducted = deducted.saturating_add(i64::from(c.points).saturating_mul(batches as i64));
        }
        (pass, (100 - deducted).max(0))
    }

    /// Parses a rules file; `file` names it in messages. Every problem is
    /// reported, as `FILE:LINE: message`, in line order.
    pub fn parse(text: &str, file: &str) -> Result<Rules, Vec<String>> {
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let doc = DeTable::parse(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(s.start));
            vec![format!("{file}:{line}: {}", e.message().trim())]
        })?;
        let mut problems: Vec<(usize, String)> = Vec::new();
        let (rules, ids) = {
            let mut problem = |span: std::ops::Range<usize>, msg: String| {
                problems.push((line_of(span.start), msg))
            };
            read_rules(doc.get_ref(), &mut problem)
        };
        let mut first_line: BTreeMap<&str, usize> = BTreeMap::new();
        for (id, at) in &ids {
            if let Some(first) = first_line.insert(id, line_of(*at)) {
                problems.push((
                    line_of(*at),
                    format!("criterion id {id:?} is used twice (first at line {first})"),
                ));
            }
        }
        if problems.is_empty() {
            return Ok(rules);
        }
        problems.sort_by_key(|(line, _)| *line);
        Err(problems
            .into_iter()
            .map(|(line, m)| format!("{file}:{line}: {m}"))
            .collect())
    }
}

/// The rules a file's top-level table gives, with every criterion's id and
/// where it stands, also of criteria with other problems, so that a
/// duplicate is reported in the same run.
fn read_rules(doc: &DeTable, problem: &mut Problem) -> (Rules, Vec<(String, usize)>) {
    let mut rules = Rules {
        name: String::new(),
        collective_min_headcount: None,
        criteria: Vec::new(),
    };
    let mut ids: Vec<(String, usize)> = Vec::new();
    let mut name_seen = false;
    let mut criteria_seen = false;
    for (key, value) in doc.iter() {
        match key.get_ref().as_ref() {
            "name" => {
                name_seen = true;
                if let Some(s) = text_of(value, "name", problem) {
                    rules.name = s;
                }
            }
            "collective_min_headcount" => match whole(value) {
                Some(n) if n >= 1 => rules.collective_min_headcount = Some(n),
                _ => problem(
                    value.span(),
                    "collective_min_headcount: expected a whole number of at least 1".into(),
                ),
            },
            "criterion" => {
                criteria_seen = true;
                criteria(value, &mut rules.criteria, &mut ids, problem);
            }
            other => problem(
                key.span(),
                format!("unknown key {other:?} (expected name, collective_min_headcount or [[criterion]])"),
            ),
        }
    }
    if !name_seen {
        problem(0..0, "missing name (e.g. name = \"三无\")".into());
    }
    if !criteria_seen {
        problem(
            0..0,
            "no [[criterion]]: a scorecard needs at least one".into(),
        );
    }
    (rules, ids)
}

/// The `[[criterion]]` tables: each valid one into `out`, each id into `ids`.
fn criteria(
    value: &Spanned<DeValue>,
    out: &mut Vec<Criterion>,
    ids: &mut Vec<(String, usize)>,
    problem: &mut Problem,
) {
    let DeValue::Array(items) = value.get_ref() else {
        problem(
            value.span(),
            "criterion: expected [[criterion]] tables".into(),
        );
        return;
    };
    for item in items.iter() {
        match item.get_ref() {
            DeValue::Table(t) => {
                let (c, id) = criterion(t, item.span(), problem);
                out.extend(c);
                ids.extend(id);
            }
            _ => problem(
                item.span(),
                "criterion: expected a [[criterion]] table".into(),
            ),
        }
    }
}

type Problem<'a> = dyn FnMut(std::ops::Range<usize>, String) + 'a;

fn whole(v: &Spanned<DeValue>) -> Option<u32> {
    match v.get_ref() {
        DeValue::Integer(i) => u32::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    }
}

fn text_of(v: &Spanned<DeValue>, key: &str, problem: &mut Problem) -> Option<String> {
    match v.get_ref() {
        DeValue::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => {
            problem(v.span(), format!("{key}: expected non-empty text"));
            None
        }
    }
}

fn flag(v: &Spanned<DeValue>, key: &str, problem: &mut Problem) -> Option<bool> {
    match v.get_ref() {
        DeValue::Boolean(b) => Some(*b),
        _ => {
            problem(v.span(), format!("{key}: expected true or false"));
            None
        }
    }
}

/// A list of codes (`["visit", "call"]`), each known to `parse`.
fn codes<E>(
    v: &Spanned<DeValue>,
    key: &str,
    known: &str,
    parse: fn(&str) -> Option<E>,
    problem: &mut Problem,
) -> Option<Vec<E>> {
    let DeValue::Array(items) = v.get_ref() else {
        problem(
            v.span(),
            format!(
                "{key}: expected a list such as [\"{}\"]",
                known.split(", ").next().unwrap_or("")
            ),
        );
        return None;
    };
    if items.iter().next().is_none() {
        problem(
            v.span(),
            format!("{key}: an empty list matches nothing; leave {key} out to match any"),
        );
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for item in items.iter() {
        match item.get_ref() {
            DeValue::String(s) => match parse(s) {
                Some(e) => out.push(e),
                None => {
                    ok = false;
                    problem(
                        item.span(),
                        format!(
                            "{key}: unknown {} {s:?} (expected one of {known})",
                            &key[..key.len() - 1]
                        ),
                    );
                }
            },
            _ => {
                ok = false;
                problem(
                    item.span(),
                    format!(
                        "{key}: expected text such as \"{}\"",
                        known.split(", ").next().unwrap_or("")
                    ),
                );
            }
        }
    }
    ok.then_some(out)
}

/// One `[[criterion]]` table (if valid), and its id with where it stands.
fn criterion(
    t: &DeTable,
    span: std::ops::Range<usize>,
    problem: &mut Problem,
) -> (Option<Criterion>, Option<(String, usize)>) {
    let mut c = Criterion {
        id: String::new(),
        label: String::new(),
        channels: None,
        levels: None,
        collective: None,
        abnormal: None,
        skip_level: None,
        points: 0,
    };
    let mut ok = true;
    let mut id_at = None;
    for (key, v) in t.iter() {
        ok &= criterion_key(&mut c, key.get_ref(), key.span(), v, &mut id_at, problem);
    }
    for what in ["id", "label", "points"] {
        if !t.iter().any(|(key, _)| key.get_ref().as_ref() == what) {
            ok = false;
            problem(span.clone(), format!("criterion: missing {what}"));
        }
    }
    (ok.then_some(c), id_at)
}

/// Reads the criterion's key `k` (at `key_span`) into `c`, and an id into
/// `id_at`; false when its value, or the key itself, is refused.
fn criterion_key(
    c: &mut Criterion,
    k: &str,
    key_span: std::ops::Range<usize>,
    v: &Spanned<DeValue>,
    id_at: &mut Option<(String, usize)>,
    problem: &mut Problem,
) -> bool {
    match k {
        "id" => match text_of(v, "id", problem) {
            Some(s) => {
                *id_at = Some((s.clone(), v.span().start));
                c.id = s;
                true
            }
            None => false,
        },
        "label" => match text_of(v, "label", problem) {
            Some(s) => {
                c.label = s;
                true
            }
            None => false,
        },
        "points" => match whole(v) {
            Some(n) => {
                c.points = n;
                true
            }
            None => {
                problem(
                    v.span(),
                    "points: expected a whole number of points per batch (0 or more)".into(),
                );
                false
            }
        },
        "channels" => {
            c.channels = codes(v, k, &Channel::codes(), Channel::from_code, problem);
            c.channels.is_some()
        }
        "levels" => {
            c.levels = codes(v, k, &Level::codes(), Level::from_code, problem);
            c.levels.is_some()
        }
        "collective" => {
            c.collective = flag(v, k, problem);
            c.collective.is_some()
        }
        "abnormal" => {
            c.abnormal = flag(v, k, problem);
            c.abnormal.is_some()
        }
        "skip_level" => {
            c.skip_level = flag(v, k, problem);
            c.skip_level.is_some()
        }
        other => {
            problem(
                key_span,
                format!(
                    "criterion: unknown key {other:?} (expected id, label, channels, levels, collective, abnormal, skip_level or points)"
                ),
            );
            false
        }
    }
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
