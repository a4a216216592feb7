//! Messages about writing the document and converting it to PDF and images.

crate::catalogue! {
    /// Problems packing the .docx and running LibreOffice and pdftoppm.
    pub enum RenderMsg {
        /// Stands for the document being built, before it has a file name.
        Document => { zh: "（文档）", en: "(document)" },
        /// The document could not be written into its package; `detail`
        /// quotes the zip or XML writer.
        CannotPack { detail: String } => {
            zh: "无法打包文档：{detail}",
            en: "cannot pack the document: {detail}",
        },
        /// LibreOffice is not installed.
        NoSoffice => {
            zh: "生成 PDF（--pdf、--preview）需要 LibreOffice，但在 PATH 中找不到（Debian/Ubuntu：apt-get install libreoffice-writer-nogui）",
            en: "LibreOffice is needed for --pdf and --preview and was not found on PATH (Debian/Ubuntu: apt-get install libreoffice-writer-nogui)",
        },
        /// pdftoppm is not installed.
        NoPdftoppm => {
            zh: "生成页面图片（--preview）需要 pdftoppm，但在 PATH 中找不到（Debian/Ubuntu：apt-get install poppler-utils）",
            en: "pdftoppm is needed for --preview and was not found on PATH (Debian/Ubuntu: apt-get install poppler-utils)",
        },
        /// LibreOffice wrote no PDF for a document.
        NotConverted => {
            zh: "LibreOffice 未能将此文档转换为 PDF",
            en: "LibreOffice did not convert this document to PDF",
        },
        /// A helper program could not be started; `detail` quotes the system.
        CannotStart { detail: String } => {
            zh: "无法启动：{detail}",
            en: "cannot start: {detail}",
        },
        /// A helper program failed; `status` and `detail` are its own words.
        Failed { status: String, detail: String } => {
            zh: "运行失败（{status}）{detail}",
            en: "failed ({status}) {detail}",
        },
        /// A helper program took too long.
        TimedOut { seconds: u64 } => {
            zh: "超过 {seconds} 秒仍未完成，已中止",
            en: "did not finish within {seconds} seconds and was stopped",
        },
        /// A helper program could not be waited for.
        CannotWait { detail: String } => {
            zh: "无法等待其结束：{detail}",
            en: "cannot wait for it: {detail}",
        },
    }
}
