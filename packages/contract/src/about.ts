/**
 * 关于 (about): what the 我的 page shows under 关于 — the product's name and version and the 用户协议.
 * Kept in the contract (client-safe, no I/O) so the app can also show it offline; profile.get answers it
 * too, so one call draws the whole page.
 */
export const APP_INFO = {
  name: '服务商工作台',
  version: '1.0.0',
  vendor: '软件厂商服务中心',
  servicePhone: '400-820-6688',
} as const;

export interface AgreementSection {
  heading: string;
  paragraphs: string[];
}

export interface Agreement {
  title: string;
  version: string;
  /** The day it takes effect (Asia/Shanghai), YYYY-MM-DD. */
  effectiveDate: string;
  sections: AgreementSection[];
}

export const USER_AGREEMENT: Agreement = {
  title: '服务商工作台用户协议',
  version: '2026.12',
  effectiveDate: '2026-12-01',
  sections: [
    {
      heading: '一、协议范围',
      paragraphs: [
        '本协议是您（服务商及其授权使用本小程序的员工，以下统称“您”）与软件厂商服务中心（以下简称“我们”）之间关于使用“服务商工作台”微信小程序及其网页版（以下简称“本服务”）的约定。',
        '您登录、注册或以其他方式使用本服务，即表示您已阅读并同意本协议。如您不同意，请停止使用本服务。',
      ],
    },
    {
      heading: '二、账号与安全',
      paragraphs: [
        '账号由我们或您所属服务商的管理员创建，或由您凭管理员发放的邀请码注册。每个账号仅限本人使用，不得转借、出租或共享。',
        '您应妥善保管账号密码；密码需为 8–64 位且同时包含字母和数字。连续多次输入错误密码，账号将被临时锁定。',
        '忘记密码时，您可在登录页提交重置申请，由所属服务商管理员或总部核实后为您设置新密码。密码重置后，您在其他设备上的登录状态将全部失效。',
        '微信授权登录会将您当前的微信身份与账号绑定；退出登录即解除绑定。',
      ],
    },
    {
      heading: '三、客户信息的使用',
      paragraphs: [
        '通过本服务查看的客户资料（包括联系人、电话、邮箱、软件授权与使用数据）仅限用于为该客户提供售后服务、续费沟通与问题处理，不得用于其他目的，不得向任何第三方披露。',
        '客户联系方式默认以脱敏形式展示；点击“查看”后显示完整信息，每次查看都会被记录，供服务商管理员与总部审计。',
        '您仅能查看和处理归属于您所在服务商的客户、工单、消息与咨询。',
      ],
    },
    {
      heading: '四、工单、咨询与消息',
      paragraphs: [
        '您在本服务中创建的工单、回复、截图与咨询答复将同步至厂商的客户服务系统，用于问题跟踪与服务质量评估。',
        '对无法解决的问题，您可将工单或咨询升级至总部处理；总部的处理进展会以消息形式通知您。',
        '客户咨询在规定时间内未得到答复时，将自动退回总部处理。',
      ],
    },
    {
      heading: '五、通知与订阅消息',
      paragraphs: [
        '本服务通过消息中心向您发送系统通知、客户提醒与工单更新。您可在“我的 → 通知开关”中按类型开启或关闭提醒。',
        '在您同意接收的前提下，我们会通过微信订阅消息提醒您新的咨询、工单进展与咨询即将退回；每次同意仅可接收一条，未同意时不会发送。',
      ],
    },
    {
      heading: '六、个人信息保护',
      paragraphs: [
        '我们仅收集提供本服务所必需的信息：账号、姓名、角色、经您授权获取的手机号、登录设备的微信身份标识，以及您在本服务中的操作记录。',
        '手机号、邮箱等敏感信息在存储时加密，展示时脱敏。我们不会将您的个人信息用于本服务以外的用途。',
        '您可在“我的”页面修改个人资料、更换绑定手机或退出登录；如需注销账号，请联系所属服务商管理员。',
      ],
    },
    {
      heading: '七、使用规范',
      paragraphs: [
        '您不得利用本服务从事任何违法违规活动，不得尝试访问不属于您的数据，不得干扰本服务的正常运行。',
        '如发现账号异常或安全问题，请立即修改密码并联系管理员。违反本协议的，我们有权暂停或终止相关账号的使用。',
      ],
    },
    {
      heading: '八、协议变更与联系方式',
      paragraphs: [
        '我们可能根据业务调整更新本协议，更新后将在本页面公布，并在生效前通过消息中心提示您。',
        `如对本协议或本服务有任何疑问，请联系厂商服务中心：${APP_INFO.servicePhone}（工作日 9:00–18:00）。`,
      ],
    },
  ],
};
