import type { Catalog } from './catalog.js';

/** 简体中文 */
export const zhCN: Catalog = {
  program: {
    identifier: '必须以小写字母开头，只能使用 a-z、0-9 和 _',
    localizedNeedsEn: '需要提供 "en" 文本（作为后备语言）',
    window: '必须是 "lifetime"，或数字加 d、w、m、y（例如 90d、12m）',
    currency: '必须是三位货币代码，例如 USD 或 CNY',
    conditionNeedsComparison: '需要一个比较：gte、gt、lte、lt 或 eq',
    timezone: '未知时区 "{{value}}"（请使用 IANA 名称，例如 Asia/Shanghai）',
    duplicateId: 'id "{{id}}" 重复（{{other}} 也在使用）',
    windowNotAllowed: '{{kind}} 指标不接受时间窗口',
    noWeight: '至少需要一个权重大于 0 的指标',
    reservedTierId: '"none" 已保留，表示"非 VIP"',
    exitBelowEnter: '必须低于 {{ref}}（{{enter}}），以免会员频繁进出等级',
    mustBeAbove: '必须高于 {{ref}}',
    mustNotBeBelow: '不能低于 {{ref}}',
    ruleNeedsOneEffect: '只能且必须设置 atLeast 或 atMost 之一',
    unknownTier: '未知等级 "{{id}}"',
    unknownMeasure: '未知指标 "{{id}}"',
    unknownKey: '未知设置 "{{keys}}"',
    syntax: '无法读取文件：{{detail}}',
  },
};
