//! Writes the example spreadsheets under `fixtures/`.
//!
//! - `fixtures/zhuzhou-2016-h1/progress.xlsx`: the seed job. Sheet `附件` holds the
//!   23-row attachment table of the 株洲市发展和改革委员会 notice of 2016-08-30
//!   (上半年), laid out as a clerk keeps it: a merged title row, the header
//!   `工作任务 | 责任单位 | 上半年完成情况 | 委内责任科室(单位)`, then the data. Every cell
//!   is the scraped text unchanged, half-width punctuation included; a cell that
//!   spans several paragraphs in the source has them joined with line breaks.
//! - `fixtures/template-example/红头.docx`: the example 红头 template of
//!   `docs/templates.md` ([`gongwen::template::example`]), and
//!   `发文红头.docx`, the same without its two demonstration tables (what
//!   the built-in layout holds, for the benchmarks).
//! - `fixtures/xiangtan-2017-q3/progress.xlsx`: an invented second job
//!   (湘潭市交通运输局, 前三季度) with other column names, extra `序号` and `备注`
//!   columns, and the data on the second sheet `台账` after a `说明` sheet.
//! - `fixtures/two-attachments/progress.xlsx`: the same workbook with a third
//!   sheet `重点项目`, the second attachment of a job with two (no project
//!   for 财务科, whose extract then carries the first attachment alone).
//!
//! - `tests/fixtures/ledgers/`: ledgers kept the way offices really keep
//!   them (see the README there): an 教育局 workbook with one sheet per
//!   quarter, a two-row header, group, total and footer rows, a task merged
//!   over two sub-rows and a hidden column, with a corrected copy; a 街道
//!   GBK CSV with a two-row header and every section separator; a 自然资源局
//!   workbook with formulas, Excel 365 error values and an invisible
//!   character in a header; a 市监局 .ods with a hidden column and row.
//!
//! The generated files are committed, so the tool and its tests run without
//! this program. Rerun it with `cargo run --example make_fixtures` after editing
//! the data below: it writes the same bytes on every run, because the workbook
//! creation date is fixed. The hand-written `notice.toml` and `body.md.j2` next to
//! the second spreadsheet are not touched.

use std::collections::BTreeMap;
use std::error::Error;
use std::fs;
use std::path::Path;

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Title of the seed's attachment table (the merged first row).
const ZHUZHOU_TITLE: &str = "2016年《政府工作报告》涉及我委重点工作任务上半年完成情况表";

/// Header row of the seed's attachment table.
const ZHUZHOU_HEADER: [&str; 4] = [
    "工作任务",
    "责任单位",
    "上半年完成情况",
    "委内责任科室(单位)",
];

/// The seed's 23 rows: 工作任务, 责任单位, 上半年完成情况, 委内责任科室(单位).
/// Text exactly as in the scraped page (seed `000_9915d913b5f425b0.txt`), after
/// the second `附件:` line; `\n` joins the paragraphs of one cell.
const ZHUZHOU_ROWS: [[&str; 4]; 23] = [
    [
        "大力推进创新创业园区“146”工程,加快标准厂房建设和基础设施配套,加大项目招商落地力度,不断提升园区实力。",
        "市发改委;市经信委、市商务粮食局、市国土资源局、市住房城乡建设局、市规划局、各县市区、云龙示范区",
        "全力推进创新创业园区“146”工程,全市在建标准化厂房256.38万平方米,建成107.4万平方米,引进企业79家。",
        "园区科",
    ],
    [
        "大力推进大众创业、万众创新。推行众创、众包、众扶、众筹新模式,加快建设一批众创空间,做大做强创客经济,让创新创业的涓涓细流汇聚成推动株洲发展的强大洪流。",
        "市发改委、市人力资源社会保障局、市科技局;市政府相关部门、各县市区、云龙示范区",
        "已建成炎帝创客中心、新动力咖啡、云龙零创空间等5家众创空间。在2016年省预算内基本建设投资设立“双创”建设专项,重点扶持省级“双创”示范基地、“农民工等人员返乡创业试点县”以及省级工程研究中心、工程实验室和企业技术中心等创新研发平台等领域,已争取省“双创”项目3个,资金近400万元。",
        "社会科\n工业科\n财贸科",
    ],
    [
        "大力发展金融保险、现代物流、职业教育、研发设计、信息服务、商务咨询等生产性服务业。加快发展商贸流通、文化旅游等生活性服务业。",
        "市发改委;市政府经济金融办、市经信委、市科技局、市教育局、职教科技园、市商务粮食局、市交通运输局、市旅游外侨局、相关县市区、云龙示范区",
        "按照株发〔2013〕1号等文件要求,加快推进我市金融保险、现代物流、职业教育、研发设计、信息服务、商务咨询等生产性服务业和商贸流通、文化旅游等生活性服务业的发展。市农副产品批发交易物流中心已启动征拆工作。目前职教城5所学院已开学招生,化院二期、中医高专、一二三职等学校也在加快建设;中科院云智慧、创新创意产业园、中南智慧产业城、方特华强二期、云龙文化旅游服务业聚集区移动数据中心项目、中特物流等生产、生活性服务业产业项目正在建设中。",
        "财贸科",
    ],
    [
        "搭建资源集中、发展集约的发展平台,加快中心商务区等九个服务业集聚区建设。",
        "市发改委;市规划局、市住房城乡建设局、市商务粮食局、相关县市区",
        "根据株政发〔2015〕19号、株政办发〔2015〕102号文件精神,正在陆续出台各集聚区的年度工作计划。积极组织中心服务区和沿江风光大服务区建设,已拟定方案。",
        "财贸科",
    ],
    [
        "加快供给侧结构性改革,培育市场主体,壮大实体经济,提高供给体系质量和效率,形成新供给新动能",
        "市发改委、市编办、市经信委;市政府相关部门、各县市区、云龙示范区",
        "制定了《株洲市推进供给侧结构性改革的实施意见》,已经市委常委会、市政府常务会议审定通过,正在发文审签。确定了五大类27个专项工作任务,明确了责任主体和工作要求。",
        "综合科\n改革科",
    ],
    [
        "放宽社会资本准入领域,降低创新创业门槛,积极引入社会资本参与公共领域项目建设,以更大的力度推广PPP模式,支持和引导非公经济加快发展。",
        "市发改委、市财政局;市政府相关部门、各投资公司、各县市区、云龙示范区",
        "继续简化企业投资项目审批流程,缩短时间,降低民间投资成本。5月份,配合国务院督查组来株开展关于促进民间投资的系列政策措施和决策部署情况专项督查。上半年积极推进市城发集团北环线C段、石峰大桥西匝道、建宁大桥西匝道、铁东路(白石港路-新华路)、磐龙湖等项目采取PPP模式建设。我市4个项目入围全省第三批省级PPP示范项目,项目总投资额123亿元。天元区天易科技城自主创业园和醴陵市渌江古城之瓷城古韵(一江两岸)文化休闲带建设项目入选5月18日湖南省PPP北京推介会重点推介项目。市本级上半年筛选新增4个项目加入PPP项目库,分别为恐龙博物馆项目、北环路(新华东路-云龙大道)项目、中环大道贯通工程匝道项目和铁东路北段(白石港路-新华西路),总投资额37.8亿元。",
        "投资科",
    ],
    [
        "推进大众创业、万众创新催生一批,形成市场主体如雨后春笋般不断涌现、发展活力竞相迸发的生动局面。",
        "市发改委、市人力资源社会保障局;\n市政府相关部门、相关县市区",
        "全市新增创业主体1.47万个,带动城乡就业4.52万人。抓好市场主体培育,在动员倡导各类人群创业的同时,加大“领军型”创业人才的培养与引进力度,重点鼓励扶持能人、青年、技能、返乡、公职人员等五类主体人群创业。加快推进返乡农民工创业基地建设,完善提升新动力众创空间、高新区创业服务中心、零创空间、市创新创业指导中心、株洲市大学生创业孵化园等创业平台,扶持经天纬地网络科技有限责任公司、芦淞服饰购等电商平台发展。落实大学生创业引领计划为抓手,加强创业宣传,降低创业门槛,提供创业咨询和指导服务,在资金、项目上优先扶持离校未就业高校毕业生创业。进一步抓好创业政策宣传、解释、推介工作,加大创业典型舆论宣传引导力度,激励和带动更多人自主创业。",
        "社会科\n工业科\n财贸科",
    ],
    [
        "大力开展“项目攻坚年”活动。把项目建设作为稳增长、调结构、惠民生的第一抓手。全年实施重点项目200个以上,带动全社会投资2500亿元以上。",
        "市发改委;市政府相关部门、相关县市区",
        "上半年,全市完成固定资产投资896.9亿元,重点项目完成381.6亿元,同比增长17.3%。共有108个重点项目开工建设,完成预期目标。6个重点建设项目实现竣工,有55个项目年计划任务完成过半。",
        "重点办\n投资科",
    ],
    [
        "紧盯国家和省里“十三五”发展重大战略、重大工程、重大行动、重大资金、重大试点,结合我市的重大优势、重大潜力、重大短板,精心策划开发一批重点项目,加快推进前期工作,全力向上争取一批项目。",
        "市发改委;市政府相关部门、相关县市区",
        "全力包装策划项目,积极申报2016年前两批国家专项基金和激励政策基金,共有53个项目争取专项基金32.65亿元。上报并有110多个重大项目纳入全省2016年重大项目库、3个项目纳入省领导联系重点项目。加快33个重点前期项目,前期工作步伐。按照“三个一”大项目计划和前期策划攻坚行动,每个县市区必须要策划一个以上总投资过30亿元的项目,至少策划包装20个总投资过2亿元的重大前期项目。",
        "投资科\n重点办",
    ],
    [
        "进一步创新项目工作推进机制,以“三严三实”的作风推进项目建设,强化责任分工、强化督查考核、强化责任追究,全面提高项目的开工率和竣工率。",
        "市发改委;市政府相关部门、各县市区、云龙示范区",
        "开展“集中开工活动”,以开工倒逼,对15个市本级政府投资项目,采取不同的方式特事特办。对全市易地扶贫搬迁项目争取省发改委尽快批复实施方案,确保6月底之前开工。对部分项目于近期召开市政府常务会或市投融资决策委、规划委、土规委“三会合一”形式集中研究决策。对25个县市区政府投资项目,督促县市区政府采取有力措施,倒排工期,确保按节点开工。对18个社会投资项目,由市级联系领导牵头,加强联系、协调,解决实际问题。",
        "重点办",
    ],
    [
        "全面深化改革开放,突出重点,扭住关键,精准发力,推动各项改革举措落地生根、见到实效。",
        "市发改委、市商务粮食局;市编办、市政府相关部门、各县市区云龙示范区",
        "成立全面深化改革领导小组,详细制定了实施方案,建立了相应的改革台账,做了相应责任分解,明确了牵头领导、责任部门、相关部门、完成时限。",
        "改革科",
    ],
    [
        "加快公共资源交易体制改革,将涉及公共领域的资源交易项目统一纳入市公共资源中心交易,构建公正公平公开的公共资源交易体系。",
        "市发改委、市公共资源交易中心;市政府相关部门、相关县市区、云龙示范区",
        "按省要求完善并报送了《株洲市公共资源交易平台整合方案》,待省政府审核批复后执行;起草了《株洲市公共资源交易管理办法》并征求了意见,待有关政府投资项目的管理办法修订后完善相关内容后上报市政府。",
        "法规科",
    ],
    [
        "打造株都市圈,建设株醴都市区创新发展试验区。",
        "市发改委、醴陵市;市规划局、市国土资源局、市交通运输局、市住房城乡建设局、株洲县、城市四区、云龙示范区",
        "认真配合省发改委,完成了我省“第一批产镇融合示范镇”调研工作,通过积极争取,其中株洲白关镇、酒埠江镇上榜,分别被确定为“服饰小镇”和“绿韵小镇”。积极协调服务,加快推进了白关服饰产业园、东富产业园等建设。作为担负连接东城大道,实现株醴融合的主线工程的G320,提质改造工作已全面启动,现G320桥梁、通道、涵洞等控制性工程已全线动工,东城大道已完成路面清表以及部分土石方工程。醴陵城市外环线建设项目(PPP)正在积极推进,除连接东富工业园的旗滨大道一期已完成半幅路施工,二期也正在进行施工。",
        "规划科\n投资科",
    ],
    [
        "加快株醴融城步伐。",
        "市发改委;市政府相关部门、醴陵市、株洲县、芦淞区",
        "开工建设了东城大道等项目;积极策划包装了一批基础设施、产业、民生等领域项目进入全市“十三五”规划笼子;积极争取国家第二批城镇建设专项基金项目,成功争取湖南(株洲)职教园太平桥城乡一体化项目获得农业发行1亿元专项基金支持。",
        "规划科\n投资科",
    ],
    [
        "积极争取渝长厦高铁采用“长沙―湘潭―株洲”通道。",
        "市发改委;市交通运输局",
        "加强了与国家发改委、铁路总公司、省委省政府、湘潭等衔接协调。成立了由常务副市长为组长前期工作领导小组,召开了第一次会议,提出以经过韶山、井冈山的线路走向作为我市对外争取的唯一方案。3以市委、市政府的名义向省委、省政府递交《关于确定渝长厦高铁长赣段我省境内线路走向的请示》,请求省里支持。",
        "能源基础科",
    ],
    [
        "探索建立农业转移人口市民化成本分担机制,加大就学、养老、就医等基本公共服务投入力度,让市民化的人口享受更多的核心公共服务。",
        "市发改委、市财政局;市住房城乡建设局、市人力资源社会保障局、市民政局、市教育局、市卫生计生委、各县市区、云龙示范区",
        "开展了前期调研,提出了初步的意见建议。年初预算安排政府购买养老等公共服务专项资金300万元,目前民政部门正在测算相关数据,财政将根据民政核实后出具的意见拨付资金。年初预算安排百岁老人生活补贴15万元,已全部拨付至市老龄委,对城区年满100岁的老人发放生活补贴,标准从上年的300元/人提高至500/人。拨付企业养老金183000万元,失业保险金2770万元,稳岗补贴401.33万元,上划失业保险调剂金490万元,拨付株钢、株麻、湘华4050人员生活费40万元,就业资金2825万元。投入10231万元推进公立医院改革。市级财政投入31114万元用于加快推进基本医疗保障制度建设。投入11611万元用于促进基本公共卫生服务逐步均等化。",
        "社会科",
    ],
    [
        "实施产业强县,提效农业,提速工业,提升第三产业。推进特色发展,支持县市立足各自优势,发展陶瓷、烟花、能源、农产品加工等传统产业。",
        "市发改委;市农委、市经信委、各县市区、云龙示范区",
        "为陶瓷产业企业争取了国家专项建设基金支持近3亿元,主要支持了华联瓷业和松和食品公司等发展。按照株发〔2014〕4号、株发〔2013〕1号等文件,根据各县市自身的产业优势,加快发展特色服务业产业。截至6月初,全市实现农林牧渔服务业总产值73.2亿元、农业增加值43.8亿元,同比均增长3.5%。农产品加工企业完成农产品加工总产值161.6亿元,销售收入157.3亿元,同比增长14%、13.5%。",
        "农经科\n工业科\n财贸科",
    ],
    [
        "推进承接发展,大力推进园区建设,主动承接发达地区产业转移,积极引老乡、回故乡、建家乡。",
        "市发改委、市商务粮食局;各县市区、云龙示范",
        "5月13日、6月5日分别召开了全市产业园区招商引资工作座谈会,会上听取了各园区招商引资工作现状及存在的困难和问题,提出指导性意见和建议。对各园区标准厂房建成面积、使用面积、空置面积及空置率进行统计,从实际数据层面掌握我市标准厂房招商情况。向各县市区转发“香港中华厂商联合会招商对接活动”和“湖南―长三角园区合作共建对接会”活动通知,并收集反馈园区意向、组织前期准备工作。芦淞区园区已招商引进广州纯美年华男裤,解决回乡就业人数150人;攸县工业集中区引进天睿精工,总投资2.6亿元。",
        "园区科",
    ],
    [
        "积极推进易地搬迁扶贫,对“一方山水养不起一方人”的贫困户,利用难得的政策机遇,加快推进易地搬迁脱贫。",
        "市发改委、市农委;市财政局、市国土资源局、人民银行株洲中心支行、相关县市区",
        "建立易地扶贫搬迁工作联席会议制度,编制了实施方案,各县市与省签订《易地扶贫搬迁责任书》;出台《加快推进株洲市易地扶贫搬迁工作的指导意见》,组织各县(市)编制方案并上报;组织易地扶贫搬迁年度人数的审核,明确搬迁安置方式,完成搬迁项目选址;督促各县市按省联席办审查意见加紧整改实施方案。",
        "农经科",
    ],
    [
        "积极支持湖南工业大学建设高水平综合性大学。",
        "市发改委、市教育局;市政府相关单位、天元区",
        "到湖南工业大学进行了实地调研,了解了建设高水平综合性大学的进展情况,明确支持措施。已与湖南工业大学对接,学校正在研究提出意见。",
        "社会科",
    ],
    [
        "进一步完善政府投资项目制度。",
        "市发改委;市政府相关部门、各县市区、云龙示范区",
        "出台了《2016年市本级政府投资计划》,修改完善了市投融资决策委员会工作规则并向市投委会进行了汇报,拟向政府常务会汇报。",
        "投资科",
    ],
    [
        "市特殊教育学校搬迁扩建项目建设完成投资,1300万元",
        "市教育局、市发改委",
        "52%",
        "代建办",
    ],
    [
        "市妇幼保健院整体搬迁改扩建项目,完成投资2200万元(包括前期费用)",
        "市卫生计生委、市发改委",
        "17.2%,进展较慢",
        "代建办",
    ],
];

/// Rows per section in the seed, counted from the scraped text.
const ZHUZHOU_SECTION_COUNTS: [(&str, usize); 13] = [
    ("投资科", 6),
    ("财贸科", 5),
    ("社会科", 4),
    ("工业科", 3),
    ("重点办", 3),
    ("代建办", 2),
    ("园区科", 2),
    ("改革科", 2),
    ("规划科", 2),
    ("农经科", 2),
    ("综合科", 1),
    ("法规科", 1),
    ("能源基础科", 1),
];

/// Title of the second job's table (the merged first row of `台账`).
const XIANGTAN_TITLE: &str = "2017年重点工作前三季度完成情况表";

/// Header row of the second job's table; `序号` is written by the program.
const XIANGTAN_HEADER: [&str; 6] = [
    "序号",
    "重点工作",
    "牵头单位",
    "进展情况",
    "责任科室",
    "备注",
];

/// Notes on the first sheet, `说明`.
const XIANGTAN_NOTES: [&str; 2] = [
    "本表由局规划科汇总，数据截至2017年9月30日，各责任科室已逐项核对。",
    "“进展情况”栏请如实填写，进展较慢的请注明原因；“备注”栏可不填。",
];

/// Invented rows: 重点工作, 牵头单位, 进展情况, 责任科室, 备注 (may be empty).
const XIANGTAN_ROWS: [[&str; 5]; 10] = [
    [
        "加快推进国省干线公路建设，完成G320湘潭段提质改造工程年度投资计划，确保年底前主体工程基本完工。",
        "市交通运输局；市公路管理局、湘潭县人民政府、湘乡市人民政府",
        "累计完成投资6.8亿元，占年度计划的76%；路基工程全部完成，路面工程完成60%，沿线交安设施同步施工。",
        "建设科、规划科",
        "",
    ],
    [
        "实施农村公路提质改造三年行动计划，年内完成农村公路提质改造300公里、安保工程150公里，改造危桥20座。",
        "市交通运输局；市财政局、各县市区人民政府、湘潭高新区管委会、昭山示范区管委会",
        "已完成农村公路提质改造238公里、安保工程126公里；危桥改造完工14座、在建6座，完成年度计划的79%。",
        "建设科",
        "纳入市政府为民办实事项目",
    ],
    [
        "推进城乡客运一体化，新开通和优化城乡公交线路10条，建制村通客车率保持100%，更新新能源公交车150台。",
        "市交通运输局；市公交集团、市财政局、各县市区人民政府、九华示范区管委会",
        "新开通和优化城乡公交线路8条，建制村通客车率100%；新能源公交车已完成招标，到位92台，其余58台计划11月底前交付。",
        "运输科",
        "车辆交付受厂家排产影响",
    ],
    [
        "深化交通运输安全生产专项整治，开展“平安交通”创建活动，严格落实企业主体责任，确保全年不发生较大以上责任事故。",
        "市交通运输局；市公安局交通警察支队、市安全生产监督管理局、各县市区交通运输局",
        "开展安全隐患排查整治行动4次，排查企业216家次，整改隐患389处，整改率98.5%；前三季度未发生较大以上责任事故。",
        "安全科、运输科",
        "",
    ],
    [
        "加快湘江湘潭段港口建设，完成九华港区二期码头主体工程，提升水运综合服务能力。",
        "市交通运输局；市港航管理局、市国土资源局、九华示范区管委会",
        "码头水工主体工程完成65%；因征地拆迁协调滞后，陆域形成工程进展较慢，已报请市政府专题协调。",
        "规划科、建设科",
        "列入市重点建设项目",
    ],
    [
        "积极争取上级交通建设资金，全年争取中央和省补助资金8亿元以上，规范交通建设项目资金管理。",
        "市交通运输局；市财政局、市发展和改革委员会、市交通建设投资有限公司",
        "已争取中央车购税和省补助资金5.2亿元，占年度目标的65%；2016年度交通专项资金审计发现的问题已全部整改。",
        "财务科",
        "",
    ],
    [
        "深化交通运输“放管服”改革，推行“互联网+政务服务”，道路运输证照业务网上办理率达到80%。",
        "市交通运输局；市政务服务中心、市机构编制委员会办公室、市人民政府法制办公室",
        "12项行政审批事项全部进驻市政务服务中心，网上办理率达到83%，平均办理时限压缩至法定时限的40%。",
        "运输科",
        "提前完成年度目标",
    ],
    [
        "稳妥推进出租汽车行业改革，出台网络预约出租汽车经营服务管理实施细则，规范网约车经营行为。",
        "市交通运输局；市公安局、市物价局、市商务局、市人民政府法制办公室",
        "《湘潭市网络预约出租汽车经营服务管理实施细则》已完成两轮征求意见和听证，尚未提请市政府常务会议审议，进展较慢。",
        "运输科、安全科",
        "待市政府常务会议审议",
    ],
    [
        "完成《湘潭市综合交通运输“十三五”发展规划》中期评估，编制湘潭市城乡公交一体化专项规划。",
        "市交通运输局；市发展和改革委员会、市规划局、市国土资源局",
        "中期评估报告已完成初稿并征求相关部门意见；城乡公交一体化专项规划已通过专家评审，正在按评审意见修改完善。",
        "规划科",
        "",
    ],
    [
        "加强公路超限超载治理，推进科技治超，全市货车超限率控制在2%以内。",
        "市交通运输局；市公安局交通警察支队、市公路管理局、各县市区人民政府",
        "建成不停车超限检测点5个，查处超限超载车辆1426台次，卸载货物3.1万吨，全市货车超限率控制在1.6%。",
        "安全科",
        "",
    ],
];

/// Sections the second job may name in `责任科室`.
const XIANGTAN_SECTIONS: [&str; 5] = ["规划科", "建设科", "运输科", "安全科", "财务科"];

fn main() -> Result<()> {
    check_zhuzhou_rows();
    check_xiangtan_rows();

    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");

    let path = fixtures.join("zhuzhou-2016-h1").join("progress.xlsx");
    write_zhuzhou(&path)?;
    println!("wrote {}", path.display());

    let path = fixtures.join("xiangtan-2017-q3").join("progress.xlsx");
    write_xiangtan(&path, false)?;
    println!("wrote {}", path.display());

    let path = fixtures.join("two-attachments").join("progress.xlsx");
    write_xiangtan(&path, true)?;
    println!("wrote {}", path.display());

    let path = fixtures.join("template-example").join("红头.docx");
    fs::write(&path, gongwen::template::example::red_header())?;
    println!("wrote {}", path.display());
    let path = fixtures.join("template-example").join("发文红头.docx");
    fs::write(&path, gongwen::template::example::plain_red_header())?;
    println!("wrote {}", path.display());

    let ledgers = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ledgers");
    fs::create_dir_all(&ledgers)?;
    for (name, bytes) in [
        ("jiaoyu.xlsx", jiaoyu(false)?),
        ("jiaoyu-corrected.xlsx", jiaoyu(true)?),
        ("jiedao.csv", jiedao_csv()),
        ("ziran.xlsx", ziran()?),
        ("shijian.ods", shijian_ods()?),
    ] {
        let path = ledgers.join(name);
        fs::write(&path, bytes)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// One quarter's rows of the 教育局 ledger: (序号, task, progress, problems,
/// sections, 分管领导). A task with a second line of progress has it in
/// the next tuple with an empty task.
type EduRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

fn jiaoyu_rows(quarter: usize, corrected: bool) -> Vec<EduRow> {
    let mut rows: Vec<EduRow> = vec![
        ("一", "基础教育", "", "", "", ""),
        (
            "1",
            "推进义务教育优质均衡发展，新建改扩建中小学校5所。",
            "",
            "",
            "基础教育股/督导室",
            "张副局长",
        ),
        (
            "2",
            "实施中小学教师队伍建设工程，招聘新教师300名。",
            "",
            "",
            "基础教育股",
            "李副局长",
        ),
        ("", "", "", "", "职成教股", ""),
        ("二", "教育保障", "", "", "", ""),
        (
            "3",
            "落实学生资助政策，做到应助尽助。",
            "",
            "",
            "计财股",
            "王副局长",
        ),
        (
            "4",
            "开展校园安全专项整治，消除安全隐患。",
            "",
            "",
            "督导室",
            "王副局长",
        ),
    ];
    let progress: [[&str; 5]; 3] = [
        [
            "5所学校完成选址。",
            "已发布招聘公告。",
            "开展结构化面试。",
            "完成春季学期资助。",
            "排查学校120所。",
        ],
        [
            "3所学校主体开工。",
            "已招聘180名。",
            "已组织岗前培训。",
            "完成资助发放1.2万人次。",
            "整改隐患86处。",
        ],
        [
            "5所学校主体完工2所。",
            "已招聘300名，全部到岗。",
            "新教师完成岗前培训。",
            "秋季学期资助已发放。",
            "整改隐患全部销号。",
        ],
    ];
    let p = &progress[quarter];
    let leak: [&str; 5] = [
        if quarter == 2 {
            "征地拆迁进度慢。"
        } else {
            ""
        },
        "",
        "部分学科结构性缺编。",
        "",
        "",
    ];
    let texts = [p[0], p[1], p[2], p[3], p[4]];
    let mut i = 0;
    for row in rows.iter_mut() {
        if row.0 == "一" || row.0 == "二" {
            continue;
        }
        row.2 = texts[i];
        row.3 = leak[i];
        i += 1;
    }
    if corrected {
        // 3 (资助) deleted, 4 renumbered 3, a new 4; 1 and 2 (second line) edited.
        rows[1].2 = "5所学校主体完工3所。";
        rows[3].2 = "新教师完成岗前培训并考核合格。";
        rows.remove(5);
        rows[5].0 = "3";
        rows.push((
            "4",
            "推进“双减”工作，课后服务全覆盖。",
            "全市中小学课后服务覆盖率100%。",
            "",
            "基础教育股",
            "李副局长",
        ));
    }
    rows
}

/// The 教育局 workbook: one sheet per quarter (the second one active),
/// each with a title, a two-row header (完成情况 over 进展 | 存在问题), group
/// headings 一/二, a task merged over two sub-rows, a 合计 row, a merged
/// 填表人 footer, and the hidden column 分管领导.
fn jiaoyu(corrected: bool) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    book.set_properties(&properties(
        "教育重点工作推进情况",
        "某某市教育局",
        (2026, 10, 9),
    )?);
    let plain = Format::new();
    for (quarter, name) in ["第一季度", "第二季度", "第三季度"].iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(*name)?;
        if quarter == 1 {
            sheet.set_active(true);
        }
        sheet.merge_range(
            0,
            0,
            0,
            5,
            &format!("2026年教育重点工作{name}推进情况表"),
            &plain,
        )?;
        for (col, text) in [
            (0u16, "序号"),
            (1, "工作任务"),
            (4, "责任股室"),
            (5, "分管领导"),
        ] {
            sheet.merge_range(2, col, 3, col, text, &plain)?;
        }
        sheet.merge_range(2, 2, 2, 3, "完成情况", &plain)?;
        sheet.write_string(3, 2, "进展")?;
        sheet.write_string(3, 3, "存在问题")?;
        sheet.set_column_hidden(5)?;
        let rows = jiaoyu_rows(quarter, corrected && quarter == 2);
        let mut r = 4u32;
        let mut k = 0;
        while k < rows.len() {
            let row = rows[k];
            let continued = rows
                .get(k + 1)
                .is_some_and(|n| n.1.is_empty() && n.0.is_empty());
            if continued {
                sheet.merge_range(r, 0, r + 1, 0, row.0, &plain)?;
                sheet.merge_range(r, 1, r + 1, 1, row.1, &plain)?;
                sheet.merge_range(r, 5, r + 1, 5, row.5, &plain)?;
            } else {
                for (col, text) in [(0u16, row.0), (1, row.1), (5, row.5)] {
                    if !text.is_empty() {
                        sheet.write_string(r, col, text)?;
                    }
                }
            }
            for (col, text) in [(2u16, row.2), (3, row.3), (4, row.4)] {
                if !text.is_empty() {
                    sheet.write_string(r, col, text)?;
                }
            }
            if continued {
                let next = rows[k + 1];
                for (col, text) in [(2u16, next.2), (3, next.3), (4, next.4)] {
                    if !text.is_empty() {
                        sheet.write_string(r + 1, col, text)?;
                    }
                }
                r += 2;
                k += 2;
            } else {
                r += 1;
                k += 1;
            }
        }
        let tasks = rows.iter().filter(|x| x.0.parse::<u32>().is_ok()).count();
        sheet.write_string(r, 0, "合计")?;
        sheet.write_string(r, 1, format!("共{tasks}项"))?;
        sheet.merge_range(
            r + 1,
            0,
            r + 1,
            5,
            "填表人：赵敏　审核人：钱进　填报日期：2026年10月9日",
            &plain,
        )?;
    }
    Ok(book.save_to_buffer()?)
}

/// The 街道 ledger as Chinese Excel saves "CSV": GBK, a title line, a
/// two-row header (the group 完成情况 in one cell, the cell after it empty),
/// sections separated by ／ | ； ; and written with both bracket widths, a
/// section really named 未分配, a task with no section, a 合计 line.
fn jiedao_csv() -> Vec<u8> {
    let text = "\
某某街道2026年下半年重点工作推进情况表,,,,
序号,工作任务,完成情况,,责任科室
,,进展,存在问题,
1,推进老旧小区改造，完成12个小区改造任务。,已完成8个小区。,雨季影响工期。,城建办
2,开展安全生产大检查，整治隐患。,检查企业312家，整改隐患95处。,,应急办／综治办
3,化解信访积案，矛盾纠纷就地化解。,化解积案14件。,,综治办|信访办
4,加强基层党组织建设，完成支部换届。,完成换届23个支部。,,党建办；组织办
5,做好招商引资，引进项目5个。,签约项目4个。,,投资科(一)
6,推进重点项目前期工作。,完成可研2个。,,投资科（一）
7,清理历史遗留问题台账。,清理完成60%。,,未分配
8,开展“我为群众办实事”活动。,办结实事32件。,,
合计,共8项,,,
填表人：孙丽,,,,
";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    gbk.into_owned()
}

/// The 自然资源局 workbook: 主要工作任务 and 截至9月底进展情况 headers, a
/// percentage column 完成进度, 序号 as formulas with saved values, an
/// invisible U+200B in the sections header, a `#SPILL!` and a `#CALC!`
/// error value, a formula without a saved value, and a 填报日期 footer.
fn ziran() -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    book.set_properties(&properties(
        "自然资源重点工作",
        "某某市自然资源局",
        (2026, 10, 9),
    )?);
    let pct = Format::new().set_num_format("0%");
    let sheet = book.add_worksheet();
    sheet.set_name("重点工作")?;
    sheet.write_string(0, 0, "2026年自然资源重点工作进展情况（截至9月30日）")?;
    for (col, name) in [
        "序号",
        "主要工作任务",
        "截至9月底进展情况",
        "完成进度",
        "责任\u{200B}科室",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, col as u16, *name)?;
    }
    let rows: [(&str, &str, f64, &str); 4] = [
        (
            "完成国土空间总体规划报批。",
            "已通过省级审查，待批复。",
            0.9,
            "规划科",
        ),
        (
            "推进自然资源确权登记。",
            "完成登记单元划定。",
            0.6,
            "确权登记科",
        ),
        ("开展耕地保护专项整治。", "整改图斑412个。", 0.75, "耕保科"),
        ("做好地质灾害防治。", "完成隐患点巡查。", 0.8, "地灾科"),
    ];
    for (i, (task, status, done, section)) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        sheet.write_formula(
            r,
            0,
            rust_xlsxwriter::Formula::new("=ROW()-2").set_result((i + 1).to_string()),
        )?;
        sheet.write_string(r, 1, *task)?;
        sheet.write_string(r, 2, *status)?;
        sheet.write_number_with_format(r, 3, *done, &pct)?;
        sheet.write_string(r, 4, *section)?;
    }
    // Placeholders, patched below into what Excel 365 and a script write.
    sheet.write_string(3, 3, "@SPILL@")?;
    sheet.write_string(4, 3, "@CALC@")?;
    sheet.write_formula(
        5,
        3,
        rust_xlsxwriter::Formula::new("=SUM(A1:A2)").set_result("@NOVALUE@"),
    )?;
    sheet.write_string(7, 0, "填报日期：2026年10月8日")?;
    let bytes = book.save_to_buffer()?;
    patch_zip(&bytes, "xl/worksheets/sheet1.xml", |xml| {
        xml.replace(r#"<f>SUM(A1:A2)</f><v>@NOVALUE@</v>"#, "<f>SUM(A1:A2)</f>")
            .replace(r#" t="str"><f>SUM(A1:A2)</f>"#, "><f>SUM(A1:A2)</f>")
    })
    .and_then(|b| {
        // The two error placeholders are shared strings: rewrite those cells.
        patch_zip(&b, "xl/worksheets/sheet1.xml", |xml| {
            let strings = shared_strings(&b);
            let mut out = xml.to_string();
            for (marker, error) in [("@SPILL@", "#SPILL!"), ("@CALC@", "#CALC!")] {
                if let Some(i) = strings.iter().position(|s| s == marker) {
                    for cell in ["D4", "D5"] {
                        let from = format!(r#"<c r="{cell}" t="s"><v>{i}</v></c>"#);
                        out = out
                            .replace(&from, &format!(r#"<c r="{cell}" t="e"><v>{error}</v></c>"#));
                    }
                }
            }
            out
        })
    })
}

/// The shared strings of an .xlsx, in order.
fn shared_strings(xlsx: &[u8]) -> Vec<String> {
    let mut zip = match zip::ZipArchive::new(std::io::Cursor::new(xlsx)) {
        Ok(z) => z,
        Err(_) => return Vec::new(),
    };
    let mut text = String::new();
    if let Ok(mut f) = zip.by_name("xl/sharedStrings.xml") {
        let _ = std::io::Read::read_to_string(&mut f, &mut text);
    }
    text.split("<t>")
        .skip(1)
        .filter_map(|s| s.split("</t>").next())
        .map(str::to_string)
        .collect()
}

/// The package with one part rewritten by `edit`; the other parts copied.
fn patch_zip(bytes: &[u8], part: &str, edit: impl Fn(&str) -> String) -> Result<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i)?;
        let name = entry.name()?.into_owned();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data)?;
        if name == part {
            data = edit(&String::from_utf8(data)?).into_bytes();
        }
        out.start_file(name, options)?;
        std::io::Write::write_all(&mut out, &data)?;
    }
    Ok(out.finish()?.into_inner())
}

/// The 市监局 ledger as an .ods: a notes sheet first and the table on 台账,
/// the active sheet; a two-row header with 工作进展 merged over 已完成 |
/// 下步计划, a hidden column 内部备注 and a hidden row.
fn shijian_ods() -> Result<Vec<u8>> {
    let cell = |t: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
        )
    };
    let empty = "<table:table-cell/>";
    let row = |cells: &[String]| format!("<table:table-row>{}</table:table-row>", cells.concat());
    let mut table = String::new();
    table.push_str(r#"<table:table table:name="说明"><table:table-column/>"#);
    table.push_str(&row(&[cell("本表每月报送。")]));
    table.push_str("</table:table>");
    table.push_str(r#"<table:table table:name="台账"><table:table-column table:number-columns-repeated="4"/><table:table-column table:visibility="collapse"/><table:table-column/>"#);
    table.push_str(&row(&[
        r#"<table:table-cell office:value-type="string" table:number-rows-spanned="2"><text:p>序号</text:p></table:table-cell>"#.to_string(),
        r#"<table:table-cell office:value-type="string" table:number-rows-spanned="2"><text:p>重点工作</text:p></table:table-cell>"#.to_string(),
        r#"<table:table-cell office:value-type="string" table:number-columns-spanned="2"><text:p>工作进展</text:p></table:table-cell>"#.to_string(),
        "<table:covered-table-cell/>".to_string(),
        r#"<table:table-cell office:value-type="string" table:number-rows-spanned="2"><text:p>内部备注</text:p></table:table-cell>"#.to_string(),
        r#"<table:table-cell office:value-type="string" table:number-rows-spanned="2"><text:p>责任科室</text:p></table:table-cell>"#.to_string(),
    ]));
    table.push_str(&row(&[
        "<table:covered-table-cell/>".to_string(),
        "<table:covered-table-cell/>".to_string(),
        cell("已完成"),
        cell("下步计划"),
        "<table:covered-table-cell/>".to_string(),
        "<table:covered-table-cell/>".to_string(),
    ]));
    let data: [(&str, &str, &str, &str, &str, &str); 4] = [
        (
            "1",
            "开展食品安全抽检。",
            "抽检1200批次。",
            "扩大抽检范围。",
            "重点关注",
            "食品科",
        ),
        (
            "2",
            "推进“双随机、一公开”监管。",
            "抽查企业260户。",
            "公示结果。",
            "",
            "执法大队",
        ),
        ("3", "（已并入第1项）", "", "", "内部调整", "食品科"),
        (
            "4",
            "优化营商环境，压缩开办时间。",
            "开办时间压缩至1个工作日。",
            "推行全程网办。",
            "",
            "登记科",
        ),
    ];
    for (i, d) in data.iter().enumerate() {
        let cells = [
            format!(
                r#"<table:table-cell office:value-type="float" office:value="{}"><text:p>{}</text:p></table:table-cell>"#,
                d.0, d.0
            ),
            cell(d.1),
            if d.2.is_empty() {
                empty.to_string()
            } else {
                cell(d.2)
            },
            if d.3.is_empty() {
                empty.to_string()
            } else {
                cell(d.3)
            },
            if d.4.is_empty() {
                empty.to_string()
            } else {
                cell(d.4)
            },
            cell(d.5),
        ];
        if i == 2 {
            table.push_str(&format!(
                r#"<table:table-row table:visibility="collapse">{}</table:table-row>"#,
                cells.concat()
            ));
        } else {
            table.push_str(&row(&cells));
        }
    }
    table.push_str("</table:table>");
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{table}</office:spreadsheet></office:body></office:document-content>"#
    );
    let settings = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-settings xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" office:version="1.2"><office:settings><config:config-item-set config:name="ooo:view-settings"><config:config-item-map-indexed config:name="Views"><config:config-item-map-entry><config:config-item config:name="ActiveTable" config:type="string">台账</config:config-item></config:config-item-map-entry></config:config-item-map-indexed></config:config-item-set></office:settings></office:document-settings>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    out.start_file("mimetype", stored)?;
    std::io::Write::write_all(&mut out, b"application/vnd.oasis.opendocument.spreadsheet")?;
    for (name, text) in [
        ("META-INF/manifest.xml", manifest.to_string()),
        ("content.xml", content),
        ("settings.xml", settings.to_string()),
    ] {
        out.start_file(name, deflated)?;
        std::io::Write::write_all(&mut out, text.as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

/// The seed rows must match the counts taken from the scraped page.
fn check_zhuzhou_rows() {
    assert_eq!(ZHUZHOU_ROWS.len(), 23, "the seed table has 23 rows");
    let mut counts = BTreeMap::new();
    for row in &ZHUZHOU_ROWS {
        for section in row[3].split('\n') {
            *counts.entry(section).or_insert(0) += 1;
        }
    }
    let expected: BTreeMap<&str, usize> = ZHUZHOU_SECTION_COUNTS.into_iter().collect();
    assert_eq!(counts, expected, "rows per section in the seed table");
}

/// The invented rows must stay within the shape the fixture promises.
fn check_xiangtan_rows() {
    assert!((8..=12).contains(&XIANGTAN_ROWS.len()));
    for (i, row) in XIANGTAN_ROWS.iter().enumerate() {
        for text in &row[..3] {
            let len = text.chars().count();
            assert!((20..=150).contains(&len), "row {}: {len} characters", i + 1);
        }
        let sections: Vec<&str> = row[3].split('、').collect();
        assert!(sections.len() <= 2, "row {}: at most two sections", i + 1);
        for section in sections {
            assert!(
                XIANGTAN_SECTIONS.contains(&section),
                "row {}: unknown section {section}",
                i + 1
            );
        }
    }
}

/// Cell formats shared by both workbooks.
struct Formats {
    title: Format,
    header: Format,
    text: Format,
    centered: Format,
    note: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name("宋体").set_font_size(11);
        let cell = base
            .clone()
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin);
        Formats {
            title: base
                .clone()
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            header: cell.clone().set_bold().set_align(FormatAlign::Center),
            text: cell.clone().set_align(FormatAlign::Left),
            centered: cell.set_align(FormatAlign::Center),
            note: base,
        }
    }
}

/// Document properties with a fixed creation date, so the bytes never change.
fn properties(title: &str, author: &str, (y, m, d): (u16, u8, u8)) -> Result<DocProperties> {
    Ok(DocProperties::new()
        .set_title(title)
        .set_author(author)
        .set_creation_datetime(&ExcelDateTime::from_ymd(y, m, d)?))
}

/// Print setup a clerk would use: A4 landscape, header rows repeated, fit to width.
fn set_up_page(sheet: &mut Worksheet, last_header_row: u32) -> Result<()> {
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, last_header_row)?;
    sheet.set_freeze_panes(last_header_row + 1, 0)?;
    Ok(())
}

fn write_zhuzhou(path: &Path) -> Result<()> {
    let f = Formats::new();
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(
        ZHUZHOU_TITLE,
        "株洲市发展和改革委员会",
        (2016, 8, 30),
    )?);

    let sheet = workbook.add_worksheet();
    sheet.set_name("附件")?;
    for (col, width) in (0u16..).zip([38.0, 30.0, 60.0, 14.0]) {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_row_height(0, 30)?;
    sheet.merge_range(0, 0, 0, 3, ZHUZHOU_TITLE, &f.title)?;
    for (col, name) in (0u16..).zip(ZHUZHOU_HEADER) {
        sheet.write_string_with_format(1, col, name, &f.header)?;
    }
    for (row, cells) in (2u32..).zip(&ZHUZHOU_ROWS) {
        for (col, text) in (0u16..).zip(cells) {
            let format = if col == 3 { &f.centered } else { &f.text };
            sheet.write_string_with_format(row, col, *text, format)?;
        }
    }
    set_up_page(sheet, 1)?;

    save(&mut workbook, path)
}

/// The 重点项目 sheet of the two-attachment job: the header, then per
/// project (项目名称, 建设单位, 年度计划, 进展情况, 责任科室).
const PROJECTS_HEADER: [&str; 6] = [
    "序号",
    "项目名称",
    "建设单位",
    "年度计划",
    "进展情况",
    "责任科室",
];
const PROJECTS_TITLE: &str = "2017年交通重点建设项目前三季度推进情况表";
const PROJECTS_ROWS: [[&str; 5]; 6] = [
    [
        "长株潭城际铁路湘潭段配套道路工程",
        "市交通建设投资有限公司",
        "完成投资2.4亿元",
        "完成投资1.9亿元，占年度计划79.2%；主线路基完成85%，桥梁下部结构全部完成。",
        "建设科",
    ],
    [
        "G320湘潭绕城段改扩建工程",
        "市公路管理局",
        "完成投资3.1亿元",
        "完成投资2.2亿元，占年度计划71.0%；受征地拆迁影响，K12+300至K14+800段尚未进场施工。",
        "建设科",
    ],
    [
        "湘潭港九华港区二期工程",
        "湘潭港务有限公司",
        "建成泊位2个",
        "1号泊位主体完工，2号泊位桩基施工中；港区道路和堆场同步建设。",
        "规划科",
    ],
    [
        "城乡公交一体化首末站建设",
        "市公共交通集团有限公司",
        "建成首末站6个",
        "建成4个，在建2个，预计11月底全部投入使用。",
        "运输科",
    ],
    [
        "农村公路安全生命防护工程",
        "各县市区交通运输局",
        "完成300公里",
        "完成246公里，占年度计划82.0%。",
        "安全科",
    ],
    [
        "交通运输综合执法信息平台",
        "市交通运输综合执法支队",
        "平台上线运行",
        "完成需求调研和招标，系统开发进度60%。",
        "运输科",
    ],
];

fn write_xiangtan(path: &Path, projects: bool) -> Result<()> {
    let f = Formats::new();
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(
        XIANGTAN_TITLE,
        "湘潭市交通运输局规划科",
        (2017, 10, 9),
    )?);

    let notes = workbook.add_worksheet();
    notes.set_name("说明")?;
    notes.set_column_width(0, 80)?;
    for (row, text) in (0u32..).zip(XIANGTAN_NOTES) {
        notes.write_string_with_format(row, 0, text, &f.note)?;
    }

    let sheet = workbook.add_worksheet();
    sheet.set_name("台账")?;
    for (col, width) in (0u16..).zip([6.0, 36.0, 28.0, 42.0, 14.0, 16.0]) {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_row_height(0, 30)?;
    sheet.merge_range(0, 0, 0, 5, XIANGTAN_TITLE, &f.title)?;
    for (col, name) in (0u16..).zip(XIANGTAN_HEADER) {
        sheet.write_string_with_format(1, col, name, &f.header)?;
    }
    for (row, cells) in (2u32..).zip(&XIANGTAN_ROWS) {
        // 序号 counts from 1 on the first data row.
        sheet.write_number_with_format(row, 0, f64::from(row - 1), &f.centered)?;
        for (col, text) in (1u16..).zip(cells) {
            let format = if col >= 4 { &f.centered } else { &f.text };
            if text.is_empty() {
                sheet.write_blank(row, col, format)?;
            } else {
                sheet.write_string_with_format(row, col, *text, format)?;
            }
        }
    }
    set_up_page(sheet, 1)?;

    if projects {
        let sheet = workbook.add_worksheet();
        sheet.set_name("重点项目")?;
        for (col, width) in (0u16..).zip([6.0, 30.0, 24.0, 16.0, 44.0, 12.0]) {
            sheet.set_column_width(col, width)?;
        }
        sheet.set_row_height(0, 30)?;
        sheet.merge_range(0, 0, 0, 5, PROJECTS_TITLE, &f.title)?;
        for (col, name) in (0u16..).zip(PROJECTS_HEADER) {
            sheet.write_string_with_format(1, col, name, &f.header)?;
        }
        for (row, cells) in (2u32..).zip(&PROJECTS_ROWS) {
            sheet.write_number_with_format(row, 0, f64::from(row - 1), &f.centered)?;
            for (col, text) in (1u16..).zip(cells) {
                let format = if col == 5 { &f.centered } else { &f.text };
                sheet.write_string_with_format(row, col, *text, format)?;
            }
        }
        set_up_page(sheet, 1)?;
    }

    save(&mut workbook, path)
}

fn save(workbook: &mut Workbook, path: &Path) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    workbook.save(path)?;
    Ok(())
}
