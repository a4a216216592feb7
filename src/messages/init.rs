//! Messages of `gongwen init` and of the placeholders it writes.

crate::catalogue! {
    /// What `gongwen init` says.
    pub enum InitMsg {
        /// A file was written.
        Written { file: String } => {
            zh: "已写入 {file}",
            en: "written {file}",
        },
        /// A file was there already and was left alone.
        Skipped { file: String } => {
            zh: "已跳过 {file}（文件已存在，未改动）",
            en: "skipped {file} (exists)",
        },
        /// The table found in the clerk's spreadsheet.
        Found { file: String, sheet: String, row: u32 } => {
            zh: "在 {file} 的“{sheet}”工作表第 {row} 行找到表头：",
            en: "found the header of {file} on sheet `{sheet}`, row {row}:",
        },
        /// One column role and the header it maps to.
        Column { key: String, role: String, header: String } => {
            zh: "  {role}（{key}）= {header}",
            en: "  {key} ({role}) = {header}",
        },
        /// A column role that the spreadsheet does not have.
        NoColumn { key: String, role: String } => {
            zh: "  {role}（{key}）：未找到，可不填",
            en: "  {key} ({role}): not found; it is optional",
        },
        /// A required role whose header was not found: the job is written
        /// with the key commented out.
        MissingRole { key: String, role: String, seen: String } => {
            zh: "  {role}（{key}）：未找到，请在 [attachment.columns] 中填写 {key}，从以下表头中选一个：{seen}",
            en: "  {key} ({role}): not found; fill `{key}` in [attachment.columns] with one of the headers seen: {seen}",
        },
        /// The sheet whose header was surveyed.
        Surveyed { file: String, sheet: String } => {
            zh: "{file} 的“{sheet}”工作表中没有找到全部必需的列；配置文件照常写入，缺少的列已注释列出：",
            en: "{file}, sheet `{sheet}`: not every required column was found; the job is written with the missing ones commented out:",
        },
        /// `init --from` on a folder whose job reads another spreadsheet.
        JobExists { job: String, data: String, from: String } => {
            zh: "{job} 已存在，读取的是 {data}：未作任何改动。如要从 {from} 新建，请换一个文件夹，或先删除 {job}",
            en: "{job} exists and reads {data}: it was not changed. To start from {from}, use another folder or remove {job} first",
        },
        /// The first next step.
        NextEdit { job: String } => {
            zh: "下一步：编辑 {job}，把所有“某某”占位内容改为实际内容；然后运行：",
            en: "Next: edit {job} and replace every 某某 placeholder; then run:",
        },
        /// A suggested command line.
        NextCommand { command: String } => {
            zh: "  {command}",
            en: "  {command}",
        },
        /// The sample spreadsheet is to be replaced.
        NextData { data: String } => {
            zh: "示例台账 {data} 可以直接换成本单位的台账，表头按常用名称自动识别。",
            en: "Replace the sample {data} with your own 台账: its header is found by the usual column names.",
        },
        /// The folder could not be made.
        NoFolder { dir: String, cause: String } => {
            zh: "无法创建文件夹 {dir}：{cause}",
            en: "cannot create the folder {dir}: {cause}",
        },
        /// A value is still what `init` wrote.
        Placeholder { value: String } => {
            zh: "仍是 gongwen init 写入的占位内容“{value}”，请改为实际内容",
            en: "still the placeholder `{value}` written by gongwen init: replace it",
        },
    }
}
