//! Writes the example spreadsheets under `fixtures/`.
//!
//! - `fixtures/zhuzhou-2016-h1/progress.xlsx`: the seed job. Sheet `附件` holds the
//!   23-row attachment table of the 株洲市发展和改革委员会 notice of 2016-08-30
//!   (上半年), laid out as a clerk keeps it: a merged title row, the header
//!   `工作任务 | 责任单位 | 上半年完成情况 | 委内责任科室(单位)`, then the data. Every cell
//!   is the scraped text unchanged, half-width punctuation included; a cell that
//!   spans several paragraphs in the source has them joined with line breaks.
//! - `fixtures/xiangtan-2017-q3/progress.xlsx`: an invented second job
//!   (湘潭市交通运输局, 前三季度) with other column names, extra `序号` and `备注`
//!   columns, and the data on the second sheet `台账` after a `说明` sheet.
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
    write_xiangtan(&path)?;
    println!("wrote {}", path.display());

    Ok(())
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

fn write_xiangtan(path: &Path) -> Result<()> {
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

    save(&mut workbook, path)
}

fn save(workbook: &mut Workbook, path: &Path) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    workbook.save(path)?;
    Ok(())
}
