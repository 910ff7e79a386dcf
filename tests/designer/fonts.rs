//! Every character the designer can show has a glyph in its fonts: a symbol the font
//! lacks shows as an empty box ("File ☐ New flow"). The strings are read from the source
//! (every non-ASCII character in a string literal of the core and the UI), so a new
//! message with an arrow fails here, not in a user's window.

use std::path::Path;

use crate::support;

/// The non-ASCII characters in the string literals of `dir`'s Rust files, where.
fn literal_chars(dir: &Path, out: &mut Vec<(char, String)>) {
    for entry in std::fs::read_dir(dir).expect("list") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            literal_chars(&path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let mut in_tests = false;
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("#[cfg(test)]") {
                in_tests = true; // tests may use any character they test with
            }
            if in_tests || code.starts_with("//") {
                continue;
            }
            // Only what is inside quotes.
            let mut inside = false;
            let mut escaped = false;
            for c in line.chars() {
                match c {
                    '\\' if inside && !escaped => escaped = true,
                    '"' if !escaped => inside = !inside,
                    _ if inside && !c.is_ascii() => {
                        out.push((c, format!("{}:{}", path.display(), n + 1)));
                    }
                    _ => escaped = false,
                }
                if c != '\\' {
                    escaped = false;
                }
            }
        }
    }
}

/// Whether one of the fonts egui falls back through for proportional text maps `c`.
fn has_glyph(c: char) -> bool {
    use skrifa::MetadataProvider;
    let fonts = egui::FontDefinitions::default();
    let family = &fonts.families[&egui::FontFamily::Proportional];
    family.iter().any(|name| {
        fonts.font_data.get(name).is_some_and(|data| {
            skrifa::FontRef::from_index(&data.font, data.index)
                .is_ok_and(|font| font.charmap().map(c).is_some())
        })
    })
}

#[test]
fn the_check_knows_a_missing_glyph_from_a_present_one() {
    assert!(has_glyph('a') && has_glyph('⚡') && has_glyph('·'));
    assert!(!has_glyph('▸'), "the arrow a user saw as a box");
}

#[test]
fn every_character_in_a_message_has_a_glyph() {
    let mut found = Vec::new();
    literal_chars(&support::repo().join("src").join("ui"), &mut found);
    literal_chars(&support::repo().join("src").join("governance"), &mut found);
    literal_chars(&support::repo().join("src").join("formula"), &mut found);
    assert!(!found.is_empty(), "the scan sees the messages");
    let missing: Vec<String> = found
        .iter()
        .filter(|(c, _)| !has_glyph(*c))
        .map(|(c, at)| format!("{c:?} at {at}"))
        .collect();
    assert!(missing.is_empty(), "no glyph for: {missing:#?}");
}
