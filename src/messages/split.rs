//! Messages about splitting the notice into per-section extracts.

crate::catalogue! {
    /// Problems planning and writing extracts.
    pub enum SplitMsg {
        /// The sheet has no sections column.
        NoSectionsColumn { rows: usize, unassigned: String } => {
            zh: "表中没有责任科室列（可在 [attachment.columns] 中设置 `sections`）；全部 {rows} 行都归入“{unassigned}”分册",
            en: "no sections column (set `sections` in [attachment.columns]); all {rows} rows go to the {unassigned} extract",
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
            zh: "应有 4 个字段：section,rows,file,sha256",
            en: "expected 4 fields: section,rows,file,sha256",
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
