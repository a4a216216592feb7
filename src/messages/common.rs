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
        /// What a path names, in messages: a regular file.
        KindFile => { zh: "普通文件", en: "a regular file" },
        /// What a path names: a folder.
        KindFolder => { zh: "文件夹", en: "a folder" },
        /// What a path names: a symbolic link.
        KindSymlink => { zh: "符号链接", en: "a symbolic link" },
        /// What a path names: a named pipe.
        KindFifo => { zh: "命名管道（FIFO）", en: "a FIFO (named pipe)" },
        /// What a path names: a device such as /dev/zero.
        KindDevice => { zh: "设备文件", en: "a device" },
        /// What a path names: a Unix socket.
        KindSocket => { zh: "套接字", en: "a socket" },
        /// What a path names: something else.
        KindOther => { zh: "特殊文件", en: "a special file" },
        /// An input that is not a regular file.
        NotARegularFile { kind: String } => {
            zh: "这是{kind}，不是普通文件，不能读取",
            en: "this is {kind}, not a regular file: not read",
        },
        /// An input larger than gongwen reads.
        InputTooLarge { size: String, max: String } => {
            zh: "文件大小为 {size}，超过了可读取的上限 {max}",
            en: "the file is {size}, more than the {max} gongwen reads",
        },
        /// An output path that names one of the run's inputs.
        OutputIsInput { input: String } => {
            zh: "输出文件就是输入文件“{input}”，不能覆盖：请另选输出位置（--out / --out-dir）",
            en: "the output is the input `{input}` itself and would replace it: choose another output (--out / --out-dir)",
        },
        /// An output path that is not a regular file.
        OutputNotAFile { kind: String } => {
            zh: "这是{kind}，不是普通文件，gongwen 不会写入或替换它",
            en: "this is {kind}, not a regular file: gongwen does not write over it",
        },
        /// An output path that is a symbolic link.
        OutputIsSymlink { target: String } => {
            zh: "这是指向“{target}”的符号链接，gongwen 不会替换它：请写出实际文件的路径",
            en: "this is a symbolic link to `{target}`: gongwen does not write through it; name the file itself",
        },
        /// The end of a list cut short.
        AndMore { n: usize } => {
            zh: "等，另有 {n} 项",
            en: " and {n} more",
        },
        /// The end of a quoted text cut short.
        Cut { n: usize } => {
            zh: "…（另有 {n} 个字符）",
            en: "… ({n} more characters)",
        },
        /// A bug: the program stopped unexpectedly.
        Panic { detail: String } => {
            zh: "gongwen 意外中止，请将此信息报告给维护人员：{detail}",
            en: "gongwen failed unexpectedly, please report this: {detail}",
        },
    }
}
