//! Generated 台账 for the benchmarks: deterministic, realistic Chinese text.
//!
//! Each row has the seed job's four columns — 工作任务, 责任单位, 上半年完成情况,
//! 委内责任科室(单位) — with 20–200 characters in the text cells and 1–3 of
//! [`SECTIONS`] in the last. The same `rows` always give the same cells and
//! the same .xlsx bytes (a seeded generator and a fixed creation date).

#![allow(dead_code)]

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};
use std::path::Path;

/// The 30 sections rows are assigned to.
pub const SECTIONS: [&str; 30] = [
    "综合科",
    "办公室",
    "人事科",
    "法规科",
    "政策研究室",
    "发展规划科",
    "国民经济综合科",
    "经济运行科",
    "固定资产投资科",
    "利用外资和境外投资科",
    "地区经济科",
    "农村经济科",
    "基础产业科",
    "工业科",
    "高技术产业科",
    "社会发展科",
    "就业和收入分配科",
    "经济贸易科",
    "财政金融科",
    "价格管理科",
    "收费管理科",
    "环境资源科",
    "园区科",
    "重点项目办",
    "招投标管理科",
    "粮食和物资储备科",
    "能源科",
    "信用建设科",
    "价格认证中心",
    "项目评审中心",
];

/// The header row.
pub const HEADER: [&str; 4] = [
    "工作任务",
    "责任单位",
    "上半年完成情况",
    "委内责任科室(单位)",
];

const VERBS: [&str; 16] = [
    "全力推进",
    "加快建设",
    "大力发展",
    "深入实施",
    "稳步推进",
    "积极争取",
    "统筹协调",
    "着力打造",
    "持续优化",
    "认真落实",
    "扎实开展",
    "重点抓好",
    "加大",
    "完善",
    "组织实施",
    "协调推进",
];
const OBJECTS: [&str; 24] = [
    "创新创业园区建设",
    "标准化厂房",
    "重点项目",
    "基础设施配套",
    "招商引资工作",
    "生产性服务业",
    "现代物流体系",
    "职业教育园区",
    "信息服务平台",
    "棚户区改造",
    "城乡一体化",
    "新型工业化",
    "节能减排任务",
    "价格监测体系",
    "社会信用体系",
    "农村公路建设",
    "保障性住房",
    "两型社会建设",
    "大众创业万众创新",
    "金融保险服务",
    "文化旅游产业",
    "固定资产投资",
    "电力能源保障",
    "粮食安全责任制",
];
const UNITS: [&str; 18] = [
    "市发改委",
    "市经信委",
    "市商务粮食局",
    "市国土资源局",
    "市住房城乡建设局",
    "市规划局",
    "市财政局",
    "市科技局",
    "市教育局",
    "市交通运输局",
    "市旅游外侨局",
    "市环保局",
    "市人力资源社会保障局",
    "市政府经济金融办",
    "各县市区",
    "云龙示范区",
    "职教科技园",
    "市统计局",
];
const FACTS: [&str; 12] = [
    "已完成年度计划的",
    "同比增长",
    "累计完成投资",
    "新开工项目",
    "建成面积",
    "引进企业",
    "争取中央和省预算内资金",
    "完成征拆面积",
    "新增就业人数",
    "已签约项目",
    "到位资金",
    "完成审批事项",
];
const MEASURES: [&str; 8] = ["万平方米", "亿元", "个", "家", "万元", "人", "公里", "项"];
const TAILS: [&str; 8] = [
    "目前正在加快推进中。",
    "各项工作进展顺利。",
    "部分项目进度滞后，正在协调解决。",
    "已进入施工阶段。",
    "已报省发改委审批。",
    "正在开展前期工作。",
    "基本实现时间过半、任务过半。",
    "下一步将进一步加大工作力度。",
];

/// A small deterministic generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    /// One element of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() - 1)]
    }
}

/// Text of about `lo..=hi` characters made of clauses in the style of a 台账.
fn text(rng: &mut Rng, lo: usize, hi: usize, clause: fn(&mut Rng) -> String) -> String {
    let target = rng.range(lo, hi);
    let mut out = String::new();
    let mut chars = 0;
    while chars < target {
        let piece = clause(rng);
        chars += piece.chars().count();
        out.push_str(&piece);
    }
    // Cut at the target and end with a full stop.
    let mut cut: String = out.chars().take(target.saturating_sub(1)).collect();
    cut.push('。');
    cut
}

fn task_clause(rng: &mut Rng) -> String {
    format!("{}{}，", rng.pick(&VERBS), rng.pick(&OBJECTS))
}

fn unit_clause(rng: &mut Rng) -> String {
    format!("{}、", rng.pick(&UNITS))
}

fn progress_clause(rng: &mut Rng) -> String {
    let n = rng.range(1, 9999);
    let frac = rng.range(0, 99);
    let tail = if rng.range(0, 3) == 0 {
        rng.pick(&TAILS).to_string()
    } else {
        "，".to_string()
    };
    format!(
        "{}{}{}.{:02}{}{}",
        rng.pick(&OBJECTS),
        rng.pick(&FACTS),
        n,
        frac,
        rng.pick(&MEASURES),
        tail
    )
}

/// The cells of `rows` data rows (header not included).
pub fn rows(rows: usize) -> Vec<[String; 4]> {
    let mut rng = Rng::new(0x6f6e_6777_656e + rows as u64);
    (0..rows)
        .map(|_| {
            let n = rng.range(1, 3);
            let mut sections: Vec<&str> = Vec::with_capacity(n);
            while sections.len() < n {
                let s = rng.pick(&SECTIONS);
                if !sections.contains(&s) {
                    sections.push(s);
                }
            }
            [
                text(&mut rng, 20, 80, task_clause),
                text(&mut rng, 20, 60, unit_clause),
                text(&mut rng, 40, 200, progress_clause),
                sections.join("\n"),
            ]
        })
        .collect()
}

/// The seed notice's body template, reused by every generated job.
pub const BODY: &str = include_str!("../../fixtures/zhuzhou-2016-h1/body.md.j2");

/// The job file of a generated set.
pub const NOTICE: &str = r#"# A generated 台账 for the benchmarks (benches/support/data.rs).
issuer = "株洲市发展和改革委员会"
mark = "株洲市发展和改革委员会文件"
number = "株发改发〔2016〕193号"
title = "株洲市发展和改革委员会关于加快年度重点工作任务推进落实的通知"
recipients = ["机关各科室", "委属各单位"]
date = 2016-08-30
period = "2016-H1"
deadlines = [2016-09-25, 2016-12-20]
body = "body.md.j2"

[contact]
name = "丁志永"
phone = "28686393"
office = "综合科"

[attachment]
title = "2016年《政府工作报告》涉及我委重点工作任务{{ period_label }}完成情况表"
data = "progress.xlsx"
"#;

/// Writes `dir/progress.xlsx` with `rows` generated rows, with
/// `dir/notice.toml` and `dir/body.md.j2` beside it.
pub fn write_set(dir: &Path, rows: usize) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    let mut workbook = Workbook::new();
    let date = ExcelDateTime::from_ymd(2016, 8, 30)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&date));
    let sheet = workbook.add_worksheet();
    sheet.set_name("附件")?;
    for (c, name) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *name)?;
    }
    for (r, row) in self::rows(rows).iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, cell)?;
        }
    }
    workbook.save(dir.join("progress.xlsx"))?;
    std::fs::write(dir.join("notice.toml"), NOTICE)?;
    std::fs::write(dir.join("body.md.j2"), BODY)?;
    Ok(())
}
