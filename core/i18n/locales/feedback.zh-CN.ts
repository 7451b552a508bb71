import type { feedbackEn } from './feedback.en.js';
import type { Widen } from './catalog.js';

export const feedbackZhCN: Widen<typeof feedbackEn> = {
  survey: {
    question_nps: '您有多大可能向朋友或同事推荐我们？',
    question_csat: '您对我们的服务满意吗？',
    question_ces: '从我们这里获得所需的帮助有多容易？',
    low_nps: '完全不可能',
    high_nps: '非常可能',
    low_csat: '非常不满意',
    high_csat: '非常满意',
    low_ces: '非常困难',
    high_ces: '非常容易',
    comment: '还有什么想告诉我们的吗？（选填）',
    thanks: '{{name}}，谢谢您！您的回答已转达给我们的客户关怀团队。',
    link: '点此作答（一步即可，不到一分钟）：{{url}}',
    followUpQuestion: '您的问题"{{subject}}"已处理完毕。您对处理结果满意吗？',
  },
  complaint: {
    escalationTitle: 'SLA 已超时：{{customer}} 的{{clock}}：{{subject}}',
    escalationBody: '{{customer}} 的投诉 #{{id}}（{{priority}}）的{{clock}}目标（{{target}}）已于 {{due}} 超时。负责人：{{owner}}。',
    warningSubject: 'SLA 预警：{{customer}} 的{{clock}}将于 {{due}} 到期',
    warningBody: '{{customer}} 的投诉 #{{id}}（{{priority}}）"{{subject}}"：{{clock}}将于 {{due}} 到期。',
    breachSubject: 'SLA 已超时：{{customer}} 的{{clock}}',
    clock_first_response: '首次响应',
    clock_resolution: '解决',
    reportSubject: '关于您反馈的最新进展',
    fromResponse: '{{customer}} 的 {{kind}} 评分 {{score}}',
    escalationQueueOwner: '无负责人',
  },
};
