//! Messages about filling an office's own .docx template.

crate::catalogue! {
    /// Problems reading and filling a .docx template, and what `check`
    /// says of its tags.
    pub enum TemplateMsg {
        /// A problem at a tag: the paragraph, the tag as typed, the problem.
        AtTag { paragraph: usize, tag: String, problem: String } => {
            zh: "第 {paragraph} 段“{tag}”：{problem}",
            en: "paragraph {paragraph} `{tag}`: {problem}",
        },
        /// A problem in a paragraph, with no one tag to name.
        AtParagraph { paragraph: usize, problem: String } => {
            zh: "第 {paragraph} 段：{problem}",
            en: "paragraph {paragraph}: {problem}",
        },
        /// The other end of a block, quoted in a problem.
        TagPlace { paragraph: usize, tag: String } => {
            zh: "第 {paragraph} 段的“{tag}”",
            en: "`{tag}` in paragraph {paragraph}",
        },
        /// A variable the notice does not have.
        UnknownVariable { name: String } => {
            zh: "未知变量 {name}（可用的变量见 gongwen help job 与 docs/templates.md）",
            en: "unknown variable {name} (the variables are listed by `gongwen help job` and in docs/templates.md)",
        },
        /// A tag opened and not closed within its paragraph.
        Unclosed => {
            zh: "标记没有闭合：{{{{ 要以 }}}} 结束，{{% 要以 %}} 结束，且须在同一段内",
            en: "the tag is not closed: {{{{ ends with }}}} and {{% with %}}, in the same paragraph",
        },
        /// Full-width braces: the input method was in Chinese mode.
        FullWidthBraces => {
            zh: "这里是全角花括号“｛”“｝”，是中文输入法打出的：请切换到英文输入法，重新输入 {{{{ }}}} 或 {{% %}}",
            en: "these are full-width braces (｛ ｝), typed by a Chinese input method: switch it to English and type {{{{ }}}} or {{% %}} again",
        },
        /// A tag spans the edge of a field, a link or a content control.
        Straddles => {
            zh: "标记跨越了域、超链接或内容控件的边界：请在其外（或完全在其内）重新输入该标记",
            en: "the tag straddles the edge of a field, a link or a content control: type it again outside it, or wholly inside it",
        },
        /// `{%tr %}` shares its row with other text.
        RowTagNotAlone => {
            zh: "{{%tr %}} 标记须独占一行表格：该行不能有其他文字",
            en: "a {{%tr %}} tag needs a table row of its own: the row holds other text",
        },
        /// `{%tr %}` outside a table.
        RowTagOutsideTable => {
            zh: "{{%tr %}} 标记只能用在表格行中；段落请用 {{%p %}}",
            en: "a {{%tr %}} tag belongs in a table row; for paragraphs use {{%p %}}",
        },
        /// `{%p %}` shares its paragraph with other text.
        ParagraphTagNotAlone => {
            zh: "{{%p %}} 标记须独占一段：该段不能有其他文字",
            en: "a {{%p %}} tag needs a paragraph of its own: the paragraph holds other text",
        },
        /// A paragraph that would go ends a section.
        EndsSection => {
            zh: "此段带有分节符，不能只放条件或循环标记：请把标记移到前一段",
            en: "this paragraph ends a section and cannot hold only a condition or loop tag: move the tag to the paragraph before",
        },
        /// `{{ body }}` or `{{ attachment_table }}` shares its paragraph.
        BlockNotAlone { name: String } => {
            zh: "{{{{ {name} }}}} 须独占一段：它会被替换为多个段落或一张表格",
            en: "{{{{ {name} }}}} needs a paragraph of its own: it becomes several paragraphs or a table",
        },
        /// The writer failed on a piece; `detail` quotes it.
        CannotWrite { detail: String } => {
            zh: "无法写入：{detail}",
            en: "cannot write it: {detail}",
        },
        /// Part text holds `{%` with `endraw`, which cannot be kept as it is.
        RawText => {
            zh: "此部件中有无法原样保留的文字（同时含有 {{% 与 endraw）",
            en: "this part holds text that cannot be kept as it is ({{% together with endraw)",
        },
        /// A block's two ends are at different levels.
        NotAtOneLevel { other: String } => {
            zh: "与{other}不在同一层级：两端须在同一段内、各自独占一段（{{%p %}}）或在同一表格的行中（{{%tr %}}，或同一行的不同单元格）",
            en: "it and {other} are not at one level: put both in one paragraph, each in a paragraph of its own ({{%p %}}), or in rows of one table ({{%tr %}}, or cells of one row)",
        },
        /// A closing or middle tag with nothing open.
        NoOpening => {
            zh: "前面没有与之对应的开始标记",
            en: "no block is open before it",
        },
        /// A closing tag that closes another kind of block.
        ClosesOther { other: String } => {
            zh: "结束标记与开始标记{other}不配对",
            en: "it does not match the block opened by {other}",
        },
        /// A block that is never closed.
        NoEnd { end: String } => {
            zh: "缺少对应的结束标记 {end}",
            en: "no {end} closes it",
        },
        /// minijinja cannot read the tag.
        Syntax { detail: String } => {
            zh: "标记写法有误：{detail}",
            en: "the tag cannot be read: {detail}",
        },
        /// Filling failed at the tag.
        Render { detail: String } => {
            zh: "填写时出错：{detail}",
            en: "filling it failed: {detail}",
        },
        /// The file is not a zip package.
        NotAPackage { detail: String } => {
            zh: "不是有效的 .docx 文件（{detail}）：请在 Word 或 WPS 中打开它，另存为“Word 文档（*.docx）”",
            en: "not a valid .docx file ({detail}): open it in Word or WPS and save it as a Word document (*.docx)",
        },
        /// The package has no main document part.
        NoDocument => {
            zh: "文件中没有正文部件（word/document.xml）：请在 Word 或 WPS 中另存为“Word 文档（*.docx）”",
            en: "the file has no main document part (word/document.xml): save it from Word or WPS as a Word document (*.docx)",
        },
        /// A part is not UTF-8 XML.
        PartNotXml { detail: String } => {
            zh: "此部件不是有效的 XML：{detail}",
            en: "this part is not valid XML: {detail}",
        },
        /// A part or the file is larger than a template can be.
        TooLarge { limit_mb: u64 } => {
            zh: "超过 {limit_mb} MB，不像是公文模板",
            en: "larger than {limit_mb} MB, which no notice template is",
        },
        /// The template has no styles part for the attachment table's styles.
        NoStyles => {
            zh: "模板没有样式部件（word/styles.xml），无法放入附件表格：请在 Word 或 WPS 中另存一次",
            en: "the template has no styles part (word/styles.xml) for the attachment table: save it once from Word or WPS",
        },
        /// After the one problem: the template was not filled.
        OneProblem => {
            zh: "模板有 1 处问题（见上），未生成文档",
            en: "1 problem in the template (listed above); nothing written",
        },
        /// After the problems: the template was not filled.
        Problems { count: usize } => {
            zh: "模板有 {count} 处问题（见上），未生成文档",
            en: "{count} problems in the template (listed above); nothing written",
        },
        /// After the first of several problems.
        AndMore { count: usize } => {
            zh: "（另有 {count} 处问题，运行 gongwen check 可全部列出）",
            en: " (and {count} more: `gongwen check` lists them all)",
        },
        /// `check`: the tags of a template, counted.
        Summary { file: String, tags: usize, parts: usize, unknown: usize } => {
            zh: "{file}：{parts} 个部件中共 {tags} 个标记，其中 {unknown} 个变量未知",
            en: "{file}: {tags} tags in {parts} parts, {unknown} with unknown variables",
        },
        /// `check`: one tag, where it is.
        TagLine { part: String, paragraph: usize, tag: String } => {
            zh: "  {part} 第 {paragraph} 段：{tag}",
            en: "  {part} paragraph {paragraph}: {tag}",
        },
        /// `check`: one tag whose variable is unknown.
        UnknownTagLine { part: String, paragraph: usize, tag: String } => {
            zh: "  {part} 第 {paragraph} 段：{tag}（未知变量）",
            en: "  {part} paragraph {paragraph}: {tag} (unknown variable)",
        },
    }
}
