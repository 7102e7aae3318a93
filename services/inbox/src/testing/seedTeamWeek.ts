import type { InboxStore } from '../store/InboxStore.js';
import { sampleNotification, sampleTriageItem } from './sampleEvents.js';

const T5 = { ruleId: 'T5', text: 'A child called the police', citation: 'Trafford 3.1(e)' };

/**
 * Seeds the week of Monday 2 March 2026 for the team dashboard's tests: to `tr-hv-central` in Trafford, a share
 * acknowledged in 6 hours (in time), one with rules T1 and T5 acknowledged in 48 (late), one never acknowledged and
 * escalated, one due on 20 March; after the week, one received on 10 March and overdue by the 11th; and a triage item
 * received on 14 March at 09:00.
 */
export async function seedTeamWeek(store: InboxStore): Promise<void> {
  const share = (id: string, receivedAt: string, dueBy: string, extra = {}) =>
    store.addNotification(sampleNotification({ notificationId: id, dueBy, ...extra }), receivedAt);
  await share('w-1', '2026-03-02T09:00:00.000Z', '2026-03-03T09:00:00.000Z');
  await share('w-2', '2026-03-03T09:00:00.000Z', '2026-03-04T09:00:00.000Z', {
    rationale: [sampleNotification().rationale[0]!, T5],
  });
  await share('w-3', '2026-03-03T10:00:00.000Z', '2026-03-04T10:00:00.000Z');
  await share('w-4', '2026-03-06T10:00:00.000Z', '2026-03-20T10:00:00.000Z');
  await share('w-5', '2026-03-10T10:00:00.000Z', '2026-03-11T10:00:00.000Z');
  await store.acknowledge('w-1', { by: 'hv:1', at: '2026-03-02T15:00:00.000Z' }, () => []);
  await store.acknowledge('w-2', { by: 'hv:1', at: '2026-03-05T09:00:00.000Z' }, () => []);
  await store.escalateOverdue('2026-03-04T11:00:00.000Z', 10, () => []);
  await store.addTriageItem(sampleTriageItem({ triageId: 'w-t1' }), '2026-03-14T09:00:00.000Z');
}
