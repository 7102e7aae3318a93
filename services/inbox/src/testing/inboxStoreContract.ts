import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '@sharehub/kit';
import type { InboxStore } from '../store/InboxStore.js';
import { sampleNotification, sampleTriageItem } from './sampleEvents.js';

const AT = '2026-03-15T09:00:00.000Z';
const msg = (n: number): OutgoingMessage => ({
  topic: 'out',
  key: `k${n}`,
  value: new Uint8Array([n, 0, 255]),
});

/** The behaviour every {@link InboxStore} must show: run against the fake and the real adapter alike. */
export function inboxStoreContract(name: string, open: () => Promise<InboxStore>): void {
  describe(`InboxStore contract: ${name}`, () => {
    it('keeps a notification once, by id, and answers it with its arrival order', async () => {
      const store = await open();
      expect(await store.addNotification(sampleNotification(), AT)).toBe(true);
      expect(await store.addNotification(sampleNotification({ subjectPersonId: 'other' }), AT)).toBe(false);
      const held = await store.getNotification('n-1');
      expect(held?.notification).toEqual(sampleNotification());
      expect(held).toMatchObject({ receivedAt: AT, acknowledgedAt: null, escalatedAt: null });
      expect(held!.seq).toBeGreaterThan(0);
      expect(await store.getNotification('n-none')).toBeUndefined();
      await store.close();
    });

    it("lists only the team's own items, most urgent first, filtered by status, overdue and due time, in pages", async () => {
      const store = await open();
      const dues = ['2026-03-18T10:00:00.000Z', '2026-03-16T10:00:00.000Z', '2026-03-17T10:00:00.000Z'];
      for (const [i, dueBy] of dues.entries())
        await store.addNotification(sampleNotification({ notificationId: `n-${i}`, dueBy }), AT);
      await store.addNotification(
        sampleNotification({
          notificationId: 'n-other',
          recipient: { service: 'GP', teamId: 'tr-gp-p91001' },
        }),
        AT,
      );
      const ids = async (q: Partial<Parameters<InboxStore['listNotifications']>[0]>) =>
        (
          await store.listNotifications({ teamId: 'tr-hv-central', status: 'all', limit: 10, ...q })
        ).items.map((n) => n.notification.notificationId);
      expect(await ids({})).toEqual(['n-1', 'n-2', 'n-0']);
      expect(await ids({ overdueAt: '2026-03-17T12:00:00.000Z' })).toEqual(['n-1', 'n-2']);
      expect(await ids({ dueBefore: '2026-03-16T10:00:00.000Z' })).toEqual(['n-1']);
      await store.acknowledge('n-2', { by: 'hv-1', at: AT }, () => []);
      expect(await ids({ status: 'open' })).toEqual(['n-1', 'n-0']);
      expect(await ids({ status: 'acknowledged' })).toEqual(['n-2']);
      expect(await ids({ status: 'open', overdueAt: '2026-03-17T12:00:00.000Z' })).toEqual(['n-1']);

      const first = await store.listNotifications({ teamId: 'tr-hv-central', status: 'all', limit: 2 });
      expect(first.items.map((n) => n.notification.notificationId)).toEqual(['n-1', 'n-2']);
      const second = await store.listNotifications({
        teamId: 'tr-hv-central',
        status: 'all',
        limit: 2,
        cursor: first.nextCursor!,
      });
      expect(second.items.map((n) => n.notification.notificationId)).toEqual(['n-0']);
      expect(second.nextCursor).toBeNull();
      await store.close();
    });

    it('acknowledges once: the events go to the outbox the first time only, and a second call answers the first', async () => {
      const store = await open();
      await store.addNotification(sampleNotification(), AT);
      const first = await store.acknowledge('n-1', { by: 'hv-1', at: '2026-03-15T10:00:00Z' }, (n) => [
        { ...msg(1), key: n.acknowledgedBy },
      ]);
      expect(first).toMatchObject({ acknowledgedNow: true });
      expect(first!.notification).toMatchObject({
        acknowledgedBy: 'hv-1',
        acknowledgedAt: '2026-03-15T10:00:00.000Z',
      });
      const again = await store.acknowledge('n-1', { by: 'hv-2', at: '2026-03-15T11:00:00Z' }, () => [
        msg(2),
      ]);
      expect(again).toMatchObject({ acknowledgedNow: false });
      expect(again!.notification.acknowledgedBy).toBe('hv-1');
      expect((await store.pendingOutbox(10)).map((e) => e.message)).toEqual([{ ...msg(1), key: 'hv-1' }]);
      expect(await store.acknowledge('n-none', { by: 'x', at: AT }, () => [msg(3)])).toBeUndefined();
      await store.close();
    });

    it('escalates each open overdue notification exactly once, never an acknowledged one', async () => {
      const store = await open();
      await store.addNotification(
        sampleNotification({ notificationId: 'n-a', dueBy: '2026-03-15T10:00:00Z' }),
        AT,
      );
      await store.addNotification(
        sampleNotification({ notificationId: 'n-b', dueBy: '2026-03-15T11:00:00Z' }),
        AT,
      );
      await store.addNotification(
        sampleNotification({ notificationId: 'n-c', dueBy: '2026-03-15T12:00:00Z' }),
        AT,
      );
      await store.addNotification(
        sampleNotification({ notificationId: 'n-d', dueBy: '2026-03-15T09:30:00Z' }),
        AT,
      );
      await store.acknowledge('n-d', { by: 'hv', at: AT }, () => []);
      const events = (n: { notification: { notificationId: string } }) => [
        { topic: 'escalated', key: n.notification.notificationId, value: new Uint8Array([1]) },
      ];
      const now = '2026-03-15T11:30:00.000Z';
      const first = await store.escalateOverdue(now, 100, events);
      expect(first.map((n) => n.notification.notificationId).sort()).toEqual(['n-a', 'n-b']);
      expect(first.every((n) => n.escalatedAt === now)).toBe(true);
      expect(await store.escalateOverdue(now, 100, events)).toEqual([]);
      expect((await store.pendingOutbox(10)).map((e) => e.message.key).sort()).toEqual(['n-a', 'n-b']);
      expect((await store.getNotification('n-a'))!.escalatedAt).toBe(now);
      await store.close();
    });

    it('keeps triage items once, lists the queue of the given areas, and assigns once', async () => {
      const store = await open();
      expect(await store.addTriageItem(sampleTriageItem(), AT)).toBe(true);
      expect(await store.addTriageItem(sampleTriageItem({ reason: 'other' }), AT)).toBe(false);
      await store.addTriageItem(sampleTriageItem({ triageId: 't-2', dueBy: null }), AT);
      await store.addTriageItem(sampleTriageItem({ triageId: 't-kent', area: 'kent' }), AT);
      const queue = async (status: 'open' | 'assigned' | 'all', limit = 10, cursor?: string) =>
        store.listTriage({ areas: ['trafford'], status, limit, ...(cursor ? { cursor } : {}) });
      expect((await queue('open')).items.map((t) => t.item.triageId)).toEqual(['t-1', 't-2']);
      const page1 = await queue('all', 1);
      const page2 = await queue('all', 1, page1.nextCursor!);
      expect([...page1.items, ...page2.items].map((t) => t.item.triageId)).toEqual(['t-1', 't-2']);
      expect(page2.nextCursor).toBeNull();

      const assignment = {
        teamId: 'tr-gp-p91001',
        notificationId: 'n-t1',
        assignedBy: 'sf-1',
        assignedAt: '2026-03-15T12:00:00Z',
      };
      const first = await store.assignTriage('t-1', assignment, (t) => [
        { ...msg(1), key: t.assignment!.teamId },
      ]);
      expect(first).toMatchObject({ assignedNow: true });
      expect(first!.item.assignment).toEqual({ ...assignment, assignedAt: '2026-03-15T12:00:00.000Z' });
      const again = await store.assignTriage('t-1', { ...assignment, teamId: 'tr-gp-p91002' }, () => [
        msg(2),
      ]);
      expect(again).toMatchObject({ assignedNow: false });
      expect(again!.item.assignment!.teamId).toBe('tr-gp-p91001');
      expect((await queue('open')).items.map((t) => t.item.triageId)).toEqual(['t-2']);
      expect((await queue('assigned')).items.map((t) => t.item.triageId)).toEqual(['t-1']);
      expect((await store.pendingOutbox(10)).map((e) => e.message.key)).toEqual(['tr-gp-p91001']);
      expect((await store.getTriageItem('t-1'))!.item).toEqual(sampleTriageItem());
      expect(await store.assignTriage('t-none', assignment, () => [msg(3)])).toBeUndefined();
      await store.close();
    });

    it('keeps the outbox in order, byte for byte, until its messages are removed', async () => {
      const store = await open();
      await store.enqueue([msg(1), { ...msg(2), key: null, headers: { kind: 'x' } }]);
      await store.enqueue([msg(3)]);
      const pending = await store.pendingOutbox(2);
      expect(pending.map((e) => e.message)).toEqual([
        msg(1),
        { ...msg(2), key: null, headers: { kind: 'x' } },
      ]);
      await store.removeFromOutbox(pending.map((e) => e.id));
      expect((await store.pendingOutbox(10)).map((e) => e.message)).toEqual([msg(3)]);
      await store.close();
    });

    it('streams a team’s notifications in arrival order after a position', async () => {
      const store = await open();
      expect(await store.latestSeq('tr-hv-central')).toBe(0);
      await store.addNotification(
        sampleNotification({ notificationId: 'n-x', dueBy: '2026-03-19T00:00:00Z' }),
        AT,
      );
      const mark = await store.latestSeq('tr-hv-central');
      await store.addNotification(
        sampleNotification({ notificationId: 'n-y', dueBy: '2026-03-16T00:00:00Z' }),
        AT,
      );
      await store.addNotification(
        sampleNotification({ notificationId: 'n-z', recipient: { service: 'GP', teamId: 'tr-gp-p91001' } }),
        AT,
      );
      expect(
        (await store.notificationsSince('tr-hv-central', 0, 10)).map((n) => n.notification.notificationId),
      ).toEqual(['n-x', 'n-y']);
      expect(
        (await store.notificationsSince('tr-hv-central', mark, 10)).map((n) => n.notification.notificationId),
      ).toEqual(['n-y']);
      expect(await store.latestSeq('tr-hv-central')).toBeGreaterThan(mark);
      await store.close();
    });

    it("answers the team's notifications received in a time range, in arrival order, with what the team did", async () => {
      const store = await open();
      const at = (day: number) => `2026-03-${String(day).padStart(2, '0')}T09:00:00.000Z`;
      await store.addNotification(sampleNotification({ notificationId: 'n-early' }), at(1));
      await store.addNotification(sampleNotification({ notificationId: 'n-a' }), at(2));
      await store.addNotification(sampleNotification({ notificationId: 'n-b' }), at(8));
      await store.addNotification(sampleNotification({ notificationId: 'n-late' }), at(9));
      await store.addNotification(
        sampleNotification({ notificationId: 'n-gp', recipient: { service: 'GP', teamId: 'tr-gp-p91001' } }),
        at(3),
      );
      await store.acknowledge('n-a', { by: 'hv:1', at: at(3) }, () => []);
      const teamId = sampleNotification().recipient.teamId;
      const got = await store.notificationsReceived(teamId, at(2), at(9));
      expect(got.map((n) => n.notification.notificationId)).toEqual(['n-a', 'n-b']);
      expect(got[0]).toMatchObject({ receivedAt: at(2), acknowledgedAt: at(3), acknowledgedBy: 'hv:1' });
      expect(await store.notificationsReceived('tr-gp-p91001', at(2), at(9))).toHaveLength(1);
      expect(await store.notificationsReceived(teamId, at(10), at(20))).toEqual([]);
      await store.close();
    });
  });
}
