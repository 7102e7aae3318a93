// @sharehub/decision-core: the pure decision function, rulesets as data, routing, deadlines, consent, explain.
// The public API is documented in README.md; everything here is pure except the loaders (loadArea.ts, loadAreas.ts) and the CLI.
export * from './model.js';
export {
  PREDICATES,
  PREDICATE_PARAMETERS,
  type Predicate,
  type RuleFacts,
  type PredicateResult,
} from './predicates.js';
export { createAreaContext, hashCanonical, type AreaContext, type PayloadPolicy } from './areaContext.js';
export { RulesetError, validateRuleset, validateDirectory } from './validateArea.js';
export { DecisionCoreError } from './DecisionCoreError.js';
export {
  loadArea,
  loadRuleset,
  loadAreaDirectory,
  createAreaRegistry,
  UnknownAreaError,
  DIRECTORY_DIR,
  RULESET_DIR,
  type AreaSources,
} from './loadArea.js';
export { loadAreas, type AreaRegistry } from './loadAreas.js';
export {
  bankHolidaysOf,
  easterSunday,
  WorkingDayCalendar,
  ENGLAND_AND_WALES,
  ENGLAND_AND_WALES_CHANGES,
  type BankHolidayChanges,
} from './bankHolidays.js';
export {
  LONDON,
  ageOn,
  isSchoolAge,
  londonDate,
  maracDue,
  within24Hours,
  withinHours,
  withinWorkingDays,
  endOfLondonDay,
  formatUtcSecond,
  parseInstant,
  InvalidInstantError,
} from './deadlines.js';
export {
  londonOffsetMinutes,
  londonMonthsEarlier,
  londonWallTime,
  previousLondonMonths,
  inWindow,
  type LondonWindow,
  type LondonWallTime,
} from './londonTime.js';
export {
  decide,
  childrenUnder18,
  householdHistory,
  decideIncident,
  decideCarePlan,
  decideMarac,
  isRepeatMarac,
  AreaMismatchError,
  type DecidableEvent,
} from './decide.js';
export {
  routeShares,
  postcodeDistrict,
  SERVICE_ORDER,
  type RoutePlan,
  type RoutingInput,
  type RoutedShares,
} from './routeShares.js';
export type { Route, RouteContext, RouteOutput, RouteSubject } from './routes/Route.js';
export { ROUTES } from './routes/ROUTES.js';
export { servicesForTriageRoute } from './routes/servicesForTriageRoute.js';
export { consentPosition, consentRecordFor, type ConsentScope } from './consentPosition.js';
export { minimisedPayload, PAYLOAD_POLICY, EMPTY_PAYLOAD } from './minimisedPayload.js';
export { deterministicId } from './ids.js';
export { ConsentBook } from './ConsentBook.js';
export { MemoryHistory } from './MemoryHistory.js';
export { History } from './History.js';
export { listingSummaryOf } from './listingSummaryOf.js';
export { StagedHistory } from './StagedHistory.js';
export type { HistoryStore } from './HistoryStore.js';
export {
  WindowedHistory,
  retentionFor,
  replaySpanMs,
  DEFAULT_LATENESS_DAYS,
  type HistoryRetention,
} from './WindowedHistory.js';
export { ExpiringKeys, DAY_MS, dayOf } from './ExpiringKeys.js';
export { detectEventType, type EventTypeName } from './detectEventType.js';
export {
  explainEvents,
  decideEvents,
  decideEvent,
  remember,
  withoutSent,
  toExplanation,
  toExplainableEvents,
  type ExplainableEvent,
  type Explanation,
} from './explainEvents.js';
