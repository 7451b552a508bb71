import type { surveyPageEn } from './survey-page.en.js';
import type { Widen } from './catalog.js';

export const surveyPageZhCN: Widen<typeof surveyPageEn> = {
  formTitle: '请告诉我们您的感受',
  greeting: '{{name}}，您好！',
  intro: '只需不到一分钟，您的回答将直接送达我们的客户关怀团队。',
  anchor: '{{score}} 分：{{label}}',
  submit: '提交回答',
  errorSummaryTitle: '提交未成功',
  scoreMissing: '请选择 {{min}} 到 {{max}} 之间的分数。',
  commentTooLong: '您的留言过长，请控制在 {{max}} 个字符以内。',
  errorPrefix: '错误：',
  languageNav: '语言',
  language_en: 'English',
  'language_zh-CN': '中文',
  invalidTitle: '此链接无效',
  invalidBody: '请确认您打开的是消息中的完整链接。如果仍然无法打开，请直接回复该消息，我们会尽快为您处理。',
  expiredTitle: '此链接已过期',
  expiredBody: '问卷链接仅在限定时间内有效。感谢您愿意与我们分享意见。',
  answeredTitle: '您已经回答过了，谢谢！',
  answeredBody: '我们已收到您的回答。每个问卷链接只能提交一次。',
  thanksTitle: '感谢您的反馈',
  thanksFallback: '您的回答已送达我们的客户关怀团队。',
  errorTitle: '出了点问题',
  errorBody: '我们暂时无法处理您的回答，请过几分钟再试。',
};
