//! Messages about reading the spreadsheet (台账): recognising the file,
//! refusing hostile ones, finding the sheet and its header row, reading rows.

crate::catalogue! {
    /// Problems reading a spreadsheet.
    pub enum SheetMsg {
        /// The file is larger than gongwen reads.
        FileTooLarge { mib: u64, max: u64 } => {
            zh: "文件大小为 {mib} MiB，超过了可读取的上限 {max} MiB",
            en: "the file is {mib} MiB, more than the {max} MiB gongwen reads",
        },
        /// The file has no bytes.
        FileEmpty => { zh: "文件是空的", en: "the file is empty" },
        /// Neither a workbook nor text.
        NotASpreadsheet => {
            zh: "不是电子表格文件（应为 xlsx、xls、xlsb、ods 或 csv）",
            en: "not a spreadsheet (xlsx, xls, xlsb, ods or csv)",
        },
        /// A zip package that holds no workbook.
        ZipWithoutWorkbook => {
            zh: "不是电子表格文件（应为 xlsx、xls、xlsb、ods 或 csv）：这是一个不含工作簿的压缩包（是否把 Word 文档等其他文件改了扩展名？）",
            en: "not a spreadsheet (xlsx, xls, xlsb, ods or csv): a zip package without a workbook (a Word document or other file renamed?)",
        },
        /// An OLE file that holds no workbook.
        OleWithoutWorkbook => {
            zh: "不是电子表格文件（应为 xlsx、xls、xlsb、ods 或 csv）：这是 Office 文件，但不是 Excel 工作簿（是否把 Word 文档改了扩展名？）",
            en: "not a spreadsheet (xlsx, xls, xlsb, ods or csv): an Office file but not an Excel workbook (a Word document renamed?)",
        },
        /// The file is damaged; `detail` quotes the reader.
        Damaged { detail: String } => {
            zh: "文件已损坏或不完整（{detail}）",
            en: "the file is damaged or incomplete ({detail})",
        },
        /// The spreadsheet reader failed on a damaged file.
        ReaderFailed => {
            zh: "文件已损坏或不完整（读取电子表格时出错）",
            en: "the file is damaged or incomplete (the spreadsheet reader failed on it)",
        },
        /// Not a zip package after all; `detail` quotes zip.
        NotAZip { detail: String } => {
            zh: "不是可读取的压缩包：{detail}",
            en: "not a readable zip package: {detail}",
        },
        /// One part of a package, named by its index; `detail` quotes zip.
        PartIndex { index: usize, detail: String } => {
            zh: "第 {index} 个部件：{detail}",
            en: "part {index}: {detail}",
        },
        /// One part of a package, named; `detail` says what is wrong there.
        Part { part: String, detail: String } => {
            zh: "部件“{part}”：{detail}",
            en: "part `{part}`: {detail}",
        },
        /// Too many parts in a package.
        TooManyParts { count: usize, max: usize } => {
            zh: "压缩包内有 {count} 个部件，超过了工作簿可能需要的 {max} 个",
            en: "the package holds {count} parts, more than the {max} a workbook can need",
        },
        /// A part unpacks to more than declared.
        LyingPart { part: String } => {
            zh: "部件“{part}”解压后比其声明的大小更大（疑似压缩炸弹）",
            en: "part `{part}` unpacks to more than its header declares (a zip bomb?)",
        },
        /// A part declares too large a size.
        PartTooLarge { part: String, mib: u64, max: u64 } => {
            zh: "部件“{part}”解压后为 {mib} MiB，超过了允许的 {max} MiB",
            en: "part `{part}` unpacks to {mib} MiB, more than the {max} MiB allowed",
        },
        /// A part packed too tightly.
        PartRatio { part: String, ratio: u64 } => {
            zh: "部件“{part}”解压后是压缩大小的 {ratio} 倍（疑似压缩炸弹）",
            en: "part `{part}` unpacks {ratio}× larger than it is packed (a zip bomb?)",
        },
        /// The package unpacks to too much.
        PackageTooLarge { max: u64 } => {
            zh: "压缩包解压后超过 {max} MiB",
            en: "the package unpacks to more than {max} MiB",
        },
        /// A part cannot be unpacked; `detail` quotes the reader.
        CannotUnpack { detail: String } => {
            zh: "无法解压：{detail}",
            en: "cannot unpack: {detail}",
        },
        /// A cell beyond a sheet's last cell.
        CellBeyondLimit { last: String, row: u64, col: u64 } => {
            zh: "有单元格超出了工作表的最大范围（{last}），位于第 {row} 行第 {col} 列",
            en: "a cell lies beyond the last cell a sheet can have ({last}), at row {row} column {col}",
        },
        /// The filled cells span too large a rectangle.
        TooManyCells { first: String, last: String, cells: u64, max: u64, far: String } => {
            zh: "已填写的单元格范围为 {first}:{last}，共 {cells} 个单元格，超过了可读取的 {max} 个；{far} 处是否有误填的内容？请删除，或把表格复制到新的工作表",
            en: "the filled cells span {first}:{last}, {cells} cells, more than the {max} gongwen reads; a stray value at {far}? delete it, or copy the table to a new sheet",
        },
        /// The declared size of an .xlsx sheet is beyond the last cell.
        DimensionBeyondLimit { size: String } => {
            zh: "工作表声明的大小（{size}）超出了工作表的最大范围",
            en: "the sheet's size ({size}) is beyond a sheet's last cell",
        },
        /// The declared size of an .xls sheet is too large.
        DeclaredTooManyCells { cells: u64, max: u64 } => {
            zh: "工作表声明的大小为 {cells} 个单元格，超过了可读取的 {max} 个",
            en: "the sheet declares a size of {cells} cells, more than the {max} gongwen reads",
        },
        /// Too many merged regions.
        TooManyMerges { max: usize } => {
            zh: "合并单元格区域超过 {max} 个",
            en: "more than {max} merged regions",
        },
        /// The shared strings declare too many.
        TooManySharedStrings { key: String, digits: String, max: u64 } => {
            zh: "共享字符串表声明 {key}=\"{digits}\"，超出了文件所能容纳的数量（最多读取 {max} 个）",
            en: "the shared strings declare {key}=\"{digits}\", more than the file can hold (at most {max} are read)",
        },
        /// An .ods cell asks for too many spaces.
        TooManySpaces { max: u64 } => {
            zh: "有单元格要求连续超过 {max} 个空格",
            en: "a cell asks for more than {max} spaces in a row",
        },
        /// The sheets of an .ods hold too many cells.
        OdsTooManyCells { max: u64 } => {
            zh: "各工作表的单元格总数超过了可读取的 {max} 个",
            en: "the sheets hold more than the {max} cells gongwen reads",
        },
        /// A CSV file that is not UTF-16 though it says so.
        NotUtf16 => { zh: "文件不是有效的 UTF-16 文本", en: "the file is not valid UTF-16 text" },
        /// A CSV line that is not UTF-8.
        NotUtf8 { line: usize } => {
            zh: "第 {line} 行不是有效的 UTF-8 文本（可试用 --encoding gb18030）",
            en: "line {line} is not valid UTF-8 (try --encoding gb18030)",
        },
        /// A CSV file that is not GB18030.
        NotGb18030 => {
            zh: "文件不是有效的 GB18030/GBK 文本（可试用 --encoding utf-8）",
            en: "the file is not valid GB18030/GBK text (try --encoding utf-8)",
        },
        /// A CSV file in no known encoding.
        UnknownEncoding => {
            zh: "文件既不是 UTF-8 也不是 GB18030/GBK 文本；请在表格软件中另存为“CSV UTF-8”",
            en: "the file is neither UTF-8 nor GB18030/GBK text; save it as \"CSV UTF-8\"",
        },
        /// A CSV line the reader refused; `detail` quotes it.
        CsvLine { line: usize, detail: String } => {
            zh: "无法读取第 {line} 行：{detail}",
            en: "cannot read line {line}: {detail}",
        },
        /// A CSV line beyond a sheet's size.
        CsvBeyondLimit { line: u64, rows: u32, cols: u32 } => {
            zh: "第 {line} 行超出了工作表最多 {rows} 行、{cols} 列的范围",
            en: "line {line} is beyond the {rows} rows and {cols} columns a sheet can have",
        },
        /// A CSV file too large.
        CsvTooManyCells { rows: u32, width: u32, max: u64 } => {
            zh: "文件共 {rows} 行 × {width} 列，超过了可读取的 {max} 个单元格",
            en: "the file spans {rows} lines × {width} columns, more than the {max} cells gongwen reads",
        },
        /// calamine could not open the workbook; `detail` quotes it.
        CannotReadWorkbook { detail: String } => {
            zh: "无法读取工作簿：{detail}",
            en: "cannot read the workbook: {detail}",
        },
        /// calamine could not read a sheet's cells; `detail` quotes it.
        CannotReadCells { detail: String } => {
            zh: "无法读取工作表的单元格：{detail}",
            en: "cannot read the sheet's cells: {detail}",
        },
        /// calamine could not read a sheet's merged cells.
        CannotReadMerges { detail: String } => {
            zh: "无法读取工作表的合并单元格：{detail}",
            en: "cannot read the sheet's merged cells: {detail}",
        },
        /// calamine could not read a sheet's number formats.
        CannotReadFormats { detail: String } => {
            zh: "无法读取工作表的数字格式：{detail}",
            en: "cannot read the sheet's number formats: {detail}",
        },
        /// A workbook without sheets.
        NoSheets => { zh: "工作簿中没有工作表", en: "the workbook has no sheets" },
        /// `attachment.sheet` given for a CSV file.
        CsvHasNoSheets => {
            zh: "CSV 文件没有工作表之分：已忽略配置文件中的 `attachment.sheet`",
            en: "a CSV file has no sheets: the job's `attachment.sheet` is ignored",
        },
        /// The sheet named in the job is not there.
        NoSuchSheet { name: String, sheets: String } => {
            zh: "没有名为“{name}”的工作表；现有工作表：{sheets}",
            en: "no sheet named `{name}`; the sheets are: {sheets}",
        },
        /// Every sheet is empty.
        WorkbookEmpty => {
            zh: "工作簿是空的：所有工作表都没有填写内容",
            en: "the workbook is empty: no sheet has a filled cell",
        },
        /// A column name, quoted in a list of wanted columns.
        Quoted { name: String } => { zh: "“{name}”", en: "`{name}`" },
        /// Between the last two wanted columns.
        And => { zh: "和", en: " and " },
        /// Between the sheets in the list of headers found.
        SheetsSeparator => { zh: "；", en: "; " },
        /// What a sheet's most header-like row holds.
        FoundHeader { sheet: String, names: String } => {
            zh: "{sheet}：{names}",
            en: "{sheet}: {names}",
        },
        /// A sheet with nothing in it.
        FoundEmpty { sheet: String } => {
            zh: "{sheet}：（空）",
            en: "{sheet}: (empty)",
        },
        /// No header row with the wanted columns.
        NoHeader { wanted: String, rows: usize, found: String } => {
            zh: "前 {rows} 行中找不到含有{wanted}的表头行（可在配置文件的 [attachment.columns] 中指定列名）；现有表头：{found}",
            en: "no header row with {wanted} in the first {rows} rows (set [attachment.columns] in the job); found: {found}",
        },
        /// Control characters removed from a cell.
        ControlCharacters => {
            zh: "已删除文档中无法保存的控制字符",
            en: "removed control characters that a document cannot hold",
        },
        /// A row with text but no task, skipped.
        RowSkipped { text: String } => {
            zh: "已跳过此行：没有工作任务（“{text}”）",
            en: "row skipped: no task (`{text}`)",
        },
        /// A task whose status is empty.
        EmptyStatus { column: String } => {
            zh: "完成情况为空（“{column}”列）",
            en: "the status (`{column}`) is empty",
        },
        /// The sheet's name or title names another period than the job's.
        OtherPeriod { named: String, period: String } => {
            zh: "工作表名称或标题写的是“{named}”，而配置文件的报告期是“{period}”：请确认读的是正确的工作表（可在 [attachment] 中设置 sheet）",
            en: "the sheet's name or title says {named}, but the job's period is {period}: is this the right sheet? (set `sheet` in [attachment])",
        },
        /// A column with data and no header text, kept under a made-up name.
        NamelessColumn { column: String, name: String } => {
            zh: "{column} 列有内容但没有表头：以“{name}”为列名保留",
            en: "column {column} has data but no header: kept as `{name}`",
        },
        /// A hidden column, left out of the document.
        HiddenColumn { column: String, name: String } => {
            zh: "{column} 列“{name}”是隐藏列：未放入文档（如需打印，在 [attachment] 中设置 hidden = \"keep\"）",
            en: "column {column} `{name}` is hidden: left out (hidden = \"keep\" in [attachment] prints it)",
        },
        /// A hidden row, left out of the document.
        HiddenRow { text: String } => {
            zh: "此行是隐藏行：未放入文档（“{text}”；如需打印，在 [attachment] 中设置 hidden = \"keep\"）",
            en: "the row is hidden: left out (`{text}`; hidden = \"keep\" in [attachment] prints it)",
        },
        /// A cell holding an error value, read as its text.
        ErrorValue { value: String } => {
            zh: "单元格是公式错误值 {value}：按文字原样读取，请在表格中改正公式",
            en: "the cell holds the error value {value}: read as its text; correct the formula in the sheet",
        },
        /// A formula cell with no saved value.
        UncachedFormula => {
            zh: "公式没有保存计算结果，此格按空白读取：请在 Excel 或 WPS 中打开并保存该文件",
            en: "formula without a saved value: read as empty; open and save the file in Excel/WPS",
        },
        /// A CSV quote that is never closed.
        CsvUnclosedQuote { line: usize } => {
            zh: "第 {line} 行的引号（\"）开始的字段直到文件末尾都没有闭合：请检查该行，补上引号或删除多余的引号",
            en: "the quoted field that begins on line {line} is never closed (a `\"` is missing or extra): check that line",
        },
        /// A CSV quoted field that swallows what look like records.
        CsvRunawayQuote { line: usize, until: usize } => {
            zh: "第 {line} 行的引号（\"）开始的字段一直延续到第 {until} 行，把中间的各行并成了一个单元格：请检查第 {line} 行的引号",
            en: "the quoted field that begins on line {line} runs on to line {until}, taking in the lines between as one cell: check the quotes on line {line}",
        },
        /// A CSV file with NUL bytes.
        CsvNul { line: usize } => {
            zh: "第 {line} 行含有空字节（NUL），不是文本：文件可能已损坏，或是没有字节顺序标记的 UTF-16 文本；请在表格软件中另存为“CSV UTF-8”",
            en: "line {line} holds NUL bytes, which text never does: a damaged file, or UTF-16 without a byte-order mark? save it as \"CSV UTF-8\"",
        },
        /// A section is really called 未分配: the rows with no section are kept apart.
        SectionNamedUnassigned { name: String, apart: String } => {
            zh: "有责任科室名为“{name}”，与未填写责任科室的行同名：未填写的行改为归入“{apart}”，两者分开",
            en: "a section is named {name}, like the rows that name no section: those rows go to `{apart}`, kept apart",
        },
        /// The table holds too much text.
        TooMuchText { max: usize } => {
            zh: "表格文字超过 {max} MiB，超出了一份通知能够容纳的篇幅",
            en: "the table holds more than {max} MiB of text, more than a notice can carry",
        },
        /// A section name longer than the limit.
        SectionNameTooLong { chars: usize, max: usize } => {
            zh: "责任科室名称长达 {chars} 个字符，超过上限 {max} 个字符：请检查此单元格",
            en: "a section name of {chars} characters, more than the {max} allowed: check this cell",
        },
        /// A sections cell naming too many sections.
        TooManySectionsInCell { max: usize } => {
            zh: "此单元格列出的责任科室超过 {max} 个：请检查分隔符",
            en: "this cell names more than {max} sections: check its separators",
        },
        /// A table with too many sections.
        TooManySections { max: usize } => {
            zh: "表中的责任科室超过 {max} 个（从此单元格起）：请检查责任科室列",
            en: "the table names more than {max} sections (from this cell on): check the sections column",
        },
        /// A sheet filling more rows than the limit.
        TooManyRows { max: u32 } => {
            zh: "工作表填写的行数超过 {max} 行（从此行起），已停止读取",
            en: "the sheet fills more than {max} rows (from this row on): not read further",
        },
        /// A cell longer than Excel allows.
        CellTooLong { max: usize } => {
            zh: "单元格内容超过 {max} 个字符（Excel 的上限），已停止读取",
            en: "the cell holds more than {max} characters (Excel's limit): not read further",
        },
        /// The shared strings of a workbook hold too much text.
        SharedStringsTooLarge { max: usize } => {
            zh: "共享字符串的文字超过 {max} MiB，已停止读取",
            en: "the shared strings hold more than {max} MiB of text: not read further",
        },
    }
}
