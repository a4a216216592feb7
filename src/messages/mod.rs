//! The catalogue of every message a user reads, in Chinese and in English.
//!
//! A message is a variant of one of the enums made with
//! [`catalogue!`](crate::catalogue!); the
//! variant holds the values the message quotes, and the catalogue holds its
//! text in both languages side by side. A message is written where it is
//! made with `Display` (`Msg::EmptyStatus.to_string()`), in the language
//! chosen once at start-up with [`set_lang`] ([`Lang::from_env`] reads
//! `LC_ALL`, `LC_MESSAGES` and `LANG` the way POSIX orders them).
//!
//! One module per stage holds its enum: [`JobMsg`] (the job file),
//! [`SheetMsg`] (reading the spreadsheet), [`ComposeMsg`] (templates),
//! [`RenderMsg`] (packing, PDF), [`SplitMsg`] (extracts), [`CliMsg`] (what
//! the subcommands print) and [`CommonMsg`] (labels, file errors). Library
//! errors quoted inside a message (io, calamine, zip, TOML) keep their own
//! words.
//!
//! Both texts of a message must quote every value it holds: `format!` refuses
//! an unused named argument, so a message cannot lose a value in one of its
//! languages without the build failing.

mod cli;
mod common;
mod compose;
mod init;
mod job;
mod render;
mod sheet;
mod split;
mod template;
mod watch;

pub use cli::CliMsg;
pub use common::CommonMsg;
pub use compose::ComposeMsg;
pub use init::InitMsg;
pub use job::JobMsg;
pub use render::RenderMsg;
pub use sheet::SheetMsg;
pub use split::SplitMsg;
pub use template::TemplateMsg;
pub use watch::WatchMsg;

use std::sync::atomic::{AtomicU8, Ordering};

/// The language of the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// 中文.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The language the environment asks for: the first of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` that is set and not empty decides; Chinese when
    /// it starts with `zh`, English otherwise (and when none is set).
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Lang {
        let chosen = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(&var)
            .find(|value| !value.is_empty());
        match chosen {
            Some(value) if value.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// Both languages, Chinese first.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];
}

/// The language in use: English until [`set_lang`] says otherwise, so that
/// the library's own tests read the same on every machine.
static LANG: AtomicU8 = AtomicU8::new(1);

/// The language messages are written in from now on.
pub fn set_lang(lang: Lang) {
    LANG.store(
        match lang {
            Lang::Zh => 0,
            Lang::En => 1,
        },
        Ordering::Relaxed,
    );
}

/// The language messages are written in.
pub fn lang() -> Lang {
    match LANG.load(Ordering::Relaxed) {
        0 => Lang::Zh,
        _ => Lang::En,
    }
}

/// The most items a list in a message names; the rest are counted
/// ([`CommonMsg::AndMore`]).
pub const MAX_LISTED: usize = 10;

/// The most characters of a text quoted in a message; the rest are counted
/// ([`CommonMsg::Cut`]).
pub const MAX_QUOTED_CHARS: usize = 60;

/// Items joined by `separator` for a message: at most [`MAX_LISTED`],
/// each quoted with [`quote`], then "and N more".
pub fn list<S: AsRef<str>>(items: &[S], separator: &str) -> String {
    let mut out = items
        .iter()
        .take(MAX_LISTED)
        .map(|item| quote(item.as_ref()))
        .collect::<Vec<_>>()
        .join(separator);
    if items.len() > MAX_LISTED {
        out.push_str(
            &CommonMsg::AndMore {
                n: items.len() - MAX_LISTED,
            }
            .to_string(),
        );
    }
    out
}

/// A text from the user's files made fit to quote in a message: characters
/// one cannot see (zero-width spaces, direction marks, control characters)
/// shown escaped (`责任\u{200B}科室`, `\n`), and at most
/// [`MAX_QUOTED_CHARS`] characters, then how many more there are.
pub fn quote(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    for (shown, c) in chars.by_ref().enumerate() {
        if shown == MAX_QUOTED_CHARS {
            let rest = 1 + chars.count();
            out.push_str(&CommonMsg::Cut { n: rest }.to_string());
            return out;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || crate::sheet::cell::is_invisible(c)
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}') =>
            {
                out.push_str(&format!("\\u{{{:04X}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// Makes an enum of messages with their Chinese and English texts.
///
/// ```
/// gongwen::catalogue! {
///     /// Messages of an example.
///     pub enum Example {
///         /// A row has no status.
///         EmptyStatus => { zh: "完成情况为空", en: "the status is empty" },
///         /// A file is missing.
///         Missing { file: String } => {
///             zh: "找不到文件 {file}",
///             en: "cannot find {file}",
///         },
///     }
/// }
/// use gongwen::messages::Lang;
/// let m = Example::Missing { file: "a.xlsx".into() };
/// assert_eq!(m.text(Lang::Zh), "找不到文件 a.xlsx");
/// assert_eq!(m.text(Lang::En), "cannot find a.xlsx");
/// ```
#[macro_export]
macro_rules! catalogue {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident $({ $($field:ident : $ty:ty),* $(,)? })?
                    => { zh: $zh:literal, en: $en:literal $(,)? }
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                $variant $({ $(#[allow(missing_docs)] $field: $ty),* })?,
            )*
        }

        impl $name {
            /// The text of this message in `lang`.
            #[allow(unused_variables)]
            pub fn text(&self, lang: $crate::messages::Lang) -> String {
                match self {
                    $(
                        $name::$variant $({ $($field),* })? => match lang {
                            $crate::messages::Lang::Zh => format!($zh $($(, $field = $field)*)?),
                            $crate::messages::Lang::En => format!($en $($(, $field = $field)*)?),
                        },
                    )*
                }
            }
        }

        impl $name {
            /// Every message, with empty texts and zeros for its values:
            /// for the tests that read the whole catalogue.
            #[cfg(test)]
            #[allow(dead_code)]
            pub fn samples() -> Vec<$name> {
                vec![
                    $(
                        $name::$variant $({ $($field: Default::default()),* })?,
                    )*
                ]
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.text($crate::messages::lang()))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    catalogue! {
        /// Test messages.
        enum Sample {
            /// No values.
            Plain => { zh: "完成情况为空", en: "the status is empty" },
            /// Two values.
            Two { cell: String, n: usize } => {
                zh: "{cell}：{n} 行",
                en: "{cell}: {n} rows",
            },
        }
    }

    #[test]
    fn both_languages_quote_the_values() {
        let m = Sample::Two {
            cell: "C14".into(),
            n: 3,
        };
        assert_eq!(m.text(Lang::Zh), "C14：3 行");
        assert_eq!(m.text(Lang::En), "C14: 3 rows");
        assert_eq!(Sample::Plain.text(Lang::Zh), "完成情况为空");
    }

    /// Chinese terms of GB/T 9704 that the English texts quote on purpose,
    /// so that a clerk recognises them.
    const TERMS: &[&str] = &[
        "2026年第三季度",
        "机密★1年",
        "｛ ｝",
        "秘密",
        "机密",
        "绝密",
        "特提",
        "特急",
        "加急",
        "平急",
        "1—9月",
        "9月",
        "顺序号不加“第”字，不编虚位",
        "株发改发〔2016〕193号",
        "〔YYYY〕",
        "〔2016〕",
        "〔〕",
        "发文字号",
        "主送机关",
        "机关代字",
        "代字",
        "第一季度",
        "第二季度",
        "第三季度",
        "第四季度",
        "上半年",
        "下半年",
        "前三季度",
        "全年",
        "N号",
        "某某",
        "台账",
        "序号",
        "号",
        "第",
    ];

    fn is_chinese(c: char) -> bool {
        matches!(c, '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}' | '“' | '”')
    }

    /// Every message of the catalogue, in both languages.
    fn every_message() -> Vec<(String, String, String)> {
        fn texts<T: std::fmt::Debug>(
            all: Vec<T>,
            text: impl Fn(&T, Lang) -> String,
        ) -> Vec<(String, String, String)> {
            all.iter()
                .map(|m| (format!("{m:?}"), text(m, Lang::Zh), text(m, Lang::En)))
                .collect()
        }
        let mut all = Vec::new();
        all.extend(texts(CliMsg::samples(), CliMsg::text));
        all.extend(texts(CommonMsg::samples(), CommonMsg::text));
        all.extend(texts(ComposeMsg::samples(), ComposeMsg::text));
        all.extend(texts(JobMsg::samples(), JobMsg::text));
        all.extend(texts(RenderMsg::samples(), RenderMsg::text));
        all.extend(texts(SheetMsg::samples(), SheetMsg::text));
        all.extend(texts(SplitMsg::samples(), SplitMsg::text));
        all.extend(texts(InitMsg::samples(), InitMsg::text));
        all.extend(texts(WatchMsg::samples(), WatchMsg::text));
        all.extend(texts(TemplateMsg::samples(), TemplateMsg::text));
        all
    }

    #[test]
    fn every_message_reads_in_chinese_and_in_english() {
        let all = every_message();
        assert!(all.len() > 100, "{} messages", all.len());
        for (name, zh, en) in &all {
            // A line that only quotes a command has no words to translate.
            if name.starts_with("NextCommand") {
                continue;
            }
            assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{name}");
            assert!(
                !zh.contains(['\n', '\r']) && !en.contains(['\n', '\r']),
                "{name}"
            );
            assert!(zh.chars().any(is_chinese), "{name}: {zh}");
            assert_ne!(zh, en, "{name}");
            let mut rest = en.clone();
            for term in TERMS {
                rest = rest.replace(term, "");
            }
            assert!(!rest.chars().any(is_chinese), "{name}: {en}");
        }
    }

    #[test]
    fn lists_and_quotes_are_bounded_and_show_what_cannot_be_seen() {
        let many: Vec<String> = (0..2000).map(|i| format!("第{i}季度")).collect();
        let listed = list(&many, ", ");
        assert!(listed.ends_with(" and 1990 more"), "{listed}");
        assert!(listed.chars().count() < 200, "{listed}");
        assert_eq!(list(&["a", "b"], ", "), "a, b");
        assert_eq!(quote("责任\u{200B}科室\n"), "责任\\u{200B}科室\\n");
        let long = "科".repeat(1000);
        let quoted = quote(&long);
        assert!(quoted.ends_with("(940 more characters)"), "{quoted}");
    }

    #[test]
    fn the_environment_chooses_the_language_posix_order() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_env(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(Lang::from_env(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_env(env(&[])), Lang::En);
        assert_eq!(
            Lang::from_env(env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_env(env(&[("LC_ALL", ""), ("LANG", "zh_TW.UTF-8")])),
            Lang::Zh
        );
        assert_eq!(
            Lang::from_env(env(&[("LC_MESSAGES", "zh_CN"), ("LANG", "en_US")])),
            Lang::Zh
        );
    }
}
