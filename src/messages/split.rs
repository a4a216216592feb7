//! Messages about splitting the notice into per-section extracts.

crate::catalogue! {
    /// Problems planning and writing extracts.
    pub enum SplitMsg {
        /// The sheet has no sections column.
        NoSectionsColumn { rows: usize, unassigned: String } => {
            zh: "表中没有责任科室列（可在 [attachment.columns] 中设置 `sections`）；全部 {rows} 行都归入“{unassigned}”分册",
            en: "no sections column (set `sections` in [attachment.columns]); all {rows} rows go to the {unassigned} extract",
        },
        /// A further attachment names a section the first does not, so
        /// its rows for it are in no extract.
        SectionNotInFirst { key: String, section: String, rows: usize } => {
            zh: "{key} 中有 {rows} 行属于“{section}”，但第一个附件没有这个科室，分册按第一个附件的科室生成，这些行不在任何分册中",
            en: "{rows} rows of {key} are for {section}, which the first attachment does not name: the extracts are the first attachment's sections, so these rows are in none",
        },
        /// A row names no section.
        NoSection { unassigned: String } => {
            zh: "此行未填写责任科室，归入“{unassigned}”分册",
            en: "the row names no section; it goes to the {unassigned} extract",
        },
        /// `--section` names a section not in the data.
        NoSuchSection { name: String, sections: String } => {
            zh: "没有名为“{name}”的责任科室；现有责任科室：{sections}",
            en: "no section named `{name}`; the sections are: {sections}",
        },
        /// A file name that would leave the output folder.
        LeavesFolder => {
            zh: "拒绝使用会越出输出文件夹的文件名",
            en: "refusing a file name that leaves the output folder",
        },
        /// An `index.csv` entry that is not used.
        EntryIgnored { problem: String } => {
            zh: "已忽略此条记录：{problem}",
            en: "entry ignored: {problem}",
        },
        /// An `index.csv` record with the wrong number of fields.
        IndexFields => {
            zh: "字段数与表头（section,rows,file,sha256,job,job_id）不符",
            en: "the fields do not match the header (section,rows,file,sha256,job,job_id)",
        },
        /// An `index.csv` line of another job than the first line's.
        IndexOtherJob => {
            zh: "此行记录的是另一份配置文件写出的文件",
            en: "the line names a file another job wrote",
        },
        /// A file named `index.csv` that is no index gongwen wrote.
        IndexNotOurs => {
            zh: "这不是 gongwen 写出的目录文件，不会替换：请用 --out-dir 另选文件夹，或加 --force 接管此文件夹",
            en: "this is no index gongwen wrote and is not replaced: choose another folder with --out-dir, or take this one over with --force",
        },
        /// The folder holds the extracts of another job.
        OtherJob { job: String } => {
            zh: "此文件夹存放的是另一份配置文件（{job}）的分册，不会改动：请用 --out-dir 另选文件夹，或加 --force 接管",
            en: "this folder holds the extracts of another job (`{job}`) and is left alone: choose another folder with --out-dir, or take it over with --force",
        },
        /// A file in the folder that gongwen did not write.
        NotWritten { more: String } => {
            zh: "此文件不是 gongwen 写出的，不会替换{more}；未写入任何文件：请移走它，或加 --force 替换",
            en: "gongwen did not write this file and does not replace it{more}; nothing was written: move it away, or replace it with --force",
        },
        /// A file gongwen wrote that was changed since.
        ChangedSince { more: String } => {
            zh: "此文件在 gongwen 写出后被修改过，不会替换{more}；未写入任何文件：请先保存修改，或加 --force 替换",
            en: "this file was changed since gongwen wrote it and is not replaced{more}; nothing was written: keep the changes elsewhere, or replace it with --force",
        },
        /// The other files refused, after the first.
        AlsoRefused { files: String } => {
            zh: "（另有：{files}）",
            en: " (nor {files})",
        },
        /// Another run holds the folder.
        FolderBusy { holder: String } => {
            zh: "另一次运行（{holder}）正在写入此文件夹，等待超时",
            en: "another run ({holder}) is writing this folder; gave up waiting",
        },
        /// Another run holds the folder: this one waits.
        Waiting { holder: String } => {
            zh: "另一次运行（{holder}）正在写入此文件夹，等待其完成",
            en: "another run ({holder}) is writing this folder: waiting for it",
        },
        /// An `index.csv` row count that is not a number.
        IndexRows { rows: String } => {
            zh: "“{rows}”不是行数",
            en: "`{rows}` is not a row count",
        },
        /// An `index.csv` file name that is not an extract's.
        IndexFile { file: String } => {
            zh: "“{file}”不是本文件夹中的文件名",
            en: "`{file}` is not a file name in this folder",
        },
    }
}
