//! What the subcommands print: what was written, summaries, and the lines
//! of `diff`'s text report.

crate::catalogue! {
    /// The status lines and summaries of the subcommands.
    pub enum CliMsg {
        /// Between the items of a list (sections, columns).
        ListSeparator => { zh: "、", en: ", " },
        /// A file was written for the first time.
        Created => { zh: "已生成", en: "written" },
        /// A file was rewritten with new content.
        Updated => { zh: "已更新", en: "updated" },
        /// A file already held the same content.
        Unchanged => { zh: "内容未变", en: "unchanged" },
        /// A file was written (the PDF of a document).
        Written { path: String } => {
            zh: "{path}：已生成",
            en: "{path}: written",
        },
        /// The page images of a document.
        PageImages { first: String, last: String, count: usize } => {
            zh: "{first} … {last}：共 {count} 页页面图片",
            en: "{first} … {last}: {count} page images",
        },
        /// `render`'s summary; `what` is [`CliMsg::Created`], `Updated` or
        /// `Unchanged`.
        RenderSummary { path: String, what: String, rows: usize, sections: usize, warnings: usize, note: String } => {
            zh: "{path}：{what}（附件 {rows} 行，{sections} 个责任科室，{warnings} 条警告{note}）",
            en: "{path}: {what} ({rows} attachment rows, {sections} sections, {warnings} warnings{note})",
        },
        /// After `render`'s counts when several sheets matched.
        RenderSheetNote { sheet: String, others: String } => {
            zh: "；读取工作表“{sheet}”，另有表头相符的工作表：{others}",
            en: "; sheet `{sheet}`, also matching: {others}",
        },
        /// Which sheet was read, and why.
        SheetRead { file: String, sheet: String, why: String } => {
            zh: "{file}：读取工作表“{sheet}”（{why}）",
            en: "{file}: read sheet `{sheet}` ({why})",
        },
        /// The other sheets whose header matched.
        SheetOthers { others: String } => {
            zh: "  另有表头相符的工作表：{others}",
            en: "  other sheets with a matching header: {others}",
        },
        /// Why: the job names the sheet, or there is one.
        WhyNamed => { zh: "配置文件指定的工作表", en: "named in the job" },
        /// Why: the only sheet.
        WhyOnly => { zh: "唯一的工作表", en: "the only sheet" },
        /// Why: the only sheet whose header matched.
        WhyOnlyMatch => { zh: "唯一表头相符的工作表", en: "the only one with a matching header" },
        /// Why: it names the period.
        WhyPeriod { period: String } => {
            zh: "名称或标题写有报告期“{period}”",
            en: "its name or title names the period {period}",
        },
        /// Why: the active sheet.
        WhyActive => { zh: "打开工作簿时显示的工作表", en: "the sheet the workbook opens on" },
        /// Why: the first that matched.
        WhyFirst => { zh: "第一个表头相符的工作表", en: "the first with a matching header" },
        /// `check`'s summary.
        CheckSummary { what: String, rows: usize, sections: usize, warnings: usize, errors: usize } => {
            zh: "{what}：{rows} 行，{sections} 个责任科室，{warnings} 条警告，{errors} 个错误",
            en: "{what}: {rows} rows, {sections} sections, {warnings} warnings, {errors} errors",
        },
        /// `check`: an attachment after the first and its rows.
        CheckMoreAttachment { key: String, rows: usize } => {
            zh: "{key}：{rows} 行",
            en: "{key}: {rows} rows",
        },
        /// `split`: a new extract.
        SplitNew { path: String, rows: usize } => {
            zh: "新增：{path}（{rows} 行）",
            en: "new: {path} (rows: {rows})",
        },
        /// `split`: an extract rewritten.
        SplitUpdated { path: String, rows: usize } => {
            zh: "更新：{path}（{rows} 行）",
            en: "updated: {path} (rows: {rows})",
        },
        /// `split`: the extract of a section no longer in the data, kept.
        SplitStale { path: String, section: String } => {
            zh: "过期：{path}：数据中已没有“{section}”（加 --prune 可删除此文件）",
            en: "stale: {path}: section `{section}` is no longer in the data (--prune removes it)",
        },
        /// `split --prune`: the extract of a section no longer in the data, removed.
        SplitRemoved { path: String, section: String } => {
            zh: "已删除：{path}：数据中已没有“{section}”",
            en: "removed: {path}: section `{section}` is no longer in the data",
        },
        /// `split --prune`: an extract changed by hand, not removed.
        SplitKept { path: String, section: String } => {
            zh: "保留：{path}：数据中已没有“{section}”，但该文件生成后被改动过；如不再需要，请自行删除",
            en: "kept: {path}: section `{section}` is no longer in the data, but the file changed since it was written; remove it yourself if it is not needed",
        },
        /// `split`'s summary.
        SplitSummary { updated: usize, unchanged: usize, created: usize, removed: usize } => {
            zh: "更新 {updated} 个，未变 {unchanged} 个，新增 {created} 个，删除 {removed} 个",
            en: "updated {updated}, unchanged {unchanged}, new {created}, removed {removed}",
        },
        /// `diff`: columns only in the new version.
        DiffColumnsAdded { names: String } => {
            zh: "新增列：{names}",
            en: "columns added: {names}",
        },
        /// `diff`: columns only in the old version.
        DiffColumnsRemoved { names: String } => {
            zh: "删除列：{names}",
            en: "columns removed: {names}",
        },
        /// `diff`: the same columns in another order.
        DiffColumnsReordered => { zh: "列的顺序有变化", en: "columns reordered" },
        /// `diff`: the serial number that identifies a row.
        DiffKey { column: String, key: String } => {
            zh: "{column} {key}，",
            en: "{column} {key}, ",
        },
        /// `diff`: a row whose fields changed.
        DiffChanged { key: String, row: u32, old_row: u32, task: String, sections: String } => {
            zh: "修改：{key}第 {row} 行（原第 {old_row} 行）：{task}［责任科室：{sections}］",
            en: "changed: {key}row {row} (was row {old_row}): {task} [sections: {sections}]",
        },
        /// `diff`: one changed field, under its row.
        DiffField { column: String, old: String, new: String } => {
            zh: "  {column}：{old} → {new}",
            en: "  {column}: {old} → {new}",
        },
        /// `diff`: a row only in the new version.
        DiffAdded { key: String, row: u32, task: String, sections: String } => {
            zh: "新增：{key}第 {row} 行：{task}［责任科室：{sections}］",
            en: "added: {key}row {row}: {task} [sections: {sections}]",
        },
        /// `diff`: a row only in the old version.
        DiffRemoved { key: String, row: u32, task: String, sections: String } => {
            zh: "删除：{key}原第 {row} 行：{task}［责任科室：{sections}］",
            en: "removed: {key}row {row}: {task} [sections: {sections}]",
        },
        /// `diff`: a row that moved, unchanged.
        DiffMoved { key: String, row: u32, old_row: u32, task: String, sections: String } => {
            zh: "移动：{key}第 {row} 行（原第 {old_row} 行）：{task}［责任科室：{sections}］",
            en: "moved: {key}row {row} (was row {old_row}): {task} [sections: {sections}]",
        },
        /// `diff`: the sheets compared.
        DiffSheets { old: String, new: String } => {
            zh: "比较：{old} 与 {new}",
            en: "comparing {old} with {new}",
        },
        /// `diff`: 序号 renumbered.
        DiffRenumbered { from_old: String, from_new: String, rows: usize } => {
            zh: "序号重新编号：自原序号 {from_old} 起（现为 {from_new}），共 {rows} 项，内容未变的不计为修改",
            en: "序号 renumbered from task {from_old} on (now {from_new}; {rows} tasks, not counted as changed)",
        },
        /// `diff`: the versions are equal.
        DiffEqual => { zh: "没有差异", en: "no differences" },
        /// `diff`'s summary.
        DiffSummary { changed: usize, added: usize, removed: usize, moved: usize, sections: String } => {
            zh: "修改 {changed} 项，新增 {added} 项，删除 {removed} 项，移动 {moved} 项；需重新发送的责任科室：{sections}",
            en: "{changed} changed, {added} added, {removed} removed, {moved} moved; sections to send again: {sections}",
        },
    }
}
