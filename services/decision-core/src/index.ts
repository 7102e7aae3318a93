export * from './model.js';
export { PREDICATES, type Predicate, type RuleFacts, type PredicateResult } from './predicates.js';
export {
  createAreaContext,
  hashCanonical,
  RulesetError,
  type AreaContext,
  type PayloadPolicy,
} from './areaContext.js';
export { loadArea, createAreaRegistry, UnknownAreaError, DIRECTORY_DIR, RULESET_DIR } from './loadArea.js';
export { bankHolidaysOf, easterSunday, WorkingDayCalendar, type BankHolidayChanges } from './bankHolidays.js';
export {
  LONDON,
  ageOn,
  isSchoolAge,
  londonDate,
  maracDue,
  within24Hours,
  withinWorkingDays,
  endOfLondonDay,
  formatUtcSecond,
} from './deadlines.js';
export {
  childrenUnder18,
  householdHistory,
  decideIncident,
  decideCarePlan,
  decideMarac,
  isRepeatMarac,
} from './decide.js';
export {
  routeShares,
  postcodeDistrict,
  SERVICE_ORDER,
  type RoutePlan,
  type RoutingInput,
} from './routeShares.js';
export { consentPosition, type ConsentScope } from './consentPosition.js';
export { minimisedPayload } from './minimisedPayload.js';
export { deterministicId } from './ids.js';
export { MemoryHistory } from './MemoryHistory.js';
export {
  explainEvents,
  decideEvent,
  remember,
  toExplanation,
  detectEventType,
  type ExplainableEvent,
  type Explanation,
} from './explainEvents.js';
export { StagedHistory } from './StagedHistory.js';
