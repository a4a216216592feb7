//! Messages about the body, note and attachment-title templates.

crate::catalogue! {
    /// Problems rendering a template; `kind` and `detail` quote minijinja.
    pub enum ComposeMsg {
        /// A template error with minijinja's detail.
        TemplateDetail { kind: String, detail: String } => {
            zh: "模板有误：{kind}（{detail}）",
            en: "template error: {kind} ({detail})",
        },
        /// A template error without detail.
        Template { kind: String } => {
            zh: "模板有误：{kind}",
            en: "template error: {kind}",
        },
        /// A date filter (`cn_date`, `md`) given something that is not a date.
        NotADate { value: String } => {
            zh: "“{value}”不是日期（应为 年-月-日）",
            en: "`{value}` is not a date (YYYY-MM-DD)",
        },
        /// The template line the error is on, after the error.
        InLine { line: String } => {
            zh: "，出错的行：“{line}”",
            en: " in `{line}`",
        },
    }
}
