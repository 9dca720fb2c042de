//! Jepsen EDN op maps, one per line: `{:process 0, :type :invoke, :f :get, :key "3", :value nil}`.

use super::{check_value, Event, Kind, Line, Val};
use crate::op::Fun;

/// Parses one line of EDN ops.
pub(crate) fn parse_line(line: &str) -> Line {
    parse(line).0
}

/// Whether `line` is an op map this format reads (a non-integer `:process` included).
pub(crate) fn is_valid(line: &str) -> bool {
    match parse(line) {
        (Line::Event(_), _) => true,
        (Line::Noise, well_formed) => well_formed,
        (Line::Error(..), _) => false,
    }
}

/// The line's meaning, and whether it was a well-formed op map.
fn parse(line: &str) -> (Line, bool) {
    if line.trim().is_empty() {
        return (Line::Noise, false);
    }
    let mut r = Reader {
        s: line.as_bytes(),
        pos: 0,
    };
    r.skip_space();
    if r.peek() != Some(b'{') {
        return (Line::Error("not an EDN map".into(), None), false);
    }
    let entries = match r.value() {
        Ok(Edn::Map(entries)) => entries,
        Ok(_) => return (Line::Error("not an EDN map".into(), None), false),
        Err(why) => return (Line::Error(why, None), false),
    };
    r.skip_space();
    if r.pos < r.s.len() {
        return (Line::Error("text after the map".into(), None), false);
    }
    let field = |name: &str| {
        entries.iter().find_map(|(k, v)| match k {
            Edn::Keyword(k) if k == name => Some(v),
            _ => None,
        })
    };
    let process = match field("process") {
        None => return (Line::Error("no :process".into(), None), false),
        Some(Edn::Int(p)) => *p,
        Some(_) => return (Line::Noise, true),
    };
    let kind = match field("type") {
        Some(Edn::Keyword(k)) => Kind::from_keyword(k),
        _ => None,
    };
    let Some(kind) = kind else {
        return (
            Line::Error("no :type of :invoke, :ok, :fail or :info".into(), None),
            false,
        );
    };
    let invoke_of = (kind == Kind::Invoke).then_some(process);
    let fun = match field("f") {
        Some(Edn::Keyword(k)) => Fun::from_name(k),
        _ => None,
    };
    let Some(fun) = fun else {
        let why = "no :f of :read, :write, :cas, :get, :put or :append";
        return (Line::Error(why.into(), invoke_of), false);
    };
    let value = match field("value") {
        None | Some(Edn::Nil) => Val::Nil,
        Some(Edn::Int(i)) => Val::Int(*i),
        Some(Edn::Str(s)) => Val::Str(s.clone()),
        Some(Edn::Keyword(k)) => Val::Keyword(k.clone()),
        Some(Edn::Vector(items)) => match items[..] {
            [ref a, ref b] => match (scalar(a), scalar(b)) {
                (Some(a), Some(b)) => Val::Pair(a, b),
                _ => Val::Other,
            },
            _ => Val::Other,
        },
        Some(_) => Val::Other,
    };
    if let Err(why) = check_value(kind, fun, &value) {
        return (Line::Error(why, invoke_of), false);
    }
    let key = match field("key") {
        None => None,
        Some(Edn::Str(s)) => Some(s.clone()),
        Some(Edn::Int(i)) => Some(i.to_string()),
        Some(Edn::Keyword(k)) => Some(format!(":{k}")),
        Some(_) => {
            return (
                Line::Error(":key is not a string, integer or keyword".into(), invoke_of),
                false,
            )
        }
    };
    let time = match field("time") {
        None => None,
        Some(Edn::Int(t)) => Some(*t),
        Some(_) => {
            return (
                Line::Error(":time is not an integer".into(), invoke_of),
                false,
            )
        }
    };
    (
        Line::Event(Event {
            line: 0,
            process,
            kind,
            fun,
            key,
            value,
            time,
        }),
        true,
    )
}

/// A register value in a cas pair: `nil` or an integer.
fn scalar(v: &Edn) -> Option<Option<i64>> {
    match v {
        Edn::Nil => Some(None),
        Edn::Int(i) => Some(Some(*i)),
        _ => None,
    }
}

/// The EDN values this reader tells apart; everything else is `Other`.
#[derive(Debug)]
enum Edn {
    Nil,
    Int(i64),
    Str(String),
    Keyword(String),
    Vector(Vec<Edn>),
    Map(Vec<(Edn, Edn)>),
    Other,
}

/// A small EDN reader over one line.
struct Reader<'a> {
    s: &'a [u8],
    pos: usize,
}

/// Bytes that end a token.
fn delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || b",{}[]()\";".contains(&b)
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    /// Skips whitespace, commas and `;` comments.
    fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if b.is_ascii_whitespace() || b == b',' {
                self.pos += 1;
            } else if b == b';' {
                self.pos = self.s.len();
            } else {
                break;
            }
        }
    }

    /// A token up to the next delimiter.
    fn token(&mut self) -> &str {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if delimiter(b) {
                break;
            }
            self.pos += 1;
        }
        // Tokens start and end at ASCII delimiters, so they are whole UTF-8.
        std::str::from_utf8(&self.s[start..self.pos]).unwrap_or("")
    }

    /// Values up to the closing byte `close`.
    fn until(&mut self, close: u8) -> Result<Vec<Edn>, String> {
        let mut items = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                None => return Err(format!("no closing '{}'", close as char)),
                Some(b) if b == close => {
                    self.pos += 1;
                    return Ok(items);
                }
                Some(_) => items.push(self.value()?),
            }
        }
    }

    fn value(&mut self) -> Result<Edn, String> {
        self.skip_space();
        let Some(b) = self.peek() else {
            return Err("a value is missing".into());
        };
        match b {
            b'{' => {
                self.pos += 1;
                let items = self.until(b'}')?;
                if items.len() % 2 != 0 {
                    return Err("a map with a key but no value".into());
                }
                let mut entries = Vec::with_capacity(items.len() / 2);
                let mut it = items.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    entries.push((k, v));
                }
                Ok(Edn::Map(entries))
            }
            b'[' => {
                self.pos += 1;
                Ok(Edn::Vector(self.until(b']')?))
            }
            b'(' => {
                self.pos += 1;
                self.until(b')').map(|_| Edn::Other)
            }
            b'}' | b']' | b')' => Err(format!("an unexpected '{}'", b as char)),
            b'"' => self.string().map(Edn::Str),
            b'#' => {
                self.pos += 1;
                match self.peek() {
                    Some(b'{') => {
                        self.pos += 1;
                        self.until(b'}').map(|_| Edn::Other)
                    }
                    Some(b'_') => {
                        self.pos += 1;
                        self.value()?;
                        self.value()
                    }
                    _ => {
                        // A tagged literal: #tag value.
                        if self.token().is_empty() {
                            return Err("a '#' with no tag".into());
                        }
                        self.value().map(|_| Edn::Other)
                    }
                }
            }
            b'\\' => {
                self.pos += 1;
                if self.peek().is_none() {
                    return Err("a '\\' with no character".into());
                }
                self.pos += 1;
                self.token();
                Ok(Edn::Other)
            }
            b':' => {
                self.pos += 1;
                let k = self.token();
                if k.is_empty() {
                    return Err("an empty keyword".into());
                }
                Ok(Edn::Keyword(k.to_string()))
            }
            _ => {
                let t = self.token();
                if t.is_empty() {
                    return Err("a value is missing".into());
                }
                Ok(atom(t))
            }
        }
    }

    /// A string literal with its escapes.
    fn string(&mut self) -> Result<String, String> {
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let Some(b) = self.peek() else {
                return Err("a string with no closing '\"'".into());
            };
            self.pos += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(e) = self.peek() else {
                        return Err("a string with no closing '\"'".into());
                    };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'\\' | b'"' => out.push(e),
                        _ => {
                            return Err(format!("an unknown escape '\\{}' in a string", e as char))
                        }
                    }
                }
                _ => out.push(b),
            }
        }
        String::from_utf8(out).map_err(|_| "a string that is not UTF-8".into())
    }
}

/// A symbol or number token.
fn atom(t: &str) -> Edn {
    match t {
        "nil" => Edn::Nil,
        "true" | "false" => Edn::Other,
        _ => {
            let digits = t.strip_suffix('N').unwrap_or(t);
            match digits.parse::<i64>() {
                Ok(i) => Edn::Int(i),
                Err(_) => Edn::Other,
            }
        }
    }
}
