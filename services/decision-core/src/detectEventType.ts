/** The event types the decision core reads. */
export type EventTypeName = 'IncidentRecorded' | 'CarePlanIssued' | 'MaracListed' | 'ConsentRecorded';

const NAMES = new Set<string>(['IncidentRecorded', 'CarePlanIssued', 'MaracListed', 'ConsentRecorded']);

/**
 * Tells an event's type from its fields, or from an explicit `type` naming one of the four: `carePlanRef` and
 * `incident` make a CarePlanIssued, `maracCaseRef` a MaracListed, `subjectPersonId` and `status` a ConsentRecorded;
 * anything else is read as an IncidentRecorded.
 */
export function detectEventType(json: object): EventTypeName {
  const explicit = (json as { type?: unknown }).type;
  if (typeof explicit === 'string' && NAMES.has(explicit)) return explicit as EventTypeName;
  if ('carePlanRef' in json && 'incident' in json) return 'CarePlanIssued';
  if ('maracCaseRef' in json) return 'MaracListed';
  if ('subjectPersonId' in json && 'status' in json) return 'ConsentRecorded';
  return 'IncidentRecorded';
}
