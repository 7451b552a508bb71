/** English catalog: the reference for every key. */
export const en = {
  program: {
    identifier: 'must start with a lowercase letter and use only a-z, 0-9 and _',
    localizedNeedsEn: 'needs an "en" text (the fallback language)',
    window: 'must be "lifetime" or a number with d, w, m or y (e.g. 90d, 12m)',
    currency: 'must be a three-letter currency code such as USD or CNY',
    conditionNeedsComparison: 'needs a comparison: gte, gt, lte, lt or eq',
    timezone: 'unknown time zone "{{value}}" (use an IANA name such as Asia/Shanghai)',
    duplicateId: 'duplicate id "{{id}}" (also used at {{other}})',
    windowNotAllowed: 'a {{kind}} measure does not take a window',
    noWeight: 'at least one measure needs a weight above 0',
    reservedTierId: '"none" is reserved for "not a VIP"',
    exitBelowEnter: 'must be below {{ref}} ({{enter}}), so members do not flip in and out',
    mustBeAbove: 'must be above {{ref}}',
    mustNotBeBelow: 'must not be below {{ref}}',
    ruleNeedsOneEffect: 'needs exactly one of atLeast or atMost',
    unknownTier: 'unknown tier "{{id}}"',
    unknownMeasure: 'unknown measure "{{id}}"',
    unknownKey: 'unknown setting "{{keys}}"',
    syntax: 'the file cannot be read: {{detail}}',
  },
} as const;
