/**
 * Words the demo data is made of: real-sounding Chinese company names, people, places and the tickets a
 * software provider's support team actually sees. Pinyin is kept beside words that end up in usernames
 * and e-mail addresses.
 */
import type { TicketType } from '@partner-desk/contract';

/** Provinces and a few of their cities; `region` is shown as 省·市 (直辖市 alone). */
export const REGIONS: readonly { province: string; cities: readonly (readonly [string, string])[] }[] = [
  { province: '上海', cities: [['上海', 'shanghai']] },
  { province: '北京', cities: [['北京', 'beijing']] },
  { province: '天津', cities: [['天津', 'tianjin']] },
  { province: '重庆', cities: [['重庆', 'chongqing']] },
  { province: '广东', cities: [['广州', 'guangzhou'], ['深圳', 'shenzhen'], ['东莞', 'dongguan'], ['佛山', 'foshan']] },
  { province: '浙江', cities: [['杭州', 'hangzhou'], ['宁波', 'ningbo'], ['温州', 'wenzhou'], ['绍兴', 'shaoxing']] },
  { province: '江苏', cities: [['南京', 'nanjing'], ['苏州', 'suzhou'], ['无锡', 'wuxi'], ['常州', 'changzhou']] },
  { province: '山东', cities: [['济南', 'jinan'], ['青岛', 'qingdao'], ['烟台', 'yantai']] },
  { province: '四川', cities: [['成都', 'chengdu'], ['绵阳', 'mianyang']] },
  { province: '湖北', cities: [['武汉', 'wuhan'], ['宜昌', 'yichang']] },
  { province: '湖南', cities: [['长沙', 'changsha'], ['株洲', 'zhuzhou']] },
  { province: '福建', cities: [['福州', 'fuzhou'], ['厦门', 'xiamen'], ['泉州', 'quanzhou']] },
  { province: '河南', cities: [['郑州', 'zhengzhou'], ['洛阳', 'luoyang']] },
  { province: '安徽', cities: [['合肥', 'hefei'], ['芜湖', 'wuhu']] },
  { province: '陕西', cities: [['西安', 'xian']] },
  { province: '辽宁', cities: [['沈阳', 'shenyang'], ['大连', 'dalian']] },
];

/** Word pairs of provider brand names (云帆, 智联 …) with their pinyin. */
export const PROVIDER_WORDS: readonly (readonly [string, string])[] = [
  ['云帆', 'yunfan'],
  ['智联', 'zhilian'],
  ['数创', 'shuchuang'],
  ['博远', 'boyuan'],
  ['启明', 'qiming'],
  ['汇通', 'huitong'],
  ['恒信', 'hengxin'],
  ['卓越', 'zhuoyue'],
  ['易达', 'yida'],
  ['华软', 'huaruan'],
  ['信邦', 'xinbang'],
  ['睿思', 'ruisi'],
  ['鼎新', 'dingxin'],
  ['精诚', 'jingcheng'],
  ['东方网联', 'dongfangwanglian'],
];
export const PROVIDER_KINDS = ['信息科技', '软件', '信息技术', '网络科技', '数字科技'] as const;

/** Customer names: 字号 + 行业词 + 公司形式, per industry. */
export const CUSTOMER_BRANDS = [
  '宏达', '鑫源', '永盛', '华美', '金鹏', '瑞丰', '嘉禾', '天成', '百川', '明德', '润泽', '兴隆', '盛世', '长青', '海纳',
  '正和', '远洋', '佳禾', '新锐', '东升', '福瑞', '安泰', '康宁', '德润', '联创', '通达', '聚源', '隆基', '万家', '诚信',
  'agile', // a few Latin brands exist in the wild too; kept lower-case on purpose for case-insensitive search
  'Mega', '优品', '锦程', '汇丰源', '好邻居', '大自然', '老街坊',
] as const;

export const INDUSTRIES: readonly { name: string; words: readonly string[]; forms: readonly string[] }[] = [
  { name: '制造', words: ['机械制造', '精密五金', '电子科技', '塑胶制品', '包装材料', '汽车配件', '模具'], forms: ['有限公司', '股份有限公司', '厂'] },
  { name: '零售', words: ['商贸', '百货', '便利店', '超市', '母婴用品', '服饰'], forms: ['有限公司', '连锁有限公司', '商行'] },
  { name: '餐饮', words: ['餐饮管理', '食品', '火锅', '茶饮', '烘焙'], forms: ['有限公司', '连锁有限公司'] },
  { name: '医药', words: ['医药', '大药房', '医疗器械', '生物科技'], forms: ['有限公司', '连锁有限公司', '股份有限公司'] },
  { name: '物流', words: ['物流', '供应链管理', '货运代理', '仓储服务'], forms: ['有限公司'] },
  { name: '教育', words: ['教育科技', '职业技能培训', '文化传播'], forms: ['有限公司'] },
  { name: '建筑', words: ['建筑工程', '装饰工程', '建材'], forms: ['有限公司', '集团有限公司'] },
  { name: '农业', words: ['农业科技', '农产品', '生态农业'], forms: ['有限公司', '合作社'] },
  { name: '服务', words: ['物业管理', '人力资源', '企业管理咨询', '会计服务'], forms: ['有限公司'] },
];

export const SOFTWARE_VERSIONS: readonly (readonly [string, number])[] = [
  ['V7.5 标准版', 6],
  ['V8.0 标准版', 10],
  ['V8.2 标准版', 18],
  ['V8.2 专业版', 14],
  ['V9.0 标准版', 16],
  ['V9.0 专业版', 14],
  ['V9.0 旗舰版', 8],
  ['V9.1 云版', 9],
  ['V9.1 旗舰版', 5],
];

export const PORT_COUNTS: readonly (readonly [number, number])[] = [
  [3, 12], [5, 20], [8, 14], [10, 18], [15, 10], [20, 10], [30, 7], [50, 5], [100, 2], [200, 1], [0, 1],
];

export const SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'], ['赵', 'zhao'],
  ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'],
  ['何', 'he'], ['林', 'lin'], ['高', 'gao'], ['罗', 'luo'], ['郑', 'zheng'], ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'],
  ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'], ['邓', 'deng'], ['曹', 'cao'], ['彭', 'peng'], ['曾', 'zeng'],
  ['欧阳', 'ouyang'], ['司马', 'sima'],
];

export const GIVEN_NAMES: readonly (readonly [string, string])[] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'], ['磊', 'lei'],
  ['洋', 'yang'], ['艳', 'yan'], ['勇', 'yong'], ['军', 'jun'], ['杰', 'jie'], ['娟', 'juan'], ['涛', 'tao'], ['明', 'ming'],
  ['超', 'chao'], ['秀英', 'xiuying'], ['桂兰', 'guilan'], ['建华', 'jianhua'], ['志强', 'zhiqiang'], ['晓东', 'xiaodong'],
  ['海燕', 'haiyan'], ['文博', 'wenbo'], ['子涵', 'zihan'], ['雨桐', 'yutong'], ['浩然', 'haoran'], ['思远', 'siyuan'],
  ['佳琪', 'jiaqi'], ['俊杰', 'junjie'], ['欣怡', 'xinyi'], ['国庆', 'guoqing'], ['春梅', 'chunmei'], ['立新', 'lixin'],
];

export const EMAIL_DOMAINS = ['example.com', 'example.cn', 'example.net', 'example.org'] as const;
export const PHONE_PREFIXES = ['130', '131', '132', '135', '136', '137', '138', '139', '150', '151', '152', '158', '159', '166', '177', '180', '186', '187', '188', '189', '199'] as const;

/** Modules of the vendor's software, used in ticket texts. */
export const MODULES = ['采购管理', '销售管理', '库存管理', '财务总账', '应收应付', '生产管理', '门店收银', '会员管理', '报表中心', '移动审批', '固定资产', '工资管理'] as const;

interface TicketTemplate {
  title: string;
  content: string;
}

/**
 * Ticket texts per type, several variants each; `{module}`, `{n}`, `{version}` and `{date}` are filled in
 * per ticket so that titles repeat the way real ones do while contents differ.
 */
export const TICKET_TEMPLATES: Record<TicketType, readonly TicketTemplate[]> = {
  system_issue: [
    { title: '打印模板设置后不生效', content: '在{module}里修改了销售出库单的打印模板（调整了抬头和明细列宽），保存后重新打印仍是旧格式，清过浏览器缓存也一样。共 {n} 台电脑都有这个问题。' },
    { title: '月结时库存成本计算异常', content: '{date}做月末结账，库存成本计算后有 {n} 个存货的单位成本变成负数，导致毛利报表明显不对。上月同样的操作没有问题。' },
    { title: '登录时提示“许可证校验失败”', content: '今天早上开始，部分员工登录时弹出“许可证校验失败，请联系服务商”，重启服务器后仍然出现，影响 {n} 个用户正常开单。' },
    { title: '报表导出 Excel 后数字变成文本', content: '{module}中的汇总报表导出为 Excel 后，金额列全部是文本格式，无法直接求和，财务每次都要手工转换。' },
    { title: '扫码枪录入商品后数量翻倍', content: '门店收银时用扫码枪扫描商品条码，偶发数量自动变成 2，已经出现 {n} 次多收款的情况，顾客投诉。' },
    { title: '凭证审核后无法取消审核', content: '{module}中一张凭证审核后发现科目有误，点击“取消审核”没有反应，也没有任何提示，版本 {version}。' },
    { title: '系统运行很慢，开单要等十几秒', content: '最近一周{module}开单明显变慢，保存一张单据要等 10 秒以上，数据量约 {n} 万条，服务器配置没有变化。' },
  ],
  product_suggestion: [
    { title: '希望增加批量导入客户功能', content: '我们每个月有几百个新客户，目前只能一个个录入，希望能支持 Excel 模板批量导入客户档案，并能提示重复客户。' },
    { title: '建议报表支持按门店自定义分组', content: '{module}的报表目前只能按区域汇总，我们希望能按自己定义的门店分组（如直营/加盟）统计销售额。' },
    { title: '希望手机端也能审批采购单', content: '老板经常出差，希望移动端能直接审批采购订单，并能看到附件和历史价格。' },
    { title: '建议增加库存预警短信提醒', content: '库存低于安全库存时希望能自动发短信或微信提醒采购负责人，现在只能每天手工查看预警报表。' },
    { title: '希望单据支持自定义字段', content: '销售订单需要记录“项目编号”和“交货地点”，希望能在单据上增加自定义字段，并能在报表中筛选。' },
  ],
  training_implementation: [
    { title: '新员工系统操作培训', content: '公司新入职 {n} 名仓管和财务人员，希望安排一次{module}和库存管理的操作培训，线上线下都可以，最好本周内。' },
    { title: '新门店上线实施支持', content: '我们{date}有一家新门店开业，需要协助完成收银终端安装、商品资料导入和会员数据迁移。' },
    { title: '年度结转操作指导', content: '第一次用系统做年度结转，想请实施顾问远程指导一下操作步骤，避免出错。' },
    { title: '升级到 {version} 后的功能培训', content: '刚升级到 {version}，界面变化比较大，希望给业务部门做一次新功能讲解，约 {n} 人参加。' },
  ],
  renewal_question: [
    { title: '续费价格咨询', content: '我们的软件服务{date}到期，想了解续费价格，如果一次续三年有没有优惠？另外想增加 {n} 个端口。' },
    { title: '到期后数据还能查看吗', content: '公司业务调整，暂时不打算续费，想确认到期后历史数据是否还能查询和导出。' },
    { title: '升级版本并续费的方案', content: '目前是标准版，考虑续费时升级到旗舰版，请提供报价方案和升级后需要注意的事项。' },
    { title: '续费发票开具问题', content: '上次续费的发票抬头开错了，需要重新开具增值税专用发票，请告知流程。' },
  ],
  issue_escalation: [
    { title: '多次处理未解决，申请总部技术支持', content: '{module}数据同步失败的问题已经反馈 {n} 次，现场处理后仍反复出现，客户要求总部技术人员介入。' },
    { title: '数据库异常需要总部协助修复', content: '客户服务器意外断电后数据库报错，部分单据无法打开，需要总部数据库工程师协助修复。' },
    { title: '接口对接问题需要研发确认', content: '客户与电商平台的订单接口对接时，回传物流单号失败，怀疑是接口版本问题，需要研发确认。' },
  ],
  complaint: [
    { title: '服务响应太慢', content: '上周提交的问题到现在还没有人联系，影响了月底结账，希望尽快安排处理并给出说明。' },
    { title: '升级后数据丢失，要求给出解释', content: '{date}升级后发现{module}部分历史单据丢失，虽然已经恢复，但客户要求给出书面说明和补偿方案。' },
    { title: '实施顾问多次改期', content: '约好的上门实施已经改期 {n} 次，耽误了我们的上线计划，对服务很不满意。' },
  ],
};

/** What the provider's staff write while handling a ticket. */
export const REPLY_TEXTS = [
  '已电话联系客户，初步判断与本地缓存有关，已指导清理后观察。',
  '已远程连接客户电脑复现问题，正在排查原因。',
  '已收集日志和截图，正在与实施顾问确认处理方案。',
  '已安排实施顾问明天上午上门处理。',
  '已向客户说明操作步骤，客户表示先按此方法试用。',
  '已发送操作手册和视频教程给客户。',
  '客户补充了出错时的截图，确认是参数设置问题。',
] as const;

export const RESOLVE_TEXTS: Record<TicketType, readonly string[]> = {
  system_issue: ['已修改参数设置，客户确认问题解决。', '已升级补丁包，重新测试正常，客户确认关闭。', '已重建索引并修复数据，客户验证通过。'],
  product_suggestion: ['建议已记录并反馈产品部门，已告知客户排期情况。', '该功能已在 V9.1 提供，已指导客户升级使用。'],
  training_implementation: ['培训已完成，客户反馈良好。', '实施已完成，系统已正式上线。'],
  renewal_question: ['已发送报价单，客户确认续费方案。', '已解答客户疑问，客户表示将按期续费。'],
  issue_escalation: ['总部已修复问题，客户验证通过。', '按总部方案处理完毕，客户确认关闭。'],
  complaint: ['已向客户致歉并说明原因，客户表示理解。', '已安排专人跟进并给出补偿方案，客户接受。'],
};

export const ESCALATION_REASONS = [
  '现场无法复现，需要总部研发排查',
  '涉及数据库修复，超出服务商处理权限',
  '客户要求总部给出书面答复',
  '疑似产品缺陷，需要研发确认',
] as const;

export const HQ_UPDATES = ['总部技术支持已受理，预计两个工作日内给出方案。', '研发已定位问题，将在下个补丁版本修复。', '总部已远程修复数据，请与客户确认。'] as const;

/** Consultations a customer starts on the PC side, with a provider answer that fits. */
export const CHAT_EXCHANGES: readonly (readonly [question: string, answer: string])[] = [
  ['你好，请问怎么设置商品的多单位换算？', '您好，在“基础资料-计量单位”中新建单位组，再在商品档案里选择单位组即可，需要的话我远程给您演示。'],
  ['我们想加两个端口，大概多少钱？', '您好，增加端口按剩余服务期折算，我整理一份报价发给您。'],
  ['打印出来的单据金额没有千分位，能改吗？', '可以的，在打印模板设计里选中金额字段，格式选择“千分位”，保存后重新打印即可。'],
  ['今天登录特别慢，是你们服务器的问题吗？', '您好，我们这边服务正常，麻烦您发一下出错截图，我帮您排查本地网络和服务器。'],
  ['年底结账需要注意什么？', '建议先备份数据，再检查未审核单据和库存负数，结账前我可以远程帮您检查一遍。'],
  ['新来的会计不会用系统，有培训吗？', '有的，我们每周三下午有线上培训，也可以单独给您安排一次。'],
  ['收银机扫码没反应了', '请先检查扫码枪的连接线，再在收银设置里确认扫码枪模式，还不行我马上远程看一下。'],
  ['合同快到期了，续费流程是怎样的？', '您好，续费只需确认端口数和年限，我们出报价和合同，付款后当天即可延期。'],
] as const;

export const SYSTEM_NOTIFICATIONS: readonly (readonly [title: string, content: string])[] = [
  ['系统升级通知', '总部将于本周六 22:00–24:00 进行服务器升级，期间小程序可能短暂无法访问，请提前安排工作。'],
  ['新版本 V9.1 发布', 'V9.1 已发布，新增移动审批、批量导入客户和库存预警提醒，欢迎向客户推荐升级。'],
  ['服务商季度考核结果', '上季度工单平均响应时间和客户满意度已出，请在 PC 端服务商后台查看详情。'],
  ['春节期间服务安排', '春节期间总部技术支持值班时间为 9:00–17:00，紧急问题请通过问题升级提交。'],
] as const;
