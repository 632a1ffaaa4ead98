//! Building the restored database from what was read, numbers kept.

use super::read::{at, refused, Loaded};
use super::{Dest, Restored};
use crate::domain::derive::derive_contact_flags;
use crate::domain::office::OfficeRules;
use crate::domain::period::MAX_START_DAY;
use crate::domain::workflow::Holidays;
use crate::domain::{AuditEntry, Ts};
use crate::domain::{Matter, Petitioner};
use crate::service::backup::{Settings, RESTORE_RECORD};
use crate::service::drafts::Draft;
use crate::service::import::{plan, Groups, Plan, Pos, Records, RefWrite, Staged};
use crate::service::{Desk, Result, ServiceError};
use crate::store::{BulkWrite, Counter, OpenOptions, Result as StoreResult, Store, WriteSet, T};
use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::Arc;
use time::{Date, UtcOffset};

fn parse_tz(s: &str) -> Option<UtcOffset> {
    UtcOffset::parse(
        s,
        time::macros::format_description!("[offset_hour sign:mandatory]:[offset_minute]"),
    )
    .ok()
}

/// Builds the database in `path` (an empty directory) and checks it.
pub(super) fn build(
    path: &Path,
    dest_now: &Dest,
    backup: Loaded,
    opts: &OpenOptions,
    login: &str,
    src: &str,
    whole_src: &Path,
) -> Result<Restored> {
    if let Dest::Empty(m) = dest_now {
        keep_mode_and_group(path, m)?;
    }
    let Loaded {
        header,
        settings,
        lines,
        events,
        petitioner_ids,
        contact_matters,
        contact_ids,
        mut audit,
        audit_entries,
        drafts,
        counters,
        total_lines,
        ..
    } = backup;
    let Some((settings_pos, settings)) = settings else {
        return Err(ServiceError::Invalid(format!(
            "{src}: no settings line: the backup is damaged"
        )));
    };
    let (tz, holidays) = validate_settings(&settings, settings_pos, src)?;
    let store = create_store(path, opts, &settings, tz, &holidays)?;

    let contact_map = contact_numbers(&contact_matters, &contact_ids, src)?;
    drop((contact_matters, contact_ids));
    let mut restored = Restored {
        lines: total_lines,
        header: Some(header.clone()),
        events,
        audit: audit_entries,
        ..Default::default()
    };
    // The database is not in place yet: a failure throws it away whole.
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut renumbered = Renumbered {
        bulk: BulkWrite::unjournaled(&store, dir)?,
        petitioner_ids: &petitioner_ids,
        contact_map: &contact_map,
        allowance: store.office().skip_level_allowance,
        restored: &mut restored,
    };
    let lines = lines.into_groups().map_err(|source| ServiceError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let plan = plan_records(&store, &*lines, login, src, &mut renumbered)?;
    lines.check().map_err(|source| ServiceError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    drop(lines);
    let bulk = renumbered.bulk;
    write(bulk, plan)?;
    write_trail_and_counters(&store, &mut audit, &drafts, &counters)?;

    let store = Arc::new(store);
    let what = format!(
        "restored the database from {} ({total_lines} lines; backup of {} taken at {} by {})",
        whole_src.display(),
        header.source,
        header.taken_at,
        header.by
    );
    audit_restore(&store, login, what)?;
    check_restored(&store, &mut restored)?;
    Ok(restored)
}

/// The directory the admin made (its group is the office's, for the
/// server's socket) keeps its mode and group.
fn keep_mode_and_group(path: &Path, made: &std::fs::Metadata) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let io = |e| ServiceError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    std::fs::set_permissions(path, made.permissions()).map_err(io)?;
    std::os::unix::fs::chown(path, None, Some(made.gid())).map_err(io)
}

/// The backup's settings, refused by name where they are not valid: its
/// time zone and holiday calendar.
fn validate_settings(
    settings: &Settings,
    settings_pos: Pos,
    src: &str,
) -> Result<(UtcOffset, Holidays)> {
    let setting_err = |what: String| at(src, settings_pos.line, format!("settings: {what}"));
    let tz = parse_tz(&settings.tz).ok_or_else(|| {
        setting_err(format!(
            "tz: {:?} is not an offset such as +08:00",
            settings.tz
        ))
    })?;
    let mut lists = [BTreeSet::new(), BTreeSet::new()];
    for ((field, given), list) in [
        ("holidays", &settings.holidays),
        ("workdays", &settings.workdays),
    ]
    .into_iter()
    .zip(&mut lists)
    {
        for h in given {
            let d = Date::parse(h, time::macros::format_description!("[year]-[month]-[day]"))
                .map_err(|_| setting_err(format!("{field}: {h:?} is not a date (YYYY-MM-DD)")))?;
            list.insert(d);
        }
    }
    let [off, workdays] = lists;
    if !(1..=MAX_START_DAY).contains(&settings.stat_start_day) {
        return Err(setting_err(format!(
            "stat_start_day: {} is not a day from 1 to {MAX_START_DAY}",
            settings.stat_start_day
        )));
    }
    if let Some(office) = &settings.office {
        // Through the same checks as `xfdesk office set`.
        for key in crate::domain::office::KEYS {
            let value = office.get(key).unwrap_or_default();
            OfficeRules::default()
                .with(key, &value)
                .map_err(setting_err)?;
        }
    }
    if let Some(notices) = &settings.notices {
        use crate::domain::notice::settings::{keys, NoticeSettings};
        for key in keys() {
            let value = notices.get(&key).unwrap_or_default();
            if let Some(Err(e)) = NoticeSettings::default().with(&key, &value) {
                return Err(setting_err(e));
            }
        }
    }
    Ok((tz, Holidays::new(off, workdays)))
}

/// The new database with the backup's settings: first, since due dates,
/// local dates and flags are computed under them.
fn create_store(
    path: &Path,
    opts: &OpenOptions,
    settings: &Settings,
    tz: UtcOffset,
    holidays: &Holidays,
) -> Result<Store> {
    let mut store = Store::create(path, opts)?;
    store.set_tz(tz)?;
    store.set_holidays(holidays)?;
    store.set_stat_start_day(settings.stat_start_day)?;
    if let Some(office) = &settings.office {
        store.set_office(office)?;
    }
    if let Some(notices) = &settings.notices {
        let mut ws = WriteSet::new(&store);
        ws.set_notice_settings(notices);
        ws.commit_unjournaled()?;
    }
    Ok(store)
}

/// The records of the backup's lines, as an import plans them; refused
/// with every problem found.
fn plan_records(
    store: &Store,
    lines: &dyn Groups,
    login: &str,
    src: &str,
    out: &mut Renumbered,
) -> Result<Plan> {
    let today = Ts::from_datetime(time::OffsetDateTime::now_utc()).local_date(store.tz());
    let mut problems = Vec::new();
    let dir = store.path().parent().unwrap_or(Path::new("."));
    let planned = plan(
        store,
        lines,
        today,
        login,
        &mut problems,
        &mut Default::default(),
        dir,
        out,
    )?;
    match planned {
        Some(p) if problems.is_empty() => Ok(p),
        _ => Err(refused(problems, src)),
    }
}

/// The trail as it was, numbers and all; then the counters as they were,
/// so no number is handed out twice.
fn write_trail_and_counters(
    store: &Store,
    audit: &mut Staged,
    drafts: &[(String, Draft)],
    counters: &[(Counter, u64)],
) -> Result<()> {
    let dir = store.path().parent().unwrap_or(Path::new("."));
    let mut ws = WriteSet::new(store);
    let mut held = 0;
    audit.drain(
        0,
        |source| ServiceError::Io {
            path: dir.to_path_buf(),
            source,
        },
        |(seq, e): (u64, AuditEntry)| {
            ws.audit_entry(seq, &e);
            held += 1;
            if held == 16_384 {
                std::mem::replace(&mut ws, WriteSet::new(store)).commit_unjournaled()?;
                held = 0;
            }
            Ok(())
        },
    )?;
    ws.commit_unjournaled()?;
    let mut ws = WriteSet::new(store);
    for (login, d) in drafts {
        ws.put(T::Drafts, login.as_bytes().to_vec(), d);
    }
    for (counter, value) in counters {
        ws.set_counter(*counter, *value);
    }
    Ok(ws.commit()?)
}

/// The restore's own entry, after the trail it brought back.
fn audit_restore(store: &Arc<Store>, login: &str, what: String) -> Result<()> {
    let desk = Desk::shared(Arc::clone(store), login)?;
    let mut ws = WriteSet::new(store);
    desk.audit(&mut ws, RESTORE_RECORD.into(), what)?;
    ws.commit()?;
    store.flush()?;
    Ok(())
}

/// Refuses a restored database that fails its check; counts what it holds.
fn check_restored(store: &Store, restored: &mut Restored) -> Result<()> {
    let report = crate::service::check::check(store)?;
    if !report.is_ok() {
        return Err(ServiceError::Invalid(format!(
            "the restored database fails its check ({} problem(s), the first: {}); nothing was put in place",
            report.problems.len(),
            report.problems[0]
        )));
    }
    restored.records = report.records;
    restored.index_entries = report.index_entries;
    store.flush()?;
    Ok(())
}

/// The original number of each contact, in the order of the contact lines
/// (the import numbers them 1, 2, … in that order). `contact_ids` lines come
/// in matter order, each naming its matter, as the contact lines do.
fn contact_numbers(
    contact_matters: &[String],
    contact_ids: &[(Pos, crate::service::backup::ContactIds)],
    src: &str,
) -> Result<Vec<u64>> {
    let mut out = Vec::with_capacity(contact_matters.len());
    let mut seen = HashSet::with_capacity(contact_matters.len());
    for (pos, c) in contact_ids {
        for id in &c.ids {
            let i = out.len();
            match contact_matters.get(i) {
                Some(m) if *m == c.matter => {}
                Some(m) => {
                    return Err(at(src, pos.line, format!(
                        "contact_ids: contact {} of the backup belongs to matter {m}, not {}: the backup is damaged",
                        i + 1,
                        c.matter
                    )))
                }
                None => {
                    return Err(at(src, pos.line, format!(
                        "contact_ids: more contact numbers than contact lines ({}): the backup is damaged",
                        contact_matters.len()
                    )))
                }
            }
            if *id == 0 || !seen.insert(*id) {
                return Err(at(
                    src,
                    pos.line,
                    format!(
                    "contact_ids: contact number {id} is zero or given twice: the backup is damaged"
                ),
                ));
            }
            out.push(*id);
        }
    }
    if out.len() != contact_matters.len() {
        return Err(ServiceError::Invalid(format!(
            "{src}: {} contact lines but {} contact numbers: the backup is damaged",
            contact_matters.len(),
            out.len()
        )));
    }
    Ok(out)
}

/// The planned petitioners and matters under their original numbers: the
/// plan numbered petitioners and contacts 1, 2, … in file order.
struct Renumbered<'a, 's> {
    bulk: BulkWrite<'s>,
    petitioner_ids: &'a [(Pos, u64)],
    contact_map: &'a [u64],
    allowance: u8,
    restored: &'a mut Restored,
}

impl Records for Renumbered<'_, '_> {
    fn petitioner(&mut self, _: Option<&Petitioner>, mut p: Petitioner) -> StoreResult<()> {
        p.id = self.petitioner_ids[(p.id - 1) as usize].1;
        self.restored.petitioners += 1;
        self.bulk.petitioner(None, &p)
    }

    fn matter(&mut self, _: Option<&Matter>, mut m: Matter) -> StoreResult<()> {
        let ids = self.petitioner_ids;
        let pet = |new: u64| ids[(new - 1) as usize].1;
        for p in &mut m.petitioners {
            *p = pet(*p);
        }
        let mut contacts = std::mem::take(&mut m.contacts);
        for c in &mut contacts {
            c.id = self.contact_map[(c.id - 1) as usize];
            for p in &mut c.petitioners {
                *p = pet(*p);
            }
        }
        // In time order by their own numbers again, flags derived again.
        derive_contact_flags(&m, &mut contacts, self.allowance);
        self.restored.contacts += contacts.len();
        m.contacts = contacts;
        self.restored.matters += 1;
        self.bulk.matter(None, &m)
    }
}

/// Writes the rest of the plan with the records the bulk write was given.
fn write(mut bulk: BulkWrite, plan: Plan) -> Result<()> {
    let ws = bulk.set();
    crate::service::import::write_cases(ws, &plan);
    for r in plan.reference {
        match r {
            RefWrite::Town(t) => ws.put(T::Towns, t.code.as_bytes().to_vec(), &t),
            RefWrite::Village(v) => ws.put(T::Villages, v.code.as_bytes().to_vec(), &v),
            RefWrite::Unit(u) => ws.put(T::Units, u.code.as_bytes().to_vec(), &u),
            RefWrite::Category(c) => ws.put(T::Categories, c.code.as_bytes().to_vec(), &c),
            RefWrite::Staff(s) => ws.put(T::Staff, s.login.as_bytes().to_vec(), &s),
        }
    }
    for n in &plan.notices {
        ws.notice(n);
    }
    Ok(bulk.commit()?)
}
