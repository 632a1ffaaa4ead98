//! Parsed lines kept on disk between reading and validation, one file per
//! kind: validation judges the kinds in turn (reference data first, key
//! cases last, wherever their lines are in the files), and reading them back
//! one at a time keeps an import's memory from growing with its files.

use super::Pos;
use crate::interchange::Line;
use std::cell::RefCell;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

/// Kinds of lines in the order validation takes them: towns, villages,
/// units, categories, staff, petitioners, matters, contacts, events,
/// notices, and the key-case lines together.
pub const GROUPS: usize = 11;
pub const CASES: usize = 10;

pub fn group_of(line: &Line) -> usize {
    match line {
        Line::Town(_) => 0,
        Line::Village(_) => 1,
        Line::Unit(_) => 2,
        Line::Category(_) => 3,
        Line::Staff(_) => 4,
        Line::Petitioner(_) => 5,
        Line::Matter(_) => 6,
        Line::Contact(_) => 7,
        Line::Event(_) => 8,
        Line::Notice(_) => 9,
        Line::Case(_)
        | Line::CaseLog(_)
        | Line::CaseStatus(_)
        | Line::Supervision(_)
        | Line::ReceptionDay(_) => CASES,
    }
}

/// The lines of an import by kind, each kind in file order.
pub trait Groups {
    /// The lines of group `g`, read afresh.
    fn lines(&self, g: usize) -> Lines<'_>;
    /// A failure to give back every line, if there was one: what was judged
    /// then lacks lines, and must not be written.
    fn check(&self) -> io::Result<()> {
        Ok(())
    }
}

/// The lines of a group, knowing how many there are.
pub struct Lines<'a> {
    inner: Box<dyn Iterator<Item = (Pos, Line)> + 'a>,
    left: usize,
}

impl Iterator for Lines<'_> {
    type Item = (Pos, Line);

    fn next(&mut self) -> Option<(Pos, Line)> {
        let l = self.inner.next()?;
        self.left = self.left.saturating_sub(1);
        Some(l)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Lines<'_> {}

/// Lines held in memory (a restore's, read whole from a backup); each group
/// is given once, and freed as it is read.
pub struct InMemory(RefCell<Vec<Vec<(Pos, Line)>>>);

impl InMemory {
    pub fn new(lines: Vec<(Pos, Line)>) -> InMemory {
        let mut groups: Vec<Vec<(Pos, Line)>> = (0..GROUPS).map(|_| Vec::new()).collect();
        for (pos, line) in lines {
            groups[group_of(&line)].push((pos, line));
        }
        InMemory(RefCell::new(groups))
    }
}

impl Groups for InMemory {
    fn lines(&self, g: usize) -> Lines<'_> {
        let group = std::mem::take(&mut self.0.borrow_mut()[g]);
        Lines {
            left: group.len(),
            inner: Box::new(group.into_iter()),
        }
    }
}

/// Lines spilled to files with no name (mode 0600, gone when closed, even
/// after a crash): the pages of personal data never linger on disk.
pub struct Spill {
    writers: Vec<BufWriter<File>>,
    counts: [usize; GROUPS],
    /// The first failure to read a spill back: the lines after it are
    /// missing, so the import must stop (see `check`).
    error: RefCell<Option<io::Error>>,
}

impl Spill {
    pub fn new(dir: &Path) -> io::Result<Spill> {
        let mut writers = Vec::with_capacity(GROUPS);
        for _ in 0..GROUPS {
            let f = crate::secure_file::anonymous_in(dir).map_err(|e| e.source)?;
            writers.push(BufWriter::with_capacity(1 << 16, f));
        }
        Ok(Spill {
            writers,
            counts: [0; GROUPS],
            error: RefCell::new(None),
        })
    }

    /// Appends a line: its position, its length and itself as JSON (the
    /// typed line again, so reading it back cannot fail where it passed).
    pub fn push(&mut self, pos: Pos, line: &Line) -> io::Result<()> {
        let g = group_of(line);
        let json = serde_json::to_vec(line)?;
        let w = &mut self.writers[g];
        w.write_all(&pos.file.to_le_bytes())?;
        w.write_all(&pos.line.to_le_bytes())?;
        w.write_all(&(json.len() as u32).to_le_bytes())?;
        w.write_all(&json)?;
        self.counts[g] += 1;
        Ok(())
    }

    /// Everything pushed is written: the files can be read.
    pub fn flush(&mut self) -> io::Result<()> {
        self.writers.iter_mut().try_for_each(|w| w.flush())
    }

    fn read_one(r: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<(Pos, Line)> {
        let mut head = [0u8; 10];
        r.read_exact(&mut head)?;
        let file = u16::from_le_bytes([head[0], head[1]]);
        let line = u32::from_le_bytes(head[2..6].try_into().expect("4 bytes"));
        let len = u32::from_le_bytes(head[6..10].try_into().expect("4 bytes"));
        buf.resize(len as usize, 0);
        r.read_exact(buf)?;
        let parsed = serde_json::from_slice(buf)?;
        Ok((Pos { file, line }, parsed))
    }
}

impl Groups for Spill {
    fn check(&self) -> io::Result<()> {
        self.error.borrow_mut().take().map_or(Ok(()), Err)
    }

    fn lines(&self, g: usize) -> Lines<'_> {
        let mut file = self.writers[g].get_ref();
        let mut reader = file
            .seek(SeekFrom::Start(0))
            .map(|_| BufReader::with_capacity(1 << 16, file));
        if let Err(e) = &mut reader {
            let e = std::mem::replace(e, io::Error::other("spill"));
            self.error.borrow_mut().get_or_insert(e);
        }
        let mut left = self.counts[g];
        let mut buf = Vec::new();
        let inner = std::iter::from_fn(move || {
            let r = reader.as_mut().ok().filter(|_| left > 0)?;
            left -= 1;
            match Spill::read_one(r, &mut buf) {
                Ok(l) => Some(l),
                Err(e) => {
                    self.error.borrow_mut().get_or_insert(e);
                    left = 0;
                    None
                }
            }
        });
        Lines {
            inner: Box::new(inner),
            left: self.counts[g],
        }
    }
}

/// Lines an import holds before it spills them (a parsed line is a few
/// hundred bytes): a small import needs no file at all.
const HOLD_LINES: usize = 100_000;

/// Where an import's reading puts each line: held, then spilled once there
/// are many; its place goes to `records`.
pub struct Reading {
    held: Vec<(Pos, Line)>,
    spill: Option<Spill>,
    dir: std::path::PathBuf,
    /// Why spilling failed: the reading stops, blamed on the spill, not on
    /// the file read.
    pub spill_error: Option<io::Error>,
    pub records: Vec<Pos>,
}

impl Reading {
    /// Spills go to `dir`, once there are any.
    pub fn new(dir: &Path) -> Reading {
        Reading {
            held: Vec::new(),
            spill: None,
            dir: dir.to_path_buf(),
            spill_error: None,
            records: Vec::new(),
        }
    }

    fn spill(&mut self, pos: Pos, line: Line) -> io::Result<()> {
        let spill = match &mut self.spill {
            Some(s) => s,
            None => {
                let mut s = Spill::new(&self.dir)?;
                for (p, l) in std::mem::take(&mut self.held) {
                    s.push(p, &l)?;
                }
                self.spill.insert(s)
            }
        };
        spill.push(pos, &line)
    }

    /// The lines read, by kind.
    pub fn into_groups(self) -> io::Result<Box<dyn Groups>> {
        Ok(match self.spill {
            Some(mut s) => {
                s.flush()?;
                Box::new(s)
            }
            None => Box::new(InMemory::new(self.held)),
        })
    }
}

impl super::parse::LineSink for Reading {
    fn take(&mut self, pos: Pos, line: Line) -> io::Result<()> {
        self.records.push(pos);
        if self.spill.is_none() && self.held.len() < HOLD_LINES {
            self.held.push((pos, line));
            return Ok(());
        }
        self.spill(pos, line).map_err(|e| {
            let said = io::Error::new(e.kind(), e.to_string());
            self.spill_error = Some(e);
            said
        })
    }

    fn taken(&self) -> usize {
        self.records.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::TownLine;

    #[test]
    fn lines_come_back_by_kind_in_file_order() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut spill = Spill::new(dir.path()).unwrap();
        let town = |c: &str| {
            Line::Town(TownLine {
                code: c.into(),
                name: "n".into(),
            })
        };
        let pos = |line| Pos { file: 0, line };
        spill.push(pos(1), &town("a")).unwrap();
        spill.push(pos(3), &town("b")).unwrap();
        spill.flush().unwrap();
        let got: Vec<_> = spill.lines(0).collect();
        assert_eq!(got, vec![(pos(1), town("a")), (pos(3), town("b"))]);
        assert_eq!(spill.lines(0).count(), 2, "read again from the start");
        assert_eq!(spill.lines(CASES).count(), 0);
        spill.check().unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_large_reading_spills_what_it_held_first_and_leaves_no_file() {
        use crate::service::import::parse::LineSink;
        let dir = tempfile::TempDir::new().unwrap();
        let mut read = Reading::new(dir.path());
        let n = HOLD_LINES as u32 + 5;
        for i in 1..=n {
            let town = Line::Town(TownLine {
                code: format!("t{i}"),
                name: "n".into(),
            });
            read.take(Pos { file: 0, line: i }, town).unwrap();
            if i == HOLD_LINES as u32 {
                assert!(read.spill.is_none(), "held up to here");
            }
        }
        assert!(read.spill.is_some(), "spilled past it");
        let groups = read.into_groups().unwrap();
        let lines: Vec<u32> = groups.lines(0).map(|(p, _)| p.line).collect();
        assert_eq!(lines, (1..=n).collect::<Vec<_>>());
        groups.check().unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
