import type { crmEn } from './crm.en.js';
import type { Widen } from './catalog.js';

export const crmZhCN: Widen<typeof crmEn> = {
  fields: {
    group: 'VIP 关怀',
    tier: 'VIP 等级',
    tierSince: 'VIP 等级起始日',
    score: 'VIP 评分',
    reason: 'VIP 评分原因',
    predictedValue: '预测客户价值',
    churnRisk: '流失风险 (%)',
    nextAction: '下一项关怀行动',
    nextActionDue: '下一项关怀行动截止日',
    accountManager: 'VIP 客户经理',
    taskId: 'VIP 关怀任务编号',
  },
  install: {
    doneTitle: 'VIP 关怀已连接',
    done: 'HubSpot 账户 {{portal}} 已连接。首次同步已开始，几分钟内记录上就会出现 VIP 等级和关怀任务。您可以关闭此窗口。',
    failedTitle: 'VIP 关怀无法连接',
    declined: '连接已取消，或 HubSpot 未返回授权码。请从 HubSpot 或 VIP 关怀重新开始安装。',
    salesforceDone: 'Salesforce 组织 {{org}} 已连接，首次同步已开始。',
    salesforceSecrets: '现在请在 Salesforce 中填写以下两个值（仅显示这一次）：卡片密钥填入 VIP_Care 外部凭据（参数 CardKey）；出站消息 URL 作为 VIP 关怀出站消息的端点。请妥善保密。',
    cardKey: '卡片密钥',
    outboundUrl: '出站消息 URL',
    salesforceDeclined: '连接已取消，或 Salesforce 未返回授权码。请从 VIP 关怀重新开始。',
  },
  cli: {
    heading: '租户“{{tenant}}”的 CRM 连接：',
    none: '租户“{{tenant}}”尚未连接 CRM。连接方式：POST /api/v1/connections/hubspot 或 POST /api/v1/connections/salesforce',
    connection: '{{provider}} 账户 {{account}}：{{status}}，安装于 {{installedAt}}',
    budget: '今日 API：{{calls}} 次调用，{{throttled}} 次限流，{{retried}} 次重试，{{failed}} 次失败；限额 {{limit}}',
    stream: '  {{stream}}：{{phase}}，{{records}} 条记录，最近追平于 {{lastCompletedAt}}',
    lastRun: '最近一次完整同步：{{at}}',
    lastError: '最近一次同步错误：{{error}}',
    pending: '等待处理：{{events}} 条变更通知，{{workflowCalls}} 个工作流动作',
    syncing: '正在同步',
    synced: '已为“{{tenant}}”同步 {{provider}}：{{pages}} 页，{{customers}} 位客户，{{orders}} 笔订单，{{complaints}} 条投诉；回写 {{written}} 条记录，推送 {{tasks}} 个任务。',
    incomplete: '尚未全部完成：请再次运行该命令（后台工作进程也会自动继续）。',
    notConnected: '租户“{{tenant}}”未连接 {{provider}}。',
  },
};
