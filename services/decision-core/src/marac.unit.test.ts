import { describe, expect, it } from 'vitest';
import { decideMarac } from './decide.js';
import { loadArea } from './loadArea.js';
import { MemoryHistory } from './MemoryHistory.js';
import { child, listing } from './testing/fixtures.js';

const trafford = loadArea('trafford');
const kent = loadArea('kent');

describe('MARAC (DOMAIN.md 6)', () => {
  it('is always shared, firing MARAC, with every trafford route including the GP', () => {
    const d = decideMarac(
      trafford,
      listing({
        children: [
          child({
            dateOfBirth: '2009-06-01',
            gpPracticeCode: 'P91003',
            education: { setting: 'SCHOOL', schoolUrn: '106331' },
          }),
        ],
      }),
      new MemoryHistory(),
    );
    expect(d.decision).toBe('SHARED');
    expect(d.rulesFired).toEqual(['MARAC']);
    expect(d.shares.map((s) => `${s.service}:${s.teamId}`)).toEqual([
      'CHILDRENS_SOCIAL_CARE:tr-csc-first-response',
      'SCHOOL_NURSING:tr-sn-south',
      'GP:tr-gp-p91003',
    ]);
    expect(d.shares.every((s) => s.shareKind === 'NOTIFICATION' && s.isRepeatMarac === false)).toBe(true);
  });

  it('is due 23:59:59 London eight days before the meeting', () => {
    const d = decideMarac(
      trafford,
      listing({ listedAt: '2026-03-02T10:00:00Z', meetingDate: '2026-03-26' }),
      new MemoryHistory(),
    );
    expect(new Set(d.shares.map((s) => s.dueBy))).toEqual(new Set(['2026-03-18T23:59:59Z']));
  });

  it('or 24 hours after listing when that is later', () => {
    const d = decideMarac(
      trafford,
      listing({ listedAt: '2026-03-20T10:00:00Z', meetingDate: '2026-03-26' }),
      new MemoryHistory(),
    );
    expect(new Set(d.shares.map((s) => s.dueBy))).toEqual(new Set(['2026-03-21T10:00:00Z']));
  });

  it('is a repeat MARAC when the victim was listed in the previous 12 months (any case reference)', () => {
    const h = new MemoryHistory();
    h.addListing({
      eventId: 'OLD',
      area: 'trafford',
      maracCaseRef: 'OTHER-CASE',
      victimPersonId: 'V1',
      listedAt: '2025-09-01T10:00:00Z',
    });
    const d = decideMarac(trafford, listing(), h);
    expect(d.isRepeatMarac).toBe(true);
    expect(d.shares.every((s) => s.isRepeatMarac)).toBe(true);
    expect(d.historyEventIds).toEqual(['OLD']);
  });

  it('is not a repeat when the earlier listing is over 12 months old, unless the reason is REPEAT_INCIDENT', () => {
    const h = new MemoryHistory();
    h.addListing({
      eventId: 'OLD',
      area: 'trafford',
      maracCaseRef: 'OTHER-CASE',
      victimPersonId: 'V1',
      listedAt: '2025-03-01T10:00:00Z',
    });
    expect(decideMarac(trafford, listing(), h).isRepeatMarac).toBe(false);
    expect(decideMarac(trafford, listing({ referralReason: 'REPEAT_INCIDENT' }), h).isRepeatMarac).toBe(true);
  });

  it('in kent: children’s services for each subject child as a REFERRAL, plus the adult routes, no health', () => {
    const d = decideMarac(
      kent,
      listing({
        area: 'kent',
        location: { householdKey: 'HK1', postcode: 'ME14 1AA', uprn: null },
        victim: { ...listing().victim, pregnant: true, openToAdultSocialCare: true },
      }),
      new MemoryHistory(),
    );
    expect(d.shares.map((s) => `${s.service}:${s.subjectPersonId}:${s.shareKind}`)).toEqual([
      'CHILDRENS_SOCIAL_CARE:C1:REFERRAL',
      'CHILDRENS_SOCIAL_CARE:V1:unborn:REFERRAL',
      'ADULT_SOCIAL_CARE:V1:NOTIFICATION',
    ]);
  });

  it('derives notification ids from the case reference, listing time, team and subject', () => {
    const a = decideMarac(trafford, listing(), new MemoryHistory());
    const b = decideMarac(trafford, listing({ eventId: 'REDELIVERED' }), new MemoryHistory());
    const c = decideMarac(trafford, listing({ listedAt: '2026-03-03T10:00:00Z' }), new MemoryHistory());
    expect(a.shares.map((s) => s.notificationId)).toEqual(b.shares.map((s) => s.notificationId));
    expect(a.shares[0]!.notificationId).not.toBe(c.shares[0]!.notificationId);
  });
});
