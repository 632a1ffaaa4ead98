//! `xfdesk lookup` and `xfdesk overdue`: people and matters found, and the
//! overdue matters, as tables (names, not codes) or JSON.

use super::*;

pub(super) fn lookup(ctx: &Ctx, query: String, json: bool, limit: usize) -> Result<ExitCode> {
    use crate::service::lookup::COUNT_CAP;
    let desk = ctx.open()?;
    let looked = desk.look(query, limit)?;
    desk.lookup_done()?;
    let found = &looked.people;
    if json {
        outln!(
            "{}",
            crate::cli::json::array::<_, crate::cli::json::FoundJson>(found)
        );
        return Ok(ExitCode::SUCCESS);
    }
    // Codes as the office names them: towns and categories.
    let names = crate::cli::report::names(&*desk)?;
    if found.is_empty() && looked.matters.is_empty() {
        outln!("{}", ctx.lang.text().no_match);
        return Ok(ExitCode::SUCCESS);
    }
    if !looked.matters.is_empty() {
        out!("{}", matters_found_table(&looked.matters, ctx.lang));
    }
    if !found.is_empty() {
        out!("{}", lookup_table(found, ctx.lang, &names));
    }
    let page = crate::service::page::Page {
        rows: found.clone(),
        total: looked.total,
    };
    // Counting stops at COUNT_CAP (or the limit asked for, if more).
    let counted_all = looked.total < COUNT_CAP.max(limit);
    let said = if counted_all {
        ctx.lang.text().first_rows
    } else {
        crate::i18n::list_words(ctx.lang).first_of_at_least
    };
    crate::cli::tell_cut(&page, said);
    Ok(ExitCode::SUCCESS)
}

pub(super) fn overdue(ctx: &Ctx, as_of: Option<String>, json: bool) -> Result<ExitCode> {
    let t = ctx.lang.text();
    let desk = ctx.open()?;
    let as_of = match as_of {
        Some(s) => parse_date(&s)?,
        None => desk.today(),
    };
    let page = desk.overdue(as_of, usize::MAX)?;
    crate::cli::tell_cut(&page, t.first_rows);
    let items = page.rows;
    if json {
        outln!(
            "{}",
            crate::cli::json::array::<_, crate::cli::json::OverdueJson>(&items)
        );
    } else if items.is_empty() {
        outln!("{}", t.no_overdue);
    } else {
        out!("{}", overdue_table(&items, ctx.lang));
    }
    Ok(ExitCode::SUCCESS)
}

fn overdue_table(items: &[crate::service::overdue::Overdue], lang: Lang) -> String {
    let t = lang.text();
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|o| {
            vec![
                o.ledger.to_string(),
                o.due.to_string(),
                o.days_overdue.to_string(),
                lang.state(o.state).to_string(),
                o.first_receiver.clone(),
                o.summary.clone(),
            ]
        })
        .collect();
    table::render(
        &[
            t.ledger,
            t.due,
            t.days_overdue,
            t.state,
            t.first_receiver,
            t.summary,
        ],
        &rows,
    )
}

/// A code's name, or the code when it has none.
fn name_of<'a>(map: &'a std::collections::HashMap<String, String>, code: &'a str) -> &'a str {
    map.get(code).map_or(code, String::as_str)
}

/// The matters a ledger or letter number found.
fn matters_found_table(found: &[crate::service::lookup::MatterFound], lang: Lang) -> String {
    let (t, w) = (lang.text(), crate::i18n::list_words(lang));
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|m| {
            vec![
                m.brief.ledger.to_string(),
                crate::i18n::who(&m.who, m.more),
                lang.state(m.brief.state).to_string(),
                m.brief.registered.to_string(),
                m.letter_no.clone().unwrap_or_default(),
                m.category_name.clone(),
                m.brief.summary.clone(),
            ]
        })
        .collect();
    table::render(
        &[
            t.ledger,
            w.who,
            t.state,
            w.registered,
            w.letter_no,
            t.category,
            t.summary,
        ],
        &rows,
    )
}

pub(super) fn lookup_table(
    found: &[crate::service::lookup::Found],
    lang: Lang,
    names: &crate::report::Names,
) -> String {
    let t = lang.text();
    let mut rows = Vec::new();
    for f in found {
        let mut marks = Vec::new();
        if f.long_standing {
            marks.push(t.long_standing);
        }
        if f.key_person {
            marks.push(t.key_person);
        }
        rows.push(vec![
            f.name.clone(),
            f.id_number.clone().unwrap_or_default(),
            f.phones.join(","),
            f.town
                .as_deref()
                .map_or("", |c| name_of(&names.towns, c))
                .to_string(),
            f.contacts.to_string(),
            marks.join(" "),
        ]);
        for m in &f.matters {
            rows.push(vec![
                format!("  {}", m.ledger),
                m.registered.to_string(),
                lang.state(m.state).to_string(),
                name_of(&names.categories, &m.category).to_string(),
                String::new(),
                m.summary.clone(),
            ]);
        }
    }
    table::render(
        &[t.name, t.id_number, t.phones, t.town, t.contacts, t.marks],
        &rows,
    )
}
