/**
 * What a rep reads in each language, written out by hand (not read from the catalogs), so a
 * missing or wrong translation fails a test. Dates are in America/New_York, the mocked portal zone.
 */
import { notVipScored, notVipScoredZh, vipFullEn, vipFullZh } from '../fixtures/card-views';
import type { VipCardView } from '../types/vip-card-view';

export interface LocaleCase {
  name: string;
  /** What HubSpot puts in `context.user.locale`. */
  tag: string;
  /** What the card asks the backend for. */
  locale: 'en' | 'zh-CN';
  vipFull: VipCardView;
  notVipScored: VipCardView;
  text: {
    loading: string;
    errorTitle: string;
    errorGeneric: string;
    retry: string;
    notVipTitle: string;
    notFound: string;
    notVipScored: string;
    notScored: string;
    unsupported: string;
    tierDetails: string;
    minimalTierDetails: string;
    score: string;
    potentialTag: string;
    atRiskTag: string;
    predictedValue: string;
    churn: string;
    trendSince: string;
    overdue: string;
    task4101Due: string;
    task4102Due: string;
    openTasks: string;
    sla77: string;
    sla78: string;
    sla79: string;
    openComplaints: string;
    nps: string;
    csat: string;
    noAnswer: string;
    noTasks: string;
    noComplaints: string;
    noReasons: string;
    sidebarScore: string;
    sidebarNext: string;
    sidebarComplaints: string;
    sidebarNoNext: string;
    sidebarNoComplaints: string;
    sidebarDetails: string;
    completeSuccess: string;
    completeFailed: string;
    touchSuccess: string;
    touchFailed: string;
    touchRequired: string;
    surveySuccess: string;
    surveyFailed: string;
    surveyRequired: string;
    npsRange: string;
    csatRange: string;
    cesRange: string;
    genericFailure: string;
    npsAfterRecorded: string;
    commentTooLong: string;
  };
}

export const EN: LocaleCase = {
  name: 'en',
  tag: 'en-us',
  locale: 'en',
  vipFull: vipFullEn,
  notVipScored,
  text: {
    loading: 'Loading VIP details…',
    errorTitle: "Couldn't load VIP details",
    errorGeneric: "VIP Care didn't answer. Check your connection and try again.",
    retry: 'Try again',
    notVipTitle: 'Not a VIP yet',
    notFound: "This record isn't in the VIP program yet. It joins after the next sync and scoring run.",
    notVipScored: 'This customer is not in a VIP tier. Score: 52.5 of 100.',
    notScored: "This customer hasn't been scored yet. The next scoring run decides their tier.",
    unsupported: 'The VIP card works on contacts and companies.',
    tierDetails: 'Tier 1 of 3 · Since Nov 3, 2025 · Earned by score',
    minimalTierDetails: 'Tier 3 of 3 · Since Aug 20, 2026 · Set manually',
    score: 'VIP score: 91.5 of 100',
    potentialTag: 'Potential VIP',
    atRiskTag: 'At risk',
    predictedValue: '$12,346',
    churn: '18%',
    trendSince: 'Compared with Jul 20, 2026',
    overdue: 'Overdue',
    task4101Due: 'Due Aug 18, 2026, 9:00 PM · Owner: Jordan Avery',
    task4102Due: 'Due Aug 22, 2026, 2:00 AM · Unassigned',
    openTasks: '7 open actions in total',
    sla77: 'First response: 2 h 15 min left',
    sla78: 'Resolution: Breached 40 min ago',
    sla79: 'Resolution: Paused',
    openComplaints: '4 open complaints in total',
    nps: '9 · Promoter · Answered Aug 3, 2026',
    csat: '4 / 5 · Answered Jul 28, 2026',
    noAnswer: 'No answer yet',
    noTasks: 'No care actions due.',
    noComplaints: 'No open complaints.',
    noReasons: 'No explanation recorded for the latest score.',
    sidebarScore: 'Score 91.5',
    sidebarNext: 'Next: Quarterly check-in call with Mei Lin',
    sidebarComplaints: '4 open complaints',
    sidebarNoNext: 'No care actions due',
    sidebarNoComplaints: 'No open complaints',
    sidebarDetails: 'Open full VIP view',
    completeSuccess: 'Care action marked as done.',
    completeFailed: "Couldn't complete the care action",
    touchSuccess: 'Touch logged.',
    touchFailed: "Couldn't log the touch",
    touchRequired: 'Describe the touch in a few words.',
    surveySuccess: 'Feedback recorded.',
    surveyFailed: "Couldn't record the feedback",
    surveyRequired: 'Enter the score the customer gave.',
    npsRange: 'Enter a whole number from 0 to 10.',
    csatRange: 'Enter a whole number from 1 to 5.',
    cesRange: 'Enter a whole number from 1 to 7.',
    genericFailure: "VIP Care didn't answer. Your entry is kept; try again.",
    npsAfterRecorded: '6 · Detractor · Answered Aug 20, 2026',
    commentTooLong: 'Keep the comment under 5000 characters.',
  },
};

export const ZH: LocaleCase = {
  name: 'zh-CN',
  tag: 'zh-cn',
  locale: 'zh-CN',
  vipFull: vipFullZh,
  notVipScored: notVipScoredZh,
  text: {
    loading: '正在加载 VIP 信息…',
    errorTitle: '无法加载 VIP 信息',
    errorGeneric: 'VIP Care 没有响应。请检查网络后重试。',
    retry: '重试',
    notVipTitle: '尚未成为 VIP',
    notFound: '该记录尚未加入 VIP 计划，将在下次同步和评分后加入。',
    notVipScored: '该客户目前不在任何 VIP 等级。得分：52.5（满分 100）。',
    notScored: '该客户尚未评分，下次评分将决定其等级。',
    unsupported: 'VIP 卡片仅适用于联系人和公司。',
    tierDetails: '第 1 级（共 3 级） · 自 2025年11月3日 起 · 按得分获得',
    minimalTierDetails: '第 3 级（共 3 级） · 自 2026年8月20日 起 · 手动设定',
    score: 'VIP 得分：91.5（满分 100）',
    potentialTag: '潜力 VIP',
    atRiskTag: '流失风险',
    predictedValue: 'US$12,346',
    churn: '18%',
    trendSince: '与 2026年7月20日 相比',
    overdue: '已逾期',
    task4101Due: '截止 2026年8月18日 21:00 · 负责人：王静',
    task4102Due: '截止 2026年8月22日 02:00 · 未分配',
    openTasks: '共 7 项待办行动',
    sla77: '首次响应：剩余 2 小时 15 分钟',
    sla78: '解决：已超时 40 分钟',
    sla79: '解决：已暂停',
    openComplaints: '共 4 个未结投诉',
    nps: '9 · 推荐者 · 回答于 2026年8月3日',
    csat: '4 / 5 · 回答于 2026年7月28日',
    noAnswer: '尚无回答',
    noTasks: '暂无待办关怀行动。',
    noComplaints: '没有未结投诉。',
    noReasons: '最近一次评分没有记录说明。',
    sidebarScore: '得分 91.5',
    sidebarNext: '下一步：与林美的季度回访电话',
    sidebarComplaints: '4 个未结投诉',
    sidebarNoNext: '暂无待办关怀行动',
    sidebarNoComplaints: '没有未结投诉',
    sidebarDetails: '打开完整 VIP 视图',
    completeSuccess: '关怀行动已标记为完成。',
    completeFailed: '无法完成该关怀行动',
    touchSuccess: '接触已记录。',
    touchFailed: '无法记录接触',
    touchRequired: '请简要描述这次接触。',
    surveySuccess: '反馈已记录。',
    surveyFailed: '无法记录反馈',
    surveyRequired: '请输入客户给出的分数。',
    npsRange: '请输入 0 到 10 之间的整数。',
    csatRange: '请输入 1 到 5 之间的整数。',
    cesRange: '请输入 1 到 7 之间的整数。',
    genericFailure: 'VIP Care 没有响应。您填写的内容已保留，请重试。',
    npsAfterRecorded: '6 · 贬损者 · 回答于 2026年8月20日',
    commentTooLong: '评论请少于 5000 个字符。',
  },
};

export const LOCALE_CASES: readonly LocaleCase[] = [EN, ZH];

/** Intl may put narrow no-break spaces in times; compare words, not space characters. */
export function plain(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}
