//! Breaking a long title into lines (GB/T 9704 clause 7.3.1: 标题回行时，要做到词意
//! 完整，排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形).
//!
//! Without a dictionary of Chinese we cannot know every word boundary, so
//! break points are scored: the places a 公文 title is usually broken (after
//! 关于, before 关于, after 、，》) are cheap; a point inside a word from a
//! list of words common in titles is dear; any other point between two
//! ideographs is allowed at a middling cost. The cheapest arrangement whose
//! lines fit, hold at least three characters and form a trapezoid or a
//! diamond wins. A job can also give the lines itself.

/// Words common in 公文 titles, never broken.
const WORDS: &[&str] = &[
    "关于",
    "通知",
    "意见",
    "报告",
    "通报",
    "请示",
    "批复",
    "决定",
    "办法",
    "规定",
    "方案",
    "工作",
    "重点",
    "任务",
    "推进",
    "落实",
    "加快",
    "年度",
    "季度",
    "发展",
    "改革",
    "委员会",
    "政府",
    "人民",
    "办公室",
    "办公厅",
    "实施",
    "建设",
    "项目",
    "完成",
    "情况",
    "报送",
    "经济",
    "社会",
    "管理",
    "服务",
    "印发",
    "转发",
    "做好",
    "进一步",
    "加强",
    "开展",
    "组织",
    "安全",
    "生产",
    "交通",
    "运输",
    "规划",
    "计划",
    "目标",
    "责任",
    "分解",
    "考核",
    "检查",
    "专项",
    "行动",
    "活动",
    "统计",
    "城市",
    "农村",
    "市场",
    "企业",
    "投资",
    "资金",
    "财政",
    "政策",
    "会议",
    "精神",
    "贯彻",
    "部署",
    "全面",
    "深化",
    "质量",
    "创新",
    "创业",
    "园区",
    "产业",
    "基础",
    "设施",
    "环境",
    "保护",
    "教育",
    "卫生",
    "健康",
    "文化",
    "旅游",
    "体系",
    "机制",
    "制度",
    "政府工作报告",
    "前三季度",
    "上半年",
    "下半年",
    "第一季度",
    "全年",
    "有关",
    "事项",
    "问题",
];

/// Where the listed words are in a title, found in one pass: each
/// position is looked up by its character among the words that start with
/// it, so the work grows with the title, not with the title times the list.
struct Words {
    /// Positions strictly inside a listed word.
    protected: Vec<bool>,
    /// Positions strictly inside a short 《…》 title (one that fits a line).
    in_book: Vec<bool>,
    /// Positions where a listed word starts or ends.
    edge: Vec<bool>,
}

impl Words {
    fn find(chars: &[char], max_ems: f64) -> Words {
        static BY_FIRST: std::sync::LazyLock<std::collections::HashMap<char, Vec<Vec<char>>>> =
            std::sync::LazyLock::new(|| {
                let mut map: std::collections::HashMap<char, Vec<Vec<char>>> = Default::default();
                for word in WORDS {
                    let w: Vec<char> = word.chars().collect();
                    map.entry(w[0]).or_default().push(w);
                }
                map
            });
        let n = chars.len();
        let mut protected = vec![false; n + 1];
        let mut edge = vec![false; n + 1];
        for start in 0..n {
            let Some(words) = BY_FIRST.get(&chars[start]) else {
                continue;
            };
            for w in words {
                let end = start + w.len();
                if end <= n && chars[start..end] == w[..] {
                    edge[start] = true;
                    edge[end] = true;
                    for p in &mut protected[start + 1..end] {
                        *p = true;
                    }
                }
            }
        }
        let mut in_book = vec![false; n + 1];
        let mut open = None;
        for (i, c) in chars.iter().enumerate() {
            match c {
                '《' => open = Some(i),
                '》' => {
                    if let Some(s) = open.take() {
                        let ems: f64 = chars[s..=i].iter().map(|c| width(*c)).sum();
                        if ems <= max_ems {
                            for p in &mut in_book[s + 1..=i] {
                                *p = true;
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Words {
            protected,
            in_book,
            edge,
        }
    }
}

/// Cost of breaking before character `i`; `None` where a break is not allowed.
fn break_cost(chars: &[char], i: usize, words: &Words) -> Option<f64> {
    let (prev, next) = (chars[i - 1], chars[i]);
    let closing = "，、。；：！？）》〉”’〕】";
    let opening = "（《〈“‘〔【";
    if closing.contains(next) || opening.contains(prev) {
        return None;
    }
    if prev.is_ascii_alphanumeric() && next.is_ascii_alphanumeric() {
        return None;
    }
    if words.protected[i] {
        // Inside a listed word: only when no other arrangement fits.
        return Some(PROTECTED_COST);
    }
    if words.in_book[i] {
        return Some(50.0);
    }
    let ends_with = |w: [char; 2]| i >= 2 && chars[i - 2..i] == w;
    let starts_with = |w: [char; 2]| chars.get(i..i + 2) == Some(&w[..]);
    if ends_with(['关', '于']) {
        return Some(0.0);
    }
    if starts_with(['关', '于']) {
        return Some(1.0);
    }
    if "、，》".contains(prev) || next == '《' {
        return Some(1.0);
    }
    Some(if words.edge[i] { 4.0 } else { 8.0 })
}

/// The cost of a break inside a listed word or a short 《…》 title; such a
/// break is taken only when the title cannot be broken otherwise.
const PROTECTED_COST: f64 = 1000.0;

/// The fewest characters on a line: a title never ends a line, or starts
/// its last, with three characters alone (的通知, 的通报).
pub const MIN_LINE_CHARS: usize = 4;

/// The width of a character of a title, in ems: as in a table cell, for
/// the faces that stand in for 小标宋 where it is missing (digits wider
/// than half an em).
fn width(c: char) -> f64 {
    super::widths::cell_char_width(c)
}

/// Breaks `title` into lines of at most `max_ems` ems, shaped as a
/// trapezoid or a diamond.
pub fn break_title(title: &str, max_ems: f64) -> Vec<String> {
    let chars: Vec<char> = title.chars().collect();
    let total: f64 = chars.iter().map(|c| width(*c)).sum();
    if total <= max_ems || chars.len() < 2 * MIN_LINE_CHARS {
        return vec![title.to_string()];
    }
    let words = Words::find(&chars, max_ems);
    let candidates: Vec<(usize, f64)> = (1..chars.len())
        .filter_map(|i| break_cost(&chars, i, &words).map(|c| (i, c)))
        .collect();
    let prefix: Vec<f64> = std::iter::once(0.0)
        .chain(chars.iter().scan(0.0, |acc, c| {
            *acc += width(*c);
            Some(*acc)
        }))
        .collect();
    let min_lines = (total / max_ems).ceil() as usize;
    if min_lines > MAX_SEARCHED_LINES {
        return greedy(&chars, &candidates, &prefix, max_ems);
    }
    let mut best: Option<(f64, Vec<usize>)> = None;
    // One more line than needed may give a better shape; the search grows
    // with the number of lines, so only short titles try it.
    let most = if min_lines <= 2 {
        min_lines + 1
    } else {
        min_lines
    };
    for lines in min_lines..=most {
        let mut breaks = Vec::new();
        search(
            &candidates,
            &prefix,
            max_ems,
            lines - 1,
            0,
            0.0,
            &mut breaks,
            &mut best,
        );
    }
    match best {
        None => vec![title.to_string()],
        Some((_, breaks)) => {
            let mut out = Vec::new();
            let mut start = 0;
            for b in breaks.into_iter().chain(std::iter::once(chars.len())) {
                out.push(chars[start..b].iter().collect());
                start = b;
            }
            out
        }
    }
}

/// Titles needing more lines than this are broken greedily: such a title is
/// no 公文 title, and the exhaustive search would grow too fast.
const MAX_SEARCHED_LINES: usize = 4;

/// Fills each line as far as it goes, breaking at the cheapest point among
/// the last few that fit. The break points are walked once, in order, so
/// the work grows with the title's length.
fn greedy(
    chars: &[char],
    candidates: &[(usize, f64)],
    prefix: &[f64],
    max_ems: f64,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let n = chars.len();
    // The candidates after `start` begin at `first`.
    let mut first = 0;
    // Break points looked at, for the test that the work is linear.
    let mut steps = 0usize;
    while prefix[n] - prefix[start] > max_ems {
        while first < candidates.len() && candidates[first].0 <= start {
            first += 1;
            steps += 1;
        }
        let mut end_fit = first;
        while end_fit < candidates.len() && prefix[candidates[end_fit].0] - prefix[start] <= max_ems
        {
            end_fit += 1;
            steps += 1;
        }
        let fitting = &candidates[first..end_fit];
        let tail = &fitting[fitting.len().saturating_sub(4)..];
        let end = match tail.iter().min_by(|a, b| a.1.total_cmp(&b.1)) {
            Some((i, _)) => *i,
            // No allowed point fits: cut where the line is full.
            None => (start + 1..n)
                .take_while(|i| prefix[*i] - prefix[start] <= max_ems)
                .inspect(|_| steps += 1)
                .last()
                .unwrap_or(start + 1),
        };
        // The line after this one, if it is the last, holds at least
        // MIN_LINE_CHARS characters.
        let end = if prefix[n] - prefix[end] <= max_ems && n - end < MIN_LINE_CHARS {
            n.saturating_sub(MIN_LINE_CHARS).max(start + 1)
        } else {
            end
        };
        out.push(chars[start..end].iter().collect());
        start = end;
    }
    out.push(chars[start..].iter().collect());
    #[cfg(test)]
    GREEDY_STEPS.with(|s| s.set(steps));
    #[cfg(not(test))]
    let _ = steps;
    out
}

#[cfg(test)]
thread_local! {
    /// The break points the last greedy breaking on this thread looked at.
    static GREEDY_STEPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[allow(clippy::too_many_arguments)]
fn search(
    candidates: &[(usize, f64)],
    prefix: &[f64],
    max_ems: f64,
    remaining: usize,
    start: usize,
    cost: f64,
    breaks: &mut Vec<usize>,
    best: &mut Option<(f64, Vec<usize>)>,
) {
    if best.as_ref().is_some_and(|(b, _)| cost >= *b) {
        return;
    }
    let n = prefix.len() - 1;
    if remaining == 0 {
        let last = prefix[n] - prefix[start];
        if last > max_ems || n - start < MIN_LINE_CHARS {
            return;
        }
        let mut bounds = vec![0];
        bounds.extend(breaks.iter().copied());
        bounds.push(n);
        let widths: Vec<f64> = bounds
            .windows(2)
            .map(|w| prefix[w[1]] - prefix[w[0]])
            .collect();
        let total = cost + shape_cost(&widths);
        if best.as_ref().is_none_or(|(b, _)| total < *b) {
            *best = Some((total, breaks.clone()));
        }
        return;
    }
    for &(i, c) in candidates.iter().filter(|(i, _)| *i > start) {
        let width = prefix[i] - prefix[start];
        if width > max_ems {
            break;
        }
        if i - start < MIN_LINE_CHARS {
            continue;
        }
        breaks.push(i);
        search(
            candidates,
            prefix,
            max_ems,
            remaining - 1,
            i,
            cost + c,
            breaks,
            best,
        );
        breaks.pop();
    }
}

/// Penalty for the shape: lines should form a trapezoid (growing or
/// shrinking) or a diamond (the middle longest), and be of similar length.
fn shape_cost(widths: &[f64]) -> f64 {
    let growing = widths.windows(2).all(|w| w[0] <= w[1]);
    let shrinking = widths.windows(2).all(|w| w[0] >= w[1]);
    let diamond = widths.len() == 3 && widths[1] >= widths[0] && widths[1] >= widths[2];
    let shape = if growing || shrinking || diamond {
        0.0
    } else {
        20.0
    };
    let max = widths.iter().cloned().fold(0.0, f64::max);
    let spread: f64 = widths.iter().map(|w| max - w).sum::<f64>() / widths.len() as f64;
    shape + 0.3 * spread + 2.0 * widths.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_title_breaks_after_guanyu() {
        let lines = break_title(
            "株洲市发展和改革委员会关于加快年度重点工作任务推进落实的通知",
            19.5,
        );
        assert_eq!(
            lines,
            [
                "株洲市发展和改革委员会关于",
                "加快年度重点工作任务推进落实的通知"
            ]
        );
    }

    #[test]
    fn a_short_title_stays_on_one_line() {
        assert_eq!(
            break_title("关于报送完成情况的通知", 19.5),
            ["关于报送完成情况的通知"]
        );
    }

    #[test]
    fn no_line_is_shorter_than_three_characters_and_every_line_fits() {
        for title in [
            "湘潭市交通运输局关于报送2017年重点工作前三季度完成情况的通知",
            "株洲市人民政府办公室关于印发《株洲市2016年重点工作责任分解方案》的通知",
            "中华人民共和国国家发展和改革委员会办公厅关于进一步做好全国重点项目建设资金保障和统计监测工作有关事项的通知",
            "2016年《政府工作报告》涉及我委重点工作任务上半年完成情况表",
        ] {
            let lines = break_title(title, 19.5);
            assert_eq!(lines.concat(), title);
            assert!(lines.len() > 1, "{title}");
            for line in &lines {
                assert!(line.chars().count() >= MIN_LINE_CHARS, "{lines:?}");
                assert!(line.chars().map(width).sum::<f64>() <= 19.5, "{lines:?}");
            }
            assert_no_word_split(&lines);
        }
    }

    /// No line boundary falls inside a listed word.
    fn assert_no_word_split(lines: &[String]) {
        let title: String = lines.concat();
        let mut at = 0;
        let bounds: Vec<usize> = lines[..lines.len() - 1]
            .iter()
            .map(|l| {
                at += l.chars().count();
                at
            })
            .collect();
        let chars: Vec<char> = title.chars().collect();
        for word in WORDS {
            let w: Vec<char> = word.chars().collect();
            for start in 0..chars.len().saturating_sub(w.len() - 1) {
                if chars[start..].starts_with(&w) {
                    for b in &bounds {
                        assert!(
                            !(start < *b && *b < start + w.len()),
                            "{word} split: {lines:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn words_and_short_book_titles_are_not_split() {
        // A 《…》 title that fits a line stays whole when the title allows.
        let lines = break_title("关于印发《2016年重点工作责任分解方案》的通知", 19.5);
        assert!(
            lines
                .iter()
                .any(|l| l.contains("《2016年重点工作责任分解方案》")),
            "{lines:?}"
        );
        // Here it cannot (the rest would leave 的通知 alone): it breaks at a
        // word's edge, never inside 重点, 工作 ….
        let lines = break_title(
            "株洲市人民政府办公室关于印发《株洲市2016年重点工作责任分解方案》的通知",
            19.5,
        );
        assert_no_word_split(&lines);
        assert!(lines.iter().all(|l| l.chars().count() >= MIN_LINE_CHARS));
        let lines = break_title(
            "湘潭市交通运输局关于报送2017年重点工作前三季度完成情况的通知",
            19.5,
        );
        for line in &lines {
            assert!(!line.ends_with("20") && !line.starts_with('7'), "{lines:?}");
            assert!(!line.ends_with('通'), "{lines:?}");
        }
    }

    #[test]
    fn no_title_line_is_three_characters_alone() {
        for title in [
            "株洲市人民政府办公室关于2016年上半年全市重点工作推进落实情况的通报",
            "湘潭市交通运输局关于进一步加强全市道路运输安全生产专项整治工作的通知",
        ] {
            let lines = break_title(title, 19.5);
            assert!(
                lines.iter().all(|l| l.chars().count() >= MIN_LINE_CHARS),
                "{lines:?}"
            );
            assert_no_word_split(&lines);
        }
    }

    #[test]
    fn a_very_long_title_is_broken_quickly_and_completely() {
        let title = format!("关于{}的通知", "重点工作任务推进落实情况".repeat(30));
        let lines = break_title(&title, 19.5);
        assert_eq!(lines.concat(), title);
        assert!(lines
            .iter()
            .all(|l| l.chars().map(width).sum::<f64>() <= 19.5));
    }

    #[test]
    fn breaking_is_linear_in_the_title() {
        // A title of a million characters, 3 MB (a section name pasted
        // into an attachment title): lines are found in one pass. The work
        // is counted (break points looked at), not timed.
        let long = "重点工作任务推进落实情况".repeat(83_334);
        let lines = break_title(&long, 19.5);
        let steps = GREEDY_STEPS.with(|s| s.get());
        assert_eq!(lines.concat(), long);
        assert!(lines.len() > 40_000);
        let small = "重点工作任务推进落实情况".repeat(8_334);
        break_title(&small, 19.5);
        let tenth = GREEDY_STEPS.with(|s| s.get());
        assert!(tenth > 0);
        // Ten times the title, about ten times the work (not a hundred
        // times, as a search restarting at each line would take).
        assert!(steps <= tenth * 11, "{steps} steps for ten times {tenth}");
    }

    #[test]
    fn three_line_titles_are_trapezoids_or_diamonds() {
        let lines = break_title(
            "中华人民共和国国家发展和改革委员会办公厅关于进一步做好全国重点项目建设资金保障和统计监测工作有关事项的通知",
            19.5,
        );
        let w: Vec<f64> = lines.iter().map(|l| l.chars().map(width).sum()).collect();
        let ok = w.windows(2).all(|p| p[0] <= p[1])
            || w.windows(2).all(|p| p[0] >= p[1])
            || (w.len() == 3 && w[1] >= w[0] && w[1] >= w[2]);
        assert!(ok, "{lines:?}");
    }
}
