//! Header names → the roles the notice needs (task, units, status, sections).
//!
//! Names are compared after normalising width (full-width letters, digits
//! and brackets to half-width), white space and bracket style, so that
//! `委内责任科室（单位）` matches `委内责任科室(单位)`. A role the job names in
//! `[attachment.columns]` matches that name only; otherwise its usual names
//! (aliases) are tried.

use crate::job::Columns;

/// What a column means to the notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// 工作任务: the row's key text. Required.
    Task,
    /// 责任单位.
    Units,
    /// 完成情况. Required.
    Status,
    /// 委内责任科室(单位): the sections a row belongs to.
    Sections,
}

impl Role {
    /// All roles, in matching order.
    pub const ALL: [Role; 4] = [Role::Task, Role::Units, Role::Status, Role::Sections];

    /// The key of `[attachment.columns]` for this role.
    pub fn key(self) -> &'static str {
        match self {
            Role::Task => "task",
            Role::Units => "units",
            Role::Status => "status",
            Role::Sections => "sections",
        }
    }

    /// Whether a sheet without this column is unusable.
    pub fn is_required(self) -> bool {
        matches!(self, Role::Task | Role::Status)
    }

    /// The usual header names of the role.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Role::Task => &[
                "工作任务",
                "重点工作",
                "任务",
                "重点工作任务",
                "重点任务",
                "工作内容",
                "任务内容",
                "主要任务",
                "工作事项",
            ],
            Role::Units => &[
                "责任单位",
                "牵头单位",
                "责任部门",
                "牵头部门",
                "牵头责任单位",
                "责任单位(部门)",
            ],
            Role::Status => &[
                "完成情况",
                "上半年完成情况",
                "进展情况",
                "推进情况",
                "工作进展",
                "落实情况",
                "进度",
                "进展",
                "完成进度",
            ],
            Role::Sections => &[
                "委内责任科室(单位)",
                "责任科室",
                "牵头科室",
                "委内责任科室",
                "责任处室",
                "责任科室(单位)",
                "科室",
                "责任股室",
            ],
        }
    }

    /// The name the job gives this role, if any.
    pub fn configured(self, columns: &Columns) -> Option<&str> {
        match self {
            Role::Task => columns.task.as_deref(),
            Role::Units => columns.units.as_deref(),
            Role::Status => columns.status.as_deref(),
            Role::Sections => columns.sections.as_deref(),
        }
    }

    /// Whether a header cell names this role.
    pub fn matches(self, header: &str, columns: &Columns) -> bool {
        let h = normalize_header(header);
        if h.is_empty() {
            return false;
        }
        if let Some(name) = self.configured(columns) {
            return h == normalize_header(name);
        }
        self.score(header) > 0
    }

    /// How well a header names this role by the usual names: 2 a usual
    /// name, 1 a name of the usual pattern, 0 not at all. Patterns: a
    /// period or qualifier before the usual name (`前三季度完成情况`,
    /// `截至9月底进展情况`, `第三季度推进情况`, `主要工作任务`).
    pub fn score(self, header: &str) -> u8 {
        let h = normalize_header(header);
        if h.is_empty() {
            return 0;
        }
        if self.aliases().iter().any(|a| normalize_header(a) == h) {
            return 2;
        }
        let pattern = match self {
            Role::Status => ["完成情况", "进展情况", "推进情况", "落实情况", "工作进展"]
                .iter()
                .any(|end| h.ends_with(end)),
            Role::Task => h.ends_with("任务") && h.chars().count() <= 8,
            Role::Units => false,
            Role::Sections => h.ends_with("责任科室") || h.ends_with("责任股室"),
        };
        u8::from(pattern)
    }
}

/// Whether a cell's text is a number or a percentage (`52%`, `0.3`, `100`).
pub fn is_numeric_text(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['%', '％']);
    !t.is_empty() && t.parse::<f64>().is_ok()
}

/// Folds a header name for comparison: full-width ASCII to half-width,
/// every bracket to `(`/`)`, white space and invisible characters
/// (U+200B, U+FEFF, U+00AD …) removed.
pub fn normalize_header(name: &str) -> String {
    name.chars().filter_map(normalize_char).collect()
}

/// One character as [`normalize_header`] folds it; `None` for one it
/// removes.
pub fn normalize_char(c: char) -> Option<char> {
    if super::cell::is_invisible(c) {
        return None;
    }
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        other => other,
    };
    let c = match c {
        '〔' | '【' | '﹝' | '[' | '{' => '(',
        '〕' | '】' | '﹞' | ']' | '}' => ')',
        other => other,
    };
    (!c.is_whitespace() && c != '\u{3000}' && c != '\u{00A0}').then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_match_across_widths_and_brackets() {
        let none = Columns::default();
        assert!(Role::Sections.matches("委内责任科室（单位）", &none));
        assert!(Role::Sections.matches(" 委内责任科室(单位) ", &none));
        assert!(Role::Sections.matches("委内责任科室【单位】", &none));
        assert!(Role::Sections.matches("委内责任科室［单位］", &none));
        assert!(Role::Status.matches("上半年完成情况", &none));
        assert!(Role::Status.matches("前三季度完成情况", &none));
        assert!(Role::Task.matches("工 作 任 务", &none));
        assert!(Role::Task.matches("重点任务", &none));
        assert!(Role::Status.matches("进展及完成情况", &none));
        assert!(Role::Status.matches("完成进度", &none));
        assert!(!Role::Task.matches("责任单位", &none));
        assert!(!Role::Status.matches("", &none));
        assert!(Role::Sections.matches("责任\u{200B}科室", &none));
        assert!(Role::Task.matches("\u{FEFF}工作任务\u{00AD}", &none));
        assert!(Role::Task.matches("主要工作任务", &none));
        assert!(Role::Status.matches("第三季度推进情况", &none));
        assert!(Role::Status.matches("截至9月底进展情况", &none));
    }

    #[test]
    fn a_configured_name_replaces_the_aliases() {
        let cols = Columns {
            task: Some("重点事项".into()),
            ..Columns::default()
        };
        assert!(Role::Task.matches("重点事项", &cols));
        assert!(!Role::Task.matches("工作任务", &cols));
    }
}
