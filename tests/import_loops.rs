//! No import loops between the files of `src/`: no file imports one that imports it back,
//! directly or through others (DESIGN.md, "Arrows point one way").
//!
//! The check reads the source as text, with no tool beyond std: every `use` tree and every
//! path in code that starts at `crate`, `super`, `self`, a child module or an imported
//! module is resolved to the file that defines what it names, following re-exports (a
//! `pub use` in a `mod.rs` is a door to the file behind it, not a dependency on the
//! `mod.rs`). The files and those edges make a graph; a strongly connected component of
//! more than one file is a loop, and the test lists its files and the lines that close it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path from the crate root (`["formula", "eval"]`); the root is empty.
type ModPath = Vec<String>;

/// The binary's root gets a module path of its own, so that its `crate::` is not the
/// library's and its `switchboard::` is.
const MAIN: &str = "<main>";

#[derive(Debug, Clone, PartialEq)]
struct Tok {
    text: String,
    line: usize,
}

/// Identifiers and punctuation, with comments, strings, characters, lifetimes and numbers
/// left out (a path in a doc comment or a message is not an import).
fn lex(src: &str) -> Vec<Tok> {
    let s: Vec<char> = src.chars().collect();
    let (mut i, mut line, mut out) = (0, 1, Vec::new());
    let at = |i: usize, c: char| s.get(i) == Some(&c);
    while i < s.len() {
        let c = s[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1, '/') {
            while i < s.len() && s[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1, '*') {
            let mut depth = 0;
            while i < s.len() {
                if s[i] == '/' && at(i + 1, '*') {
                    depth += 1;
                    i += 2;
                } else if s[i] == '*' && at(i + 1, '/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(s[i] == '\n');
                    i += 1;
                }
            }
        } else if c == '"' || (c == 'b' || c == 'c') && at(i + 1, '"') {
            i += if c == '"' { 1 } else { 2 };
            while i < s.len() && s[i] != '"' {
                line += usize::from(s[i] == '\n');
                i += if s[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if let Some(end) = raw_string_end(&s, i) {
            line += s[i..end].iter().filter(|&&c| c == '\n').count();
            i = end;
        } else if c == '\'' {
            // A character ('x', '\n', '\u{1F600}') or a lifetime ('a): skip either.
            if at(i + 1, '\\') {
                i += 2;
                while i < s.len() && s[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2, '\'') {
                i += 3;
            } else {
                i += 1;
                while i < s.len() && (s[i].is_alphanumeric() || s[i] == '_') {
                    i += 1;
                }
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < s.len() && (s[i].is_alphanumeric() || s[i] == '_') {
                i += 1;
            }
            let text: String = s[start..i].iter().collect();
            // `r#type` is the identifier `type`.
            let text = text.strip_prefix("r#").unwrap_or(&text).to_string();
            out.push(Tok { text, line });
        } else if c.is_ascii_digit() {
            while i < s.len() && (s[i].is_alphanumeric() || s[i] == '_' || s[i] == '.') {
                i += 1;
            }
        } else if c == ':' && at(i + 1, ':') {
            out.push(Tok {
                text: "::".into(),
                line,
            });
            i += 2;
        } else {
            out.push(Tok {
                text: c.to_string(),
                line,
            });
            i += 1;
        }
    }
    out
}

/// Where a raw string starting at `i` (`r"…"`, `r#"…"#`, `br##"…"##`) ends, if one does.
fn raw_string_end(s: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if s.get(j) == Some(&'b') || s.get(j) == Some(&'c') {
        j += 1;
    }
    if s.get(j) != Some(&'r') || (i > 0 && (s[i - 1].is_alphanumeric() || s[i - 1] == '_')) {
        return None;
    }
    j += 1;
    let hashes = s[j..].iter().take_while(|&&c| c == '#').count();
    j += hashes;
    if s.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < s.len() {
        if s[j] == '"'
            && s[j + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == '#')
                .count()
                == hashes
        {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(s.len())
}

/// One name a `use` brings into a module: `name` stands for `path` (relative to the module
/// the `use` is in, as written), or every public name of `path` when `glob`.
#[derive(Debug, Clone)]
struct Import {
    name: String,
    path: Vec<String>,
    glob: bool,
    line: usize,
}

/// A path written in code (not in a `use`), with the module it was written in.
#[derive(Debug, Clone)]
struct CodePath {
    module: ModPath,
    path: Vec<String>,
    line: usize,
}

#[derive(Debug, Default)]
struct Module {
    file: usize,
    imports: Vec<Import>,
}

#[derive(Debug, Default)]
struct Crate {
    files: Vec<PathBuf>,
    modules: BTreeMap<ModPath, Module>,
    code_paths: Vec<(usize, CodePath)>,
}

/// The module path of a file under `src/`.
fn module_path_of(relative: &Path) -> ModPath {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    match last.as_str() {
        "lib.rs" | "mod.rs" => parts,
        "main.rs" if parts.is_empty() => vec![MAIN.to_string()],
        _ => {
            parts.push(last.trim_end_matches(".rs").to_string());
            parts
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read src/")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

impl Crate {
    fn read(src: &Path) -> Crate {
        let mut files = Vec::new();
        rust_files(src, &mut files);
        let mut krate = Crate::default();
        for path in files {
            let relative = path.strip_prefix(src).expect("under src/").to_path_buf();
            let text = std::fs::read_to_string(&path).expect("read a source file");
            let index = krate.files.len();
            krate.files.push(relative.clone());
            krate.parse_file(index, module_path_of(&relative), &lex(&text));
        }
        krate
    }

    /// Records the modules a file defines (itself and its inline `mod x { … }`), their
    /// imports, and the paths its code writes.
    fn parse_file(&mut self, file: usize, root: ModPath, toks: &[Tok]) {
        self.modules.entry(root.clone()).or_default().file = file;
        // The inline modules open at this point, with the brace depth each closes at.
        let mut stack: Vec<(ModPath, usize)> = vec![(root, 0)];
        let mut depth = 0;
        let mut i = 0;
        while i < toks.len() {
            let here = stack.last().expect("the file's module").0.clone();
            let t = toks[i].text.as_str();
            let next = toks.get(i + 1).map(|t| t.text.as_str());
            if t == "{" {
                depth += 1;
            } else if t == "}" {
                if stack.len() > 1 && stack.last().is_some_and(|(_, d)| *d == depth) {
                    stack.pop();
                }
                depth -= 1;
            } else if t == "mod" && toks.get(i + 2).is_some_and(|t| t.text == "{") {
                let mut path = here.clone();
                path.push(toks[i + 1].text.clone());
                self.modules.entry(path.clone()).or_default().file = file;
                depth += 1;
                stack.push((path, depth));
                i += 3;
                continue;
            } else if t == "use" {
                let (imports, end) = parse_use(toks, i + 1);
                let module = self.modules.entry(here).or_default();
                module.imports.extend(imports);
                i = end;
                continue;
            } else if next == Some("::") && is_ident(t) && !toks[i.saturating_sub(1)].text.eq("::")
            {
                let (path, end) = parse_path(toks, i);
                let line = toks[i].line;
                let module = here;
                self.code_paths
                    .push((file, CodePath { module, path, line }));
                i = end;
                continue;
            }
            i += 1;
        }
    }
}

fn is_ident(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// `a::b::c` from `i`, stopping before `::{`, `::*` or `::<`.
fn parse_path(toks: &[Tok], mut i: usize) -> (Vec<String>, usize) {
    let mut path = vec![toks[i].text.clone()];
    i += 1;
    while toks.get(i).is_some_and(|t| t.text == "::")
        && toks.get(i + 1).is_some_and(|t| is_ident(&t.text))
    {
        path.push(toks[i + 1].text.clone());
        i += 2;
    }
    (path, i)
}

/// The imports of one `use` whose tree starts at `i`, and where the statement ends.
fn parse_use(toks: &[Tok], i: usize) -> (Vec<Import>, usize) {
    let mut out = Vec::new();
    let end = use_tree(toks, i, &[], &mut out);
    let end = toks[end..]
        .iter()
        .position(|t| t.text == ";")
        .map_or(toks.len(), |p| end + p + 1);
    (out, end)
}

/// Parses one use tree under `prefix`, pushing what it imports; returns where it ends.
fn use_tree(toks: &[Tok], mut i: usize, prefix: &[String], out: &mut Vec<Import>) -> usize {
    let line = toks.get(i).map_or(0, |t| t.line);
    if toks.get(i).is_some_and(|t| t.text == "::") {
        i += 1; // `use ::std::…`: an extern crate; resolves to nothing of ours.
    }
    let mut path = prefix.to_vec();
    loop {
        let Some(t) = toks.get(i) else { return i };
        match t.text.as_str() {
            "{" => {
                i += 1;
                while toks.get(i).is_some_and(|t| t.text != "}") {
                    i = use_tree(toks, i, &path, out);
                    if toks.get(i).is_some_and(|t| t.text == ",") {
                        i += 1;
                    }
                }
                return i + 1;
            }
            "*" => {
                out.push(Import {
                    name: String::new(),
                    path,
                    glob: true,
                    line,
                });
                return i + 1;
            }
            text if is_ident(text) => {
                path.push(text.to_string());
                i += 1;
                if toks.get(i).is_some_and(|t| t.text == "::") {
                    i += 1;
                    continue;
                }
                let mut name = text.to_string();
                if toks.get(i).is_some_and(|t| t.text == "as") {
                    name = toks.get(i + 1).map_or(name, |t| t.text.clone());
                    i += 2;
                }
                if name == "self" {
                    path.pop();
                    name = path.last().cloned().unwrap_or_default();
                }
                out.push(Import {
                    name,
                    path,
                    glob: false,
                    line,
                });
                return i;
            }
            _ => return i,
        }
    }
}

/// What a path names: a module, or an item defined in a file.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    Module(ModPath),
    Item(usize),
}

impl Crate {
    fn file_of(&self, module: &ModPath) -> Option<usize> {
        self.modules.get(module).map(|m| m.file)
    }

    /// `path` as written in `module`, from the crate root; `None` when it leaves the crate
    /// (`std::…`, `serde::…`) or names something the check cannot see.
    fn absolute(&self, module: &ModPath, path: &[String], depth: usize) -> Option<ModPath> {
        let first = path.first()?;
        let rest = &path[1..];
        let join = |base: ModPath, rest: &[String]| {
            let mut p = base;
            p.extend(rest.iter().cloned());
            Some(p)
        };
        match first.as_str() {
            "crate" if module.first().is_some_and(|m| m == MAIN) => join(vec![MAIN.into()], rest),
            "crate" => join(Vec::new(), rest),
            "switchboard" if module.first().is_some_and(|m| m == MAIN) => join(Vec::new(), rest),
            "self" => join(module.clone(), rest),
            "super" => {
                let mut base = module.clone();
                base.pop()?;
                self.absolute(&base, &[&["self".to_string()], rest].concat(), depth)
            }
            _ => {
                let mut child = module.clone();
                child.push(first.clone());
                if self.modules.contains_key(&child) {
                    return join(child, rest);
                }
                // A name a `use` of this module brought in (`use super::Transport::*`).
                let import = self
                    .modules
                    .get(module)?
                    .imports
                    .iter()
                    .find(|i| !i.glob && i.name == *first && i.path.first() != Some(first))?;
                if depth > 16 {
                    return None;
                }
                let base = self.absolute(module, &import.path, depth + 1)?;
                join(base, rest)
            }
        }
    }

    /// Follows an absolute path module by module, and through re-exports, to what it names.
    fn resolve(&self, path: &[String], depth: usize) -> Option<Target> {
        let mut module: ModPath = Vec::new();
        for segment in path {
            let mut child = module.clone();
            child.push(segment.clone());
            if self.modules.contains_key(&child) {
                module = child;
                continue;
            }
            let reexport = self
                .modules
                .get(&module)
                .and_then(|m| m.imports.iter().find(|i| !i.glob && i.name == *segment));
            if let Some(import) = reexport
                && depth < 16
                && let Some(target) = self
                    .absolute(&module, &import.path, depth + 1)
                    .and_then(|p| self.resolve(&p, depth + 1))
            {
                match target {
                    Target::Module(m) => {
                        module = m;
                        continue;
                    }
                    item => return Some(item),
                }
            }
            // An item of this module (or something the check cannot follow, like a name a
            // glob brought in): the module's file.
            return self.file_of(&module).map(Target::Item);
        }
        Some(Target::Module(module))
    }

    fn file_named(&self, target: &Target) -> Option<usize> {
        match target {
            Target::Module(m) => self.file_of(m),
            Target::Item(f) => Some(*f),
        }
    }

    /// Every edge `from file → to file`, with the line of `from` that makes it.
    fn edges(&self) -> BTreeMap<(usize, usize), usize> {
        let mut edges = BTreeMap::new();
        let mut add = |from: usize, module: &ModPath, path: &[String], line: usize| {
            let to = self
                .absolute(module, path, 0)
                .and_then(|p| self.resolve(&p, 0))
                .and_then(|t| self.file_named(&t));
            if let Some(to) = to
                && to != from
            {
                edges.entry((from, to)).or_insert(line);
            }
        };
        for (path, module) in &self.modules {
            for import in &module.imports {
                add(module.file, path, &import.path, import.line);
            }
        }
        for (file, code) in &self.code_paths {
            add(*file, &code.module, &code.path, code.line);
        }
        edges
    }
}

/// The strongly connected components of more than one node (Tarjan's algorithm).
fn loops(nodes: usize, edges: &BTreeMap<(usize, usize), usize>) -> Vec<Vec<usize>> {
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); nodes];
    for &(from, to) in edges.keys() {
        next[from].push(to);
    }
    struct Tarjan<'a> {
        next: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        counter: usize,
        out: Vec<Vec<usize>>,
    }
    impl Tarjan<'_> {
        fn visit(&mut self, v: usize) {
            self.index[v] = Some(self.counter);
            self.low[v] = self.counter;
            self.counter += 1;
            self.stack.push(v);
            self.on_stack[v] = true;
            for &w in &self.next[v] {
                match self.index[w] {
                    None => {
                        self.visit(w);
                        self.low[v] = self.low[v].min(self.low[w]);
                    }
                    Some(iw) if self.on_stack[w] => self.low[v] = self.low[v].min(iw),
                    Some(_) => {}
                }
            }
            if Some(self.low[v]) == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.out.push(component);
                }
            }
        }
    }
    let mut t = Tarjan {
        next: &next,
        index: vec![None; nodes],
        low: vec![0; nodes],
        on_stack: vec![false; nodes],
        stack: Vec::new(),
        counter: 0,
        out: Vec::new(),
    };
    for v in 0..nodes {
        if t.index[v].is_none() {
            t.visit(v);
        }
    }
    t.out.sort();
    t.out
}

/// The loops of the crate under `src`, each as its files and the imports between them;
/// only those with a file that `keep` accepts.
fn import_loops_where(src: &Path, keep: impl Fn(&Path) -> bool) -> Vec<String> {
    let krate = Crate::read(src);
    let edges = krate.edges();
    let name = |f: usize| krate.files[f].display().to_string();
    loops(krate.files.len(), &edges)
        .into_iter()
        .filter(|component| component.iter().any(|&f| keep(&krate.files[f])))
        .map(|component| {
            let members: BTreeSet<usize> = component.iter().copied().collect();
            let mut text = format!(
                "a loop of {} files: {}\n",
                component.len(),
                component
                    .iter()
                    .map(|&f| name(f))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            for (&(from, to), line) in &edges {
                if members.contains(&from) && members.contains(&to) {
                    text.push_str(&format!("  {}:{line} imports {}\n", name(from), name(to)));
                }
            }
            text
        })
        .collect()
}

fn import_loops(src: &Path) -> Vec<String> {
    import_loops_where(src, |_| true)
}

fn in_ui(file: &Path) -> bool {
    file.starts_with("ui")
}

/// Every loop that has a file outside the designer's `src/ui` (the whole crate is read,
/// so a loop between the designer and the core counts here).
#[test]
fn no_file_in_src_imports_one_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = import_loops_where(&src, |f| !in_ui(f));
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The designer's own loops (between files of `src/ui` only).
#[test]
fn no_file_in_src_ui_imports_one_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = import_loops_where(&src, in_ui);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Writes `files` (path under src/, text) into a fresh folder and checks it.
fn loops_in(files: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    import_loops(dir.path())
}

#[test]
fn a_loop_through_three_files_is_found_with_the_lines_that_close_it() {
    let found = loops_in(&[
        ("lib.rs", "pub mod a;\npub mod b;\npub mod c;\n"),
        ("a.rs", "use crate::b::B;\npub struct A;\n"),
        ("b.rs", "pub struct B;\nfn f() { crate::c::g(); }\n"),
        (
            "c/mod.rs",
            "//! `use crate::b::B;` in a comment is no import\nuse super::a::{self};\npub fn g() {}\n",
        ),
    ]);
    assert_eq!(
        found,
        vec![
            "a loop of 3 files: a.rs, b.rs, c/mod.rs\n  \
             a.rs:1 imports b.rs\n  b.rs:2 imports c/mod.rs\n  c/mod.rs:2 imports a.rs\n"
        ]
    );
}

#[test]
fn a_re_export_leads_to_the_file_that_defines_the_item() {
    // `child` takes `Thing` through its parent's `pub use`, from `other`: no loop with the
    // parent, whose own code uses `child`.
    let files = [
        ("lib.rs", "pub mod m;\n"),
        (
            "m/mod.rs",
            "mod child;\nmod other;\npub use other::Thing;\npub fn f() { child::g() }\n",
        ),
        ("m/child.rs", "use super::Thing;\npub fn g() {}\n"),
        ("m/other.rs", "pub struct Thing;\n"),
    ];
    assert_eq!(loops_in(&files), Vec::<String>::new());
    // The same, with `Thing` defined in the parent itself: that is a loop.
    let files = [
        ("lib.rs", "pub mod m;\n"),
        (
            "m/mod.rs",
            "mod child;\npub struct Thing;\npub fn f() { child::g() }\n",
        ),
        ("m/child.rs", "use super::Thing;\npub fn g() {}\n"),
    ];
    assert_eq!(
        loops_in(&files),
        vec![
            "a loop of 2 files: m/child.rs, m/mod.rs\n  \
             m/child.rs:1 imports m/mod.rs\n  m/mod.rs:3 imports m/child.rs\n"
        ]
    );
}

#[test]
fn an_inline_test_module_importing_its_own_file_is_no_loop() {
    let files = [
        ("lib.rs", "pub mod a;\npub mod b;\n"),
        (
            "a.rs",
            "pub fn f() {}\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
        ),
        (
            "b.rs",
            "#[cfg(test)]\nmod tests {\n    use super::super::a::f;\n}\n",
        ),
    ];
    assert_eq!(loops_in(&files), Vec::<String>::new());
    let strings = [
        ("lib.rs", "pub mod a;\npub mod b;\n"),
        (
            "a.rs",
            "use crate::b::g;\npub fn f() -> &'static str { \"crate::b::g\" }\n",
        ),
        (
            "b.rs",
            "pub fn g() -> char { let _ = r#\"crate::a::f\"#; 'x' }\n",
        ),
    ];
    assert_eq!(loops_in(&strings), Vec::<String>::new());
}
