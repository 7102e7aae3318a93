import { describe, expect, it } from 'vitest';
import { DEFAULT_CLAIM_NAMES, mapClaims } from './mapClaims.js';

describe('mapClaims', () => {
  it("reads the hub's own claims by default: org, roles and areas", () => {
    expect(mapClaims({ org: 'tr-hv-central', roles: ['recipient'], areas: ['trafford'] })).toEqual({
      org: 'tr-hv-central',
      roles: ['recipient'],
      areas: ['trafford'],
    });
  });

  it("reads an identity provider's own claim names: a namespaced claim whole, a nested one by dotted path", () => {
    const names = {
      team: 'https://sharehub.example/team',
      roles: 'realm_access.roles',
      areas: 'extension_areas',
    };
    const payload = {
      'https://sharehub.example/team': 'kt-hv-maidstone',
      realm_access: { roles: ['offline_access', 'recipient'] },
      extension_areas: 'kent',
    };
    expect(mapClaims(payload, names)).toEqual({
      org: 'kt-hv-maidstone',
      roles: ['recipient'],
      areas: ['kent'],
    });
  });

  it('takes roles and areas given as one space- or comma-separated string, and drops roles the hub does not know', () => {
    expect(
      mapClaims({ org: 'trafford-ig', roles: 'auditor admin superuser', areas: 'trafford, kent' }),
    ).toEqual({ org: 'trafford-ig', roles: ['auditor', 'admin'], areas: ['trafford', 'kent'] });
  });

  it('refuses a token without the team claim or any hub role (TOKEN_CLAIMS), naming the claims and not their values', () => {
    for (const payload of [
      { roles: ['recipient'], areas: [] },
      { org: ['tr-hv-central'], roles: ['recipient'] },
      { org: '', roles: ['recipient'] },
      { org: 'tr-hv-central', roles: ['Global Administrator'] },
      { org: 'tr-hv-central' },
    ]) {
      let thrown: unknown;
      try {
        mapClaims(payload, DEFAULT_CLAIM_NAMES);
      } catch (err) {
        thrown = err;
      }
      expect(thrown, JSON.stringify(payload)).toMatchObject({
        code: 'TOKEN_CLAIMS',
        kind: 'unauthenticated',
      });
      expect((thrown as Error).message).not.toContain('tr-hv-central');
    }
  });

  it('an area claim missing altogether means no areas, not a refusal', () => {
    expect(mapClaims({ org: 'GMP', roles: ['publisher'] }).areas).toEqual([]);
  });
});
