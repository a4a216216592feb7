//! Messages shared by every step: the labels of a diagnostic, files that
//! cannot be read or written, and an unexpected failure.

crate::catalogue! {
    /// Labels, separators and file errors used everywhere.
    pub enum CommonMsg {
        /// The label before an error.
        ErrorLabel => { zh: "错误：", en: "error: " },
        /// The label before a warning.
        WarningLabel => { zh: "警告：", en: "warning: " },
        /// Between a place and what is wrong there.
        Separator => { zh: "：", en: ": " },
        /// A file could not be read; `cause` is the system's own words.
        CannotRead { path: String, cause: String } => {
            zh: "无法读取“{path}”：{cause}",
            en: "cannot read `{path}`: {cause}",
        },
        /// A file could not be written; `cause` is the system's own words.
        CannotWrite { path: String, cause: String } => {
            zh: "无法写入“{path}”：{cause}",
            en: "cannot write `{path}`: {cause}",
        },
        /// A file could not be read, as a diagnostic at that file.
        CannotReadHere { cause: String } => {
            zh: "无法读取：{cause}",
            en: "cannot read: {cause}",
        },
        /// A file could not be written, as a diagnostic at that file.
        CannotWriteHere { cause: String } => {
            zh: "无法写入：{cause}",
            en: "cannot write: {cause}",
        },
        /// A bug: the program stopped unexpectedly.
        Panic { detail: String } => {
            zh: "gongwen 意外中止，请将此信息报告给维护人员：{detail}",
            en: "gongwen failed unexpectedly, please report this: {detail}",
        },
    }
}
