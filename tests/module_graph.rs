//! The shape of the code, read from its source: which module names which.
//! Layers depend one way (domain on nothing, store on domain, service on
//! both, and the desk, the command line and the server on the service), and
//! no module names one that names it back, however long the way round.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// Every module of the library, by path (`["tui", "screens", "card"]`), with
/// its source without comments and without its unit tests.
fn modules() -> BTreeMap<Module, String> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![PathBuf::from("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let test_file = name.ends_with("_tests.rs") || name == "tests.rs";
            if !name.ends_with(".rs") || test_file || path == Path::new("src/main.rs") {
                continue;
            }
            let rel = path.strip_prefix("src").unwrap().with_extension("");
            let mut parts: Module = rel.iter().map(|p| p.to_string_lossy().into()).collect();
            if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
                parts.pop();
            }
            out.insert(parts, source(&std::fs::read_to_string(&path).unwrap()));
        }
    }
    out
}

fn source(text: &str) -> String {
    let code = match text.find("#[cfg(test)]") {
        Some(i) if text[i..].lines().take(3).any(|l| l.contains("mod tests")) => &text[..i],
        _ => text,
    };
    code.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths `crate::a::b`, `super::c`, `self::d` and `use child::…` in
/// `code`, as module paths; a `{…}` group gives one path per item.
fn paths(module: &Module, code: &str) -> Vec<Module> {
    let mut out = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let text: String = bytes.iter().collect();
    for head in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(at) = text[from..].find(head) {
            let start = from + at;
            from = start + head.len();
            let before = text[..start].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let mut base: Module = match head {
                "crate::" => Vec::new(),
                _ => module.clone(),
            };
            let mut rest = &text[start + head.len()..];
            if head == "super::" {
                base.pop();
                while let Some(r) = rest.strip_prefix("super::") {
                    base.pop();
                    rest = r;
                }
            }
            out.extend(expand(base, rest));
        }
    }
    // `child::…` (in a `use` or a path) names a module declared in this one.
    let mut from = 0;
    while let Some(at) = text[from..].find("::") {
        let end = from + at;
        from = end + 2;
        let start = text[..end]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        let before = text[..start].chars().last();
        if start == end || before == Some(':') {
            continue;
        }
        let mut child = module.clone();
        child.push(text[start..end].to_string());
        out.push(child);
    }
    out
}

/// `a::b::{c, d::e}` under `base`: `base/a/b/c` and `base/a/b/d/e`.
fn expand(mut base: Module, rest: &str) -> Vec<Module> {
    let mut rest = rest;
    loop {
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            return group[..end]
                .split(',')
                .map(str::trim)
                .filter(|i| !i.is_empty())
                .map(|item| {
                    let mut p = base.clone();
                    p.extend(item.split("::").map(|s| s.trim().to_string()));
                    p
                })
                .collect();
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            return vec![base];
        }
        base.push(name.clone());
        rest = &rest[name.len()..];
        match rest.strip_prefix("::") {
            Some(r) => rest = r,
            None => return vec![base],
        }
    }
}

/// Which modules each module names (the longest module prefix of each path).
fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let mods = modules();
    let mut edges = BTreeMap::new();
    for (m, code) in &mods {
        let targets: BTreeSet<Module> = paths(m, code)
            .into_iter()
            .filter_map(|p| {
                (0..=p.len())
                    .rev()
                    .map(|i| p[..i].to_vec())
                    .find(|prefix| mods.contains_key(prefix))
            })
            .filter(|t| t != m && !t.is_empty())
            .collect();
        edges.insert(m.clone(), targets);
    }
    edges
}

/// The groups of modules that reach one another (Tarjan's algorithm).
fn cycles(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        edges: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, (usize, usize)>,
        stack: Vec<&'a Module>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(w: &mut Walk<'a>, v: &'a Module) -> usize {
        let n = w.index.len();
        w.index.insert(v, (n, n));
        w.stack.push(v);
        let mut low = n;
        for t in &w.edges[v] {
            let t_low = match w.index.get(t) {
                None => visit(w, t),
                Some((i, _)) if w.stack.contains(&t) => *i,
                Some(_) => continue,
            };
            low = low.min(t_low);
        }
        w.index.insert(v, (n, low));
        if low == n {
            let at = w.stack.iter().position(|m| *m == v).unwrap();
            let group: Vec<String> = w.stack.drain(at..).map(|m| m.join("::")).collect();
            if group.len() > 1 {
                w.found.push(group);
            }
        }
        low
    }
    let mut w = Walk {
        edges,
        index: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !w.index.contains_key(v) {
            visit(&mut w, v);
        }
    }
    w.found
}

fn names(edges: &BTreeMap<Module, BTreeSet<Module>>, from: &str, to: &str) -> Vec<String> {
    edges
        .iter()
        .filter(|(m, _)| m.first().is_some_and(|f| f == from))
        .flat_map(|(m, ts)| {
            ts.iter()
                .filter(|t| t.first().is_some_and(|f| f == to))
                .map(move |t| format!("{} -> {}", m.join("::"), t.join("::")))
        })
        .collect()
}

#[test]
fn the_reader_finds_what_a_module_names() {
    let m: Module = vec!["tui".into(), "screens".into(), "card".into()];
    let code = "use crate::tui::widgets::{block, table::move_cursor};\nuse super::Screen;\nuse form::Field;";
    let found = paths(&m, code);
    let want: Vec<Module> = [
        "tui/widgets/block",
        "tui/widgets/table/move_cursor",
        "tui/screens/Screen",
        "tui/screens/card/form",
    ]
    .iter()
    .map(|p| p.split('/').map(String::from).collect())
    .collect();
    for w in &want {
        assert!(found.contains(w), "{w:?} in {found:?}");
    }
    // A cycle of three is found, and a chain is not one.
    let e = |pairs: &[(&str, &str)]| {
        let mut g: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
        for (a, b) in pairs {
            g.entry(vec![a.to_string()])
                .or_default()
                .insert(vec![b.to_string()]);
            g.entry(vec![b.to_string()]).or_default();
        }
        g
    };
    assert_eq!(cycles(&e(&[("a", "b"), ("b", "c"), ("c", "a")])).len(), 1);
    assert!(cycles(&e(&[("a", "b"), ("b", "c")])).is_empty());
}

#[test]
fn no_module_of_the_desk_names_one_that_names_it_back() {
    let edges = graph();
    let in_tui: Vec<Vec<String>> = cycles(&edges)
        .into_iter()
        .filter(|c| c.iter().any(|m| m.starts_with("tui")))
        .collect();
    assert!(in_tui.is_empty(), "{in_tui:?}");
    // Screens open one another through `Go`, never by name.
    let screens: Vec<String> = edges
        .iter()
        .filter(|(m, _)| m.len() >= 3 && m[..2] == ["tui", "screens"])
        .flat_map(|(m, ts)| {
            ts.iter()
                .filter(|t| t.len() >= 3 && t[..2] == ["tui", "screens"] && t[2] != m[2])
                .map(move |t| format!("{} -> {}", m.join("::"), t.join("::")))
        })
        .collect();
    assert!(screens.is_empty(), "{screens:?}");
}

#[test]
fn layers_depend_one_way() {
    let edges = graph();
    let forbidden = [
        ("domain", "store"),
        ("domain", "service"),
        ("domain", "server"),
        ("domain", "tui"),
        ("domain", "cli"),
        ("store", "service"),
        ("store", "server"),
        ("store", "tui"),
        ("store", "cli"),
        ("service", "server"),
        ("service", "tui"),
        ("service", "cli"),
        ("server", "tui"),
        ("server", "cli"),
        ("tui", "store"),
        ("tui", "server"),
        ("tui", "cli"),
    ];
    let found: Vec<String> = forbidden
        .iter()
        .flat_map(|(from, to)| names(&edges, from, to))
        .collect();
    assert!(found.is_empty(), "{found:#?}");
}
