//! The census on small texts: preamble, footer, blank lines and ragged rows found, and every line taken once.

use super::*;

fn census(text: &str) -> Census {
    let c = of_text(text, b',', 0);
    assert!(c.balanced(), "{c:?}");
    c
}

#[test]
fn short_rows_at_the_end_are_rows() {
    let c = census("name,value,source\nA,10,src\nB,20,src\nC,30\nD,40\n");
    assert_eq!((c.rows, c.footer, c.ragged_count), (4, 0, 2));
    assert_eq!(c.ragged.unwrap(), Ragged { line: 4, fields: 2, text: "C,30".into() });
}

#[test]
fn notes_after_the_rows_are_a_footer() {
    let text = "a,b,c\n1,2,3\n\n\"FUENTE: INEGI, 2020.\"\nNota:,,\n\n";
    let c = census(text);
    assert_eq!((c.rows, c.blank_after, c.footer, c.ragged_count), (1, 2, 2, 0));
    assert_eq!(&text[..c.rows_end], "a,b,c\n1,2,3\n");
    // A note followed by a row was a row.
    let c = census("a,b,c\n1,2,3\nFuente: x\n4,5,6\n");
    assert_eq!((c.rows, c.footer, c.ragged.map(|r| r.line)), (3, 0, Some(3)));
}

#[test]
fn a_last_row_with_missing_values_stays_a_row() {
    let c = census("state,n,source\nA,1,s\nZacatecas,,\n");
    assert_eq!((c.rows, c.footer, c.ragged_count), (2, 0, 0));
}

#[test]
fn quoted_line_breaks_belong_to_the_row() {
    let text = "a,b,c\n1,2,\"x\nmore\"\n";
    let c = census(text);
    assert_eq!((c.rows, c.row_lines, c.footer, c.spanning), (1, 2, 0, true));
    assert_eq!(c.rows_end, text.len());
    let c = census("a,b\n1,\"never closed\n2,3\n");
    assert_eq!(c.unclosed, Some((2, 3, "1,\"never closed".into())));
}

#[test]
fn quotes_inside_a_plain_field_are_text() {
    let c = census("a,b\nsay \"hi,2\n3,4\n");
    assert_eq!((c.rows, c.ragged_count), (2, 0));
    let c = census("a,b\n\"x\"\"y,z\",2\n");
    assert_eq!((c.rows, c.ragged_count), (1, 0));
}

#[test]
fn preamble_blank_lines_and_endings_are_counted() {
    let c = of_text("Title\nDate\n\nx,y\n1,2\n\n3,4\n  \n", b',', 3);
    assert!(c.balanced(), "{c:?}");
    assert_eq!((c.preamble, c.header_line, c.rows, c.blank_inside, c.blank_after), (3, 4, 2, 1, 1));
    let c = census("x,y\r\n1,2\r\n3,4");
    assert_eq!((c.lines, c.rows, c.bare_cr), (3, 2, false));
    let c = census(&"x,y\r\n".repeat(40));
    assert_eq!((c.lines, c.rows, c.ragged_count), (40, 39, 0));
    let c = census(&format!("{}1,2,3\r\n,\r\n", "x,y\r\n".repeat(40)));
    assert_eq!((c.lines, c.rows, c.blank_after, c.ragged.map(|r| r.line)), (42, 40, 1, Some(41)));
    assert!(census("x,y\r1,2\n").bare_cr);
}

#[test]
fn blocks_give_what_the_whole_text_gives() {
    let mut text = String::from("Title\nx,y,z\n");
    for i in 0..5000 {
        text.push_str(&format!("{i},\"a\nb\",{}\n", i % 7));
    }
    text.push_str("1,2\nFuente: x\n");
    let whole = of_text(&text, b',', 1);
    let mut c = Counter::new(b',', 1);
    let mut rest: Vec<u8> = Vec::new();
    for chunk in text.as_bytes().chunks(97) {
        rest.extend_from_slice(chunk);
        let used = c.feed(&rest, false);
        rest.drain(..used);
    }
    let used = c.feed(&rest, true);
    assert_eq!(used, rest.len());
    assert_eq!(c.finish(), whole);
    assert_eq!((whole.rows, whole.footer, whole.ragged.map(|r| r.line)), (5001, 1, Some(10003)));
}

#[test]
fn the_fast_road_stops_at_the_first_other_line_wherever_it_falls() {
    for bad in 0..90 {
        let mut text = String::from("a,b,c\n");
        for i in 0..90 {
            let row =
                if i == bad { format!("{i},x\n") } else { format!("{i},{},z{}\n", "y".repeat(i % 70), i) };
            text.push_str(&row);
        }
        let c = census(&text);
        assert_eq!((c.rows, c.ragged_count), (90, 1), "bad row {bad}");
        assert_eq!(c.ragged.unwrap().line, bad + 2, "bad row {bad}");
    }
}

#[test]
fn a_header_may_end_in_unnamed_cells_the_rows_leave_out() {
    let c = census("Entidad,,2019,2020,\nA,x,1,2\nB,y,3,4,\n");
    assert_eq!((c.width, c.min_width, c.narrow, c.ragged_count), (5, 4, 1, 0));
    let c = census("a,b,,\n1,2\n1\n");
    assert_eq!((c.min_width, c.narrow, c.ragged.map(|r| r.fields)), (2, 1, Some(1)));
    assert_eq!(split_line(b"a,\"b,\"\"c\",,\"\"", b','), [&b"a"[..], b"b,\"c", b"", b""]);
}
