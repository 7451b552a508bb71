// Every text of the VIP card, as custom labels (CustomLabels.labels-meta.xml; Chinese in
// translations/zh_CN; VipCare_PreviewReadOnly is the preview's own). Placeholders are {0}, {1}..., filled by formatLabel.
import cardTitle from '@salesforce/label/c.VipCare_CardTitle';
import loading from '@salesforce/label/c.VipCare_Loading';
import loaded from '@salesforce/label/c.VipCare_Loaded';
import errorTitle from '@salesforce/label/c.VipCare_ErrorTitle';
import errorGeneric from '@salesforce/label/c.VipCare_ErrorGeneric';
import retry from '@salesforce/label/c.VipCare_Retry';
import unsupportedObject from '@salesforce/label/c.VipCare_UnsupportedObject';
import notVipTitle from '@salesforce/label/c.VipCare_NotVipTitle';
import notVipNotFound from '@salesforce/label/c.VipCare_NotVipNotFound';
import notVipNotScored from '@salesforce/label/c.VipCare_NotVipNotScored';
import notVipScored from '@salesforce/label/c.VipCare_NotVipScored';
import tierHeading from '@salesforce/label/c.VipCare_TierHeading';
import tierRank from '@salesforce/label/c.VipCare_TierRank';
import tierSince from '@salesforce/label/c.VipCare_TierSince';
import tierSourceHeading from '@salesforce/label/c.VipCare_TierSourceHeading';
import tierSourceScore from '@salesforce/label/c.VipCare_TierSourceScore';
import tierSourceRule from '@salesforce/label/c.VipCare_TierSourceRule';
import tierSourceOverride from '@salesforce/label/c.VipCare_TierSourceOverride';
import score from '@salesforce/label/c.VipCare_Score';
import scoreOutOf from '@salesforce/label/c.VipCare_ScoreOutOf';
import flagPotentialVip from '@salesforce/label/c.VipCare_FlagPotentialVip';
import flagAtRisk from '@salesforce/label/c.VipCare_FlagAtRisk';
import reasonsHeading from '@salesforce/label/c.VipCare_ReasonsHeading';
import reasonsEmpty from '@salesforce/label/c.VipCare_ReasonsEmpty';
import contributionsHeading from '@salesforce/label/c.VipCare_ContributionsHeading';
import contributionLine from '@salesforce/label/c.VipCare_ContributionLine';
import trendHeading from '@salesforce/label/c.VipCare_TrendHeading';
import trendUp from '@salesforce/label/c.VipCare_TrendUp';
import trendDown from '@salesforce/label/c.VipCare_TrendDown';
import trendFlat from '@salesforce/label/c.VipCare_TrendFlat';
import scoreHistory from '@salesforce/label/c.VipCare_ScoreHistory';
import predictionHeading from '@salesforce/label/c.VipCare_PredictionHeading';
import predictedValue from '@salesforce/label/c.VipCare_PredictedValue';
import churnRisk from '@salesforce/label/c.VipCare_ChurnRisk';
import notEnoughData from '@salesforce/label/c.VipCare_NotEnoughData';
import tasksHeading from '@salesforce/label/c.VipCare_TasksHeading';
import tasksEmpty from '@salesforce/label/c.VipCare_TasksEmpty';
import tasksMore from '@salesforce/label/c.VipCare_TasksMore';
import due from '@salesforce/label/c.VipCare_Due';
import overdue from '@salesforce/label/c.VipCare_Overdue';
import owner from '@salesforce/label/c.VipCare_Owner';
import unassigned from '@salesforce/label/c.VipCare_Unassigned';
import priorityLow from '@salesforce/label/c.VipCare_PriorityLow';
import priorityNormal from '@salesforce/label/c.VipCare_PriorityNormal';
import priorityHigh from '@salesforce/label/c.VipCare_PriorityHigh';
import priorityUrgent from '@salesforce/label/c.VipCare_PriorityUrgent';
import priorityCritical from '@salesforce/label/c.VipCare_PriorityCritical';
import completeTask from '@salesforce/label/c.VipCare_CompleteTask';
import completeTaskFor from '@salesforce/label/c.VipCare_CompleteTaskFor';
import note from '@salesforce/label/c.VipCare_Note';
import noteTooLong from '@salesforce/label/c.VipCare_NoteTooLong';
import markDone from '@salesforce/label/c.VipCare_MarkDone';
import cancel from '@salesforce/label/c.VipCare_Cancel';
import completeSuccess from '@salesforce/label/c.VipCare_CompleteSuccess';
import completeFailed from '@salesforce/label/c.VipCare_CompleteFailed';
import complaintsHeading from '@salesforce/label/c.VipCare_ComplaintsHeading';
import complaintsEmpty from '@salesforce/label/c.VipCare_ComplaintsEmpty';
import complaintsMore from '@salesforce/label/c.VipCare_ComplaintsMore';
import complaintOpen from '@salesforce/label/c.VipCare_ComplaintOpen';
import complaintWaiting from '@salesforce/label/c.VipCare_ComplaintWaiting';
import clockFirstResponse from '@salesforce/label/c.VipCare_ClockFirstResponse';
import clockResolution from '@salesforce/label/c.VipCare_ClockResolution';
import clockLine from '@salesforce/label/c.VipCare_ClockLine';
import slaLeft from '@salesforce/label/c.VipCare_SlaLeft';
import slaBreached from '@salesforce/label/c.VipCare_SlaBreached';
import slaPaused from '@salesforce/label/c.VipCare_SlaPaused';
import slaNoTarget from '@salesforce/label/c.VipCare_SlaNoTarget';
import durationDays from '@salesforce/label/c.VipCare_DurationDays';
import durationDaysOnly from '@salesforce/label/c.VipCare_DurationDaysOnly';
import durationHours from '@salesforce/label/c.VipCare_DurationHours';
import durationHoursOnly from '@salesforce/label/c.VipCare_DurationHoursOnly';
import durationMinutes from '@salesforce/label/c.VipCare_DurationMinutes';
import durationUnderMinute from '@salesforce/label/c.VipCare_DurationUnderMinute';
import feedbackHeading from '@salesforce/label/c.VipCare_FeedbackHeading';
import nps from '@salesforce/label/c.VipCare_Nps';
import csat from '@salesforce/label/c.VipCare_Csat';
import noAnswer from '@salesforce/label/c.VipCare_NoAnswer';
import answered from '@salesforce/label/c.VipCare_Answered';
import npsLine from '@salesforce/label/c.VipCare_NpsLine';
import csatLine from '@salesforce/label/c.VipCare_CsatLine';
import promoter from '@salesforce/label/c.VipCare_Promoter';
import passive from '@salesforce/label/c.VipCare_Passive';
import detractor from '@salesforce/label/c.VipCare_Detractor';
import touchHeading from '@salesforce/label/c.VipCare_TouchHeading';
import touchKind from '@salesforce/label/c.VipCare_TouchKind';
import touchCall from '@salesforce/label/c.VipCare_TouchCall';
import touchMeeting from '@salesforce/label/c.VipCare_TouchMeeting';
import touchEmail from '@salesforce/label/c.VipCare_TouchEmail';
import touchMessage from '@salesforce/label/c.VipCare_TouchMessage';
import touchVisit from '@salesforce/label/c.VipCare_TouchVisit';
import touchOther from '@salesforce/label/c.VipCare_TouchOther';
import touchSummary from '@salesforce/label/c.VipCare_TouchSummary';
import summaryRequired from '@salesforce/label/c.VipCare_SummaryRequired';
import summaryTooLong from '@salesforce/label/c.VipCare_SummaryTooLong';
import touchSubmit from '@salesforce/label/c.VipCare_TouchSubmit';
import touchSuccess from '@salesforce/label/c.VipCare_TouchSuccess';
import touchFailed from '@salesforce/label/c.VipCare_TouchFailed';
import surveyHeading from '@salesforce/label/c.VipCare_SurveyHeading';
import surveyKind from '@salesforce/label/c.VipCare_SurveyKind';
import surveyNps from '@salesforce/label/c.VipCare_SurveyNps';
import surveyCsat from '@salesforce/label/c.VipCare_SurveyCsat';
import surveyCes from '@salesforce/label/c.VipCare_SurveyCes';
import scoreField from '@salesforce/label/c.VipCare_ScoreField';
import scoreRequired from '@salesforce/label/c.VipCare_ScoreRequired';
import scoreRange from '@salesforce/label/c.VipCare_ScoreRange';
import comment from '@salesforce/label/c.VipCare_Comment';
import commentTooLong from '@salesforce/label/c.VipCare_CommentTooLong';
import surveySubmit from '@salesforce/label/c.VipCare_SurveySubmit';
import surveySuccess from '@salesforce/label/c.VipCare_SurveySuccess';
import surveyFailed from '@salesforce/label/c.VipCare_SurveyFailed';
import saving from '@salesforce/label/c.VipCare_Saving';
import actionFailedGeneric from '@salesforce/label/c.VipCare_ActionFailedGeneric';

export const LABELS = Object.freeze({
    cardTitle,
    loading,
    loaded,
    errorTitle,
    errorGeneric,
    retry,
    unsupportedObject,
    notVipTitle,
    notVipNotFound,
    notVipNotScored,
    notVipScored,
    tierHeading,
    tierRank,
    tierSince,
    tierSourceHeading,
    tierSourceScore,
    tierSourceRule,
    tierSourceOverride,
    score,
    scoreOutOf,
    flagPotentialVip,
    flagAtRisk,
    reasonsHeading,
    reasonsEmpty,
    contributionsHeading,
    contributionLine,
    trendHeading,
    trendUp,
    trendDown,
    trendFlat,
    scoreHistory,
    predictionHeading,
    predictedValue,
    churnRisk,
    notEnoughData,
    tasksHeading,
    tasksEmpty,
    tasksMore,
    due,
    overdue,
    owner,
    unassigned,
    priorityLow,
    priorityNormal,
    priorityHigh,
    priorityUrgent,
    priorityCritical,
    completeTask,
    completeTaskFor,
    note,
    noteTooLong,
    markDone,
    cancel,
    completeSuccess,
    completeFailed,
    complaintsHeading,
    complaintsEmpty,
    complaintsMore,
    complaintOpen,
    complaintWaiting,
    clockFirstResponse,
    clockResolution,
    clockLine,
    slaLeft,
    slaBreached,
    slaPaused,
    slaNoTarget,
    durationDays,
    durationDaysOnly,
    durationHours,
    durationHoursOnly,
    durationMinutes,
    durationUnderMinute,
    feedbackHeading,
    nps,
    csat,
    noAnswer,
    answered,
    npsLine,
    csatLine,
    promoter,
    passive,
    detractor,
    touchHeading,
    touchKind,
    touchCall,
    touchMeeting,
    touchEmail,
    touchMessage,
    touchVisit,
    touchOther,
    touchSummary,
    summaryRequired,
    summaryTooLong,
    touchSubmit,
    touchSuccess,
    touchFailed,
    surveyHeading,
    surveyKind,
    surveyNps,
    surveyCsat,
    surveyCes,
    scoreField,
    scoreRequired,
    scoreRange,
    comment,
    commentTooLong,
    surveySubmit,
    surveySuccess,
    surveyFailed,
    saving,
    actionFailedGeneric
});

/** Fills `{0}`, `{1}`... with the values, in order; a placeholder without a value stays as written. */
export function formatLabel(template, ...values) {
    return String(template).replace(/\{(\d+)\}/g, (placeholder, index) => (Number(index) < values.length ? String(values[Number(index)]) : placeholder));
}
