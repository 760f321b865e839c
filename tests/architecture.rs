//! The code map's rules, checked on the source: the graph of `use` imports between the files
//! of `src/` (parsed with syn; `#[cfg(test)]` modules left out, so the graph is the shipped
//! program's), with no cycle of files inside `engine/` or `scoring/`, no module below `engine`
//! importing it, and no source file over 700 lines.
//!
//! `cargo test --test architecture -- --nocapture` prints the graph's figures: files, edges,
//! every cycle (strongly connected set of files), the arrows back up into `engine`, and the
//! largest files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// A file's module path (`engine::commands` for `src/engine/commands/mod.rs`).
type ModPath = Vec<String>;

struct Crate {
    /// Module path → file (relative to the crate root, `src/...`).
    files: BTreeMap<ModPath, String>,
    /// File → files it imports.
    edges: BTreeMap<String, BTreeSet<String>>,
    /// File → lines.
    lines: BTreeMap<String, usize>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn module_path(rel: &Path) -> Option<ModPath> {
    let mut parts: Vec<String> = rel
        .iter()
        .skip(1) // "src"
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop()?;
    let stem = last.strip_suffix(".rs")?.to_string();
    match stem.as_str() {
        "lib" if parts.is_empty() => {}
        "main" if parts.is_empty() => return None, // the binary: a separate crate
        "mod" => {}
        _ => parts.push(stem),
    }
    Some(parts)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every path a file names that starts at `crate`, `super`, `self` or a child module, made
/// absolute.
struct Imports<'a> {
    /// The module the visitor is in (the file's, plus inline modules).
    here: ModPath,
    known: &'a BTreeSet<ModPath>,
    found: Vec<ModPath>,
}

impl Imports<'_> {
    fn absolute(&self, segments: &[String]) -> Option<ModPath> {
        let first = segments.first()?;
        let mut base = self.here.clone();
        let mut rest = segments;
        match first.as_str() {
            "crate" => {
                base.clear();
                rest = &segments[1..];
            }
            "self" => rest = &segments[1..],
            "super" => {
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop();
                    rest = &rest[1..];
                }
            }
            _ => {
                // A child module named without `self::` (2018 paths); anything else is a
                // crate from outside, a local name or a prelude item.
                let mut child = base.clone();
                child.push(first.clone());
                if !self.known.contains(&child) {
                    return None;
                }
            }
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    fn add(&mut self, segments: &[String]) {
        if let Some(path) = self.absolute(segments) {
            self.found.push(path);
        }
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut full = prefix.clone();
                if n.ident != "self" {
                    full.push(n.ident.to_string());
                }
                self.add(&full);
            }
            syn::UseTree::Rename(r) => {
                let mut full = prefix.clone();
                if r.ident != "self" {
                    full.push(r.ident.to_string());
                }
                self.add(&full);
            }
            syn::UseTree::Glob(_) => {
                let full = prefix.clone();
                self.add(&full);
            }
            syn::UseTree::Group(g) => {
                for item in &g.items {
                    self.use_tree(prefix, item);
                }
            }
        }
    }
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg") && {
            let tokens = a.meta.require_list().map(|l| l.tokens.to_string());
            tokens.is_ok_and(|t| t.trim() == "test")
        }
    })
}

impl<'ast> Visit<'ast> for Imports<'_> {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        if is_cfg_test(&item.attrs) {
            return;
        }
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if is_cfg_test(&item.attrs) {
            return;
        }
        if item.content.is_some() {
            self.here.push(item.ident.to_string());
            syn::visit::visit_item_mod(self, item);
            self.here.pop();
        }
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        if !is_cfg_test(&item.attrs) {
            syn::visit::visit_item_fn(self, item);
        }
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        if !is_cfg_test(&item.attrs) {
            syn::visit::visit_impl_item_fn(self, item);
        }
    }

    /// `pub(in crate::x)` names a module but imports nothing.
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.segments.len() > 1 {
            let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
            self.add(&segments);
        }
        syn::visit::visit_path(self, path);
    }
}

fn load() -> Crate {
    let root = root();
    let mut paths = Vec::new();
    rust_files(&root.join("src"), &mut paths);
    paths.sort();
    let mut files = BTreeMap::new();
    let mut sources = Vec::new();
    let mut lines = BTreeMap::new();
    for path in &paths {
        let rel = path.strip_prefix(&root).expect("under root");
        let text = std::fs::read_to_string(path).expect("read source");
        let name = rel.to_string_lossy().into_owned();
        lines.insert(name.clone(), text.lines().count());
        if let Some(module) = module_path(rel) {
            files.insert(module.clone(), name.clone());
            sources.push((module, name, text));
        }
    }
    let known: BTreeSet<ModPath> = files.keys().cloned().collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, name, text) in &sources {
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut imports = Imports {
            here: module.clone(),
            known: &known,
            found: Vec::new(),
        };
        imports.visit_file(&file);
        let targets = edges.entry(name.clone()).or_default();
        for path in imports.found {
            // The longest prefix that is a file is the file the path points into.
            let target = (0..=path.len()).rev().find_map(|n| files.get(&path[..n]));
            if let Some(target) = target
                && target != name
                && !path.is_empty()
            {
                targets.insert(target.clone());
            }
        }
    }
    Crate { files, edges, lines }
}

/// Strongly connected sets of more than one file in the graph restricted to `keep` (Tarjan).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>, keep: impl Fn(&str) -> bool) -> Vec<Vec<String>> {
    struct Tarjan<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, v: &'a str, keep: &dyn Fn(&str) -> bool) {
            self.index.insert(v, self.next);
            self.low.insert(v, self.next);
            self.next += 1;
            self.stack.push(v);
            self.on_stack.insert(v);
            if let Some(targets) = self.edges.get(v) {
                for w in targets.iter().filter(|w| keep(w)) {
                    let w = w.as_str();
                    if !self.index.contains_key(w) {
                        self.visit(w, keep);
                        let low = self.low[v].min(self.low[w]);
                        self.low.insert(v, low);
                    } else if self.on_stack.contains(w) {
                        let low = self.low[v].min(self.index[w]);
                        self.low.insert(v, low);
                    }
                }
            }
            if self.low[v] == self.index[v] {
                let mut set = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    set.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if set.len() > 1 {
                    set.sort();
                    self.out.push(set);
                }
            }
        }
    }
    let mut t = Tarjan {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in edges.keys().filter(|v| keep(v)) {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v, &keep);
        }
    }
    t.out
}

/// Files that may import the engine: the adapters, the wiring and the CLI.
fn may_import_engine(file: &str) -> bool {
    file.starts_with("src/engine/")
        || file.starts_with("src/adapters/")
        || file.starts_with("src/cli/")
        || file == "src/app.rs"
        || file == "src/lib.rs"
}

fn arrows_into_engine(c: &Crate) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (from, targets) in &c.edges {
        if may_import_engine(from) {
            continue;
        }
        for to in targets.iter().filter(|t| t.starts_with("src/engine/")) {
            out.push((from.clone(), to.clone()));
        }
    }
    out
}

/// Line budget per source file; data belongs in `data/`.
const MAX_LINES: usize = 700;

#[test]
fn report() {
    let c = load();
    let edge_count: usize = c.edges.values().map(BTreeSet::len).sum();
    println!("files: {} modules, {edge_count} import edges", c.files.len());
    for (label, prefix) in [
        ("crate", "src/"),
        ("engine", "src/engine/"),
        ("scoring", "src/scoring/"),
    ] {
        let found = cycles(&c.edges, |f| f.starts_with(prefix));
        println!("cycles inside {label}: {}", found.len());
        for set in found {
            println!("  {} files: {}", set.len(), set.join(", "));
        }
    }
    let back = arrows_into_engine(&c);
    println!("arrows back up into engine: {}", back.len());
    for (from, to) in &back {
        println!("  {from} -> {to}");
    }
    let mut largest: Vec<_> = c.lines.iter().collect();
    largest.sort_by(|a, b| b.1.cmp(a.1));
    println!("largest files:");
    for (file, n) in largest.iter().take(10) {
        println!("  {n:>5} {file}");
    }
}

#[test]
fn no_cycle_of_files_inside_engine() {
    let c = load();
    let found = cycles(&c.edges, |f| f.starts_with("src/engine/"));
    assert!(found.is_empty(), "import cycles inside engine/: {found:#?}");
}

#[test]
fn no_cycle_of_files_inside_scoring() {
    let c = load();
    let found = cycles(&c.edges, |f| f.starts_with("src/scoring/"));
    assert!(found.is_empty(), "import cycles inside scoring/: {found:#?}");
}

#[test]
fn no_module_below_engine_imports_it() {
    let c = load();
    let back = arrows_into_engine(&c);
    assert!(back.is_empty(), "modules below engine import it: {back:#?}");
}

#[test]
fn no_source_file_over_the_line_budget() {
    let c = load();
    let over: Vec<_> = c.lines.iter().filter(|(_, n)| **n > MAX_LINES).collect();
    assert!(over.is_empty(), "files over {MAX_LINES} lines: {over:?}");
}

/// The checker itself: a cycle and an arrow back up are found when they exist.
#[test]
fn the_checker_finds_a_planted_cycle() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let e = |a: &str| a.to_string();
    edges
        .entry(e("src/engine/a.rs"))
        .or_default()
        .insert(e("src/engine/b.rs"));
    edges
        .entry(e("src/engine/b.rs"))
        .or_default()
        .insert(e("src/engine/c.rs"));
    edges
        .entry(e("src/engine/c.rs"))
        .or_default()
        .insert(e("src/engine/a.rs"));
    edges
        .entry(e("src/engine/d.rs"))
        .or_default()
        .insert(e("src/engine/a.rs"));
    let found = cycles(&edges, |f| f.starts_with("src/engine/"));
    assert_eq!(
        found,
        vec![vec![e("src/engine/a.rs"), e("src/engine/b.rs"), e("src/engine/c.rs")]]
    );
    assert!(cycles(&edges, |f| f != "src/engine/b.rs").is_empty());
}

/// The parser resolves `super::`, `crate::`, groups and child modules to files.
#[test]
fn the_parser_resolves_paths_to_files() {
    let c = load();
    let engine_mod = &c.edges["src/engine/mod.rs"];
    assert!(engine_mod.contains("src/engine/turn.rs"), "{engine_mod:?}");
    let lib = &c.edges["src/lib.rs"];
    assert!(lib.contains("src/app.rs"), "{lib:?}");
}

/// The code map names every source file: its full path, or its name in backticks on the line
/// (row) of its folder's path.
#[test]
fn the_code_map_names_every_source_file() {
    let map = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let c = load();
    let mut missing = Vec::new();
    for file in c.lines.keys() {
        if map.contains(&format!("`{file}`")) {
            continue;
        }
        let path = Path::new(file);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let named_in_row = path.ancestors().skip(1).any(|dir| {
            let dir = format!("`{}/`", dir.to_string_lossy());
            map.lines()
                .any(|line| line.contains(&dir) && line.contains(&format!("`{name}`")))
        });
        if !named_in_row {
            missing.push(file.clone());
        }
    }
    assert!(missing.is_empty(), "files ARCHITECTURE.md does not name: {missing:#?}");
}
