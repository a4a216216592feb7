//! Messages about the job file (`notice.toml`).

crate::catalogue! {
    /// Problems in the job file and finding it.
    pub enum JobMsg {
        /// No job file where one was looked for.
        NotFound => {
            zh: "找不到配置文件：请指明配置文件（notice.toml）或其所在文件夹，或运行 gongwen init 新建一份",
            en: "no such job file: name the job file (notice.toml) or its folder, or run `gongwen init` to start one",
        },
        /// The TOML parser's complaint, quoted.
        Syntax { detail: String } => {
            zh: "配置文件写法有误：{detail}",
            en: "the job file is not valid: {detail}",
        },
        /// A required key is not in the job file.
        MissingKey => {
            zh: "缺少此项（必填）",
            en: "this key is required and missing",
        },
        /// A key the job file does not have.
        UnknownKey => {
            zh: "没有这一项（拼写有误？可运行 gongwen help job 查看所有项）",
            en: "no such key (misspelt? `gongwen help job` lists every key)",
        },
        /// A key the job file does not have, close to one it has.
        UnknownKeyNear { near: String } => {
            zh: "没有这一项，是否应为“{near}”？",
            en: "no such key: did you mean `{near}`?",
        },
        /// A value of the wrong type, in the TOML reader's words.
        BadValue { detail: String } => {
            zh: "写法有误：{detail}",
            en: "not valid: {detail}",
        },
        /// A text key is empty.
        Empty => { zh: "不能为空", en: "must not be empty" },
        /// The job has no 版记, or one without its printer or date.
        NoImprint { missing: String } => {
            zh: "公文的版记应有印发机关和印发日期（GB/T 9704 7.4.3），请在 [distribution] 中填写 {missing}",
            en: "the imprint at the end of an official notice names the printing office and the printing date (GB/T 9704 7.4.3): set {missing} in [distribution]",
        },
        /// A line of a title given as lines is wider than the type area.
        TitleLineTooWide { line: usize, text: String } => {
            zh: "标题第 {line} 行“{text}”超出版心宽度，Word 会把它折成两行；请缩短这一行，或把标题写成一个字符串，由 gongwen 分行",
            en: "title line {line} (\"{text}\") is wider than the type area and Word would wrap it: shorten the line, or give the title as one string for gongwen to break",
        },
        /// Both `[attachment]` and `[[attachments]]` are given.
        BothAttachmentForms => {
            zh: "[attachment] 与 [[attachments]] 只能写一种：一个附件写 [attachment]，多个附件各写一节 [[attachments]]",
            en: "give either [attachment] or [[attachments]], not both: one attachment is [attachment], several are one [[attachments]] each",
        },
        /// A template with several attachments.
        TemplateOneAttachment { count: usize } => {
            zh: "填写单位模板（template）时只能有一个附件，此处有 {count} 个；请去掉 template 使用内置版式，或只保留一个附件",
            en: "a filled template (`template`) takes one attachment and this job has {count}: leave out `template` for the built-in layout, or keep one attachment",
        },
        /// Every line of the title is empty.
        TitleEmpty => { zh: "标题为空", en: "the title is empty" },
        /// No 主送机关.
        NoRecipients => {
            zh: "请至少填写一个主送机关",
            en: "name at least one recipient (主送机关)",
        },
        /// The period is none of the known forms.
        UnknownPeriod { period: String } => {
            zh: "无法识别报告期“{period}”：请写作 年份-Q1 至 年份-Q4（第一季度至第四季度）、年份-H1 / 年份-H2（上半年 / 下半年）、年份-Q1-Q3（前三季度）、年份-Y（全年）、年份-09（9月）、年份-01-09（1—9月），或写中文，如 2026年第三季度",
            en: "unknown period `{period}`: write YEAR-Q1 … YEAR-Q4 (第一季度 … 第四季度), YEAR-H1 / YEAR-H2 (上半年 / 下半年), YEAR-Q1-Q3 (前三季度), YEAR-Y (全年), YEAR-09 (9月), YEAR-01-09 (1—9月), or the Chinese label, e.g. 2026年第三季度",
        },
        /// A date key holds a time alone.
        NotADate { value: String } => {
            zh: "“{value}”不是日期：请写作 年-月-日，如 2016-08-30",
            en: "`{value}` is not a date: write it as YYYY-MM-DD, e.g. 2016-08-30",
        },
        /// A date key holds a time of day too.
        HasTime { value: String, date: String } => {
            zh: "“{value}”带有时刻：只写日期即可，如 {date}",
            en: "`{value}` has a time of day: write the date alone, e.g. {date}",
        },
        /// A date that does not exist (2016-02-30).
        NotARealDate { date: String } => {
            zh: "{date} 不是实际存在的日期",
            en: "{date} is not a real date",
        },
        /// The 发文字号 was written with other brackets and was corrected.
        NumberNormalized { given: String, number: String } => {
            zh: "发文字号“{given}”已改为“{number}”：年份应用六角括号〔〕括入（GB/T 9704 7.2.5）",
            en: "发文字号 `{given}` written as `{number}`: the year takes 〔〕 brackets (GB/T 9704 7.2.5)",
        },
        /// 发文字号 without a bracketed year.
        NumberNoYear { number: String } => {
            zh: "发文字号“{number}”缺少用〔〕括入的年份：应写作 机关代字〔年份〕序号号，如 株发改发〔2016〕193号",
            en: "发文字号 `{number}` has no year in brackets: write it as 代字〔YYYY〕N号, e.g. 株发改发〔2016〕193号",
        },
        /// 发文字号 with an unclosed bracket.
        NumberUnclosed { number: String } => {
            zh: "发文字号“{number}”的括号没有闭合：应写作 机关代字〔年份〕序号号，如 株发改发〔2016〕193号",
            en: "发文字号 `{number}` has an unclosed bracket: write it as 代字〔YYYY〕N号, e.g. 株发改发〔2016〕193号",
        },
        /// 发文字号 without 机关代字.
        NumberNoPrefix { number: String } => {
            zh: "发文字号“{number}”在年份前缺少机关代字：应写作 机关代字〔年份〕序号号，如 株发改发〔2016〕193号",
            en: "发文字号 `{number}` has no 机关代字 before the year: write it as 代字〔YYYY〕N号, e.g. 株发改发〔2016〕193号",
        },
        /// 发文字号 with a year that is not four digits.
        NumberYear { number: String } => {
            zh: "发文字号“{number}”：年份应写全四位数字，如〔2016〕",
            en: "发文字号 `{number}`: the year must be four digits, e.g. 〔2016〕",
        },
        /// 发文字号 not ending with 号.
        NumberNoSuffix { number: String } => {
            zh: "发文字号“{number}”应以“号”字结尾：应写作 机关代字〔年份〕序号号，如 株发改发〔2016〕193号",
            en: "发文字号 `{number}` must end with 号: write it as 代字〔YYYY〕N号, e.g. 株发改发〔2016〕193号",
        },
        /// 发文字号 with 第 before the serial.
        NumberDi { number: String } => {
            zh: "发文字号“{number}”：顺序号前不加“第”字（GB/T 9704 7.2.5）",
            en: "发文字号 `{number}`: no 第 before the serial number (GB/T 9704 7.2.5)",
        },
        /// 发文字号 with a serial that is not Arabic digits.
        NumberSerial { number: String } => {
            zh: "发文字号“{number}”：顺序号应使用阿拉伯数字，如 株发改发〔2016〕193号",
            en: "发文字号 `{number}`: the serial number must be Arabic digits: write it as 代字〔YYYY〕N号, e.g. 株发改发〔2016〕193号",
        },
        /// 发文字号 with a leading zero in the serial.
        NumberLeadingZero { number: String } => {
            zh: "发文字号“{number}”：顺序号不编虚位，前面不加 0（GB/T 9704 7.2.5：顺序号不加“第”字，不编虚位）",
            en: "发文字号 `{number}`: the serial number takes no leading zero (GB/T 9704 7.2.5: 顺序号不加“第”字，不编虚位)",
        },
        /// A job file or template that is not UTF-8 was read in another encoding.
        ReadAsEncoding { encoding: String } => {
            zh: "此文件不是 UTF-8 编码，已按 {encoding} 读取；请另存为 UTF-8（记事本：另存为 → 编码 UTF-8）",
            en: "this file is not UTF-8; read as {encoding}: save it as UTF-8 (Notepad: Save As → Encoding UTF-8)",
        },
        /// A job file or template in no encoding gongwen reads.
        NotUtf8 { line: usize } => {
            zh: "第 {line} 行不是有效的 UTF-8 文本，也不是 GBK/GB18030 文本：请另存为 UTF-8（记事本：另存为 → 编码 UTF-8）",
            en: "line {line} is neither UTF-8 nor GBK/GB18030 text: save the file as UTF-8 (Notepad: Save As → Encoding UTF-8)",
        },
        /// `template` names a file that is not a .docx.
        TemplateNotDocx { path: String } => {
            zh: "模板 {path} 不是 .docx 文件：请在 Word 或 WPS 中打开它，另存为“Word 文档（*.docx）”",
            en: "the template {path} is not a .docx file: open it in Word or WPS and save it as a Word document (*.docx)",
        },
        /// `template` names a file that is not there.
        TemplateNotFound { path: String } => {
            zh: "找不到模板 {path}（路径相对于配置文件所在文件夹）",
            en: "no such template: {path} (paths are relative to the job file's folder)",
        },
        /// `secrecy` is not a 密级 with an optional 保密期限.
        BadSecrecy { value: String } => {
            zh: "无法识别密级“{value}”：应为 秘密、机密 或 绝密，需要保密期限时用“★”隔开，如 机密★1年（GB/T 9704 7.2.2）",
            en: "unknown secrecy `{value}`: write 秘密, 机密 or 绝密, with a period after ★ if needed, e.g. 机密★1年 (GB/T 9704 7.2.2)",
        },
        /// `urgency` is not a 紧急程度.
        BadUrgency { value: String } => {
            zh: "无法识别紧急程度“{value}”：应为 特急 或 加急（电报为 特提、特急、加急、平急）（GB/T 9704 7.2.3）",
            en: "unknown urgency `{value}`: write 特急 or 加急 (telegrams: 特提, 特急, 加急, 平急) (GB/T 9704 7.2.3)",
        },
        /// `copy_number` is not one to six digits.
        BadCopyNumber { value: String } => {
            zh: "份号“{value}”无效：应为 1 至 6 位阿拉伯数字，如 000012（GB/T 9704 7.2.1）",
            en: "copy number `{value}` is not valid: write one to six Arabic digits, e.g. 000012 (GB/T 9704 7.2.1)",
        },
        /// The name of the built-in body template, shown where a template is named.
        BuiltInBody => { zh: "（内置正文模板）", en: "(built-in body template)" },
    }
}
