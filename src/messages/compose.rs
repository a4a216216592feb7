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
        /// A template that did not finish within its fuel.
        RanTooLong => {
            zh: "模板运行时间过长（循环过多或生成的文字过多），已中止：请检查模板中的循环",
            en: "the template ran too long (too many loops or too much text made) and was stopped: check its loops",
        },
        /// A template whose text passed its limit.
        TooMuchText { max: String } => {
            zh: "模板生成的文字超过 {max}，已中止：请检查模板中的循环",
            en: "the template made more than {max} of text and was stopped: check its loops",
        },
    }
}
