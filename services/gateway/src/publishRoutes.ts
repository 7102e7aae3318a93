import { ForbiddenError, keyedHash, ValidationError } from '@sharehub/kit';
import { type Caller } from '@sharehub/kit/auth';
import { TOPICS } from '@sharehub/contracts';
import type { PublishedEventType } from './ports.js';

/** One publishing endpoint: which event it takes, where it goes, how it is keyed and who may send it. */
export interface PublishRoute {
  readonly path: string;
  readonly type: PublishedEventType;
  readonly topic: string;
  /** The Kafka key: a pseudonymous household key or a keyed hash, never personal data. */
  key(body: Body, keySecret: string): string;
  /** Throws a ForbiddenError when the caller may not publish this body. */
  authorise(caller: Caller, body: Body): void;
  /** Throws a ValidationError (400, naming the field) when the body is valid Avro but cannot be true at `receivedAt`. */
  check?(body: Body, receivedAt: Date): void;
}

/**
 * How far a publisher's clock may run ahead of the hub's: an instant up to this much after the hub received the event
 * is taken as clock skew; one further ahead is refused (a future `recordedAt` would otherwise win for ever).
 */
export const CLOCK_SKEW_MS = 2 * 60_000;

/** The issuer name of the care plans the hub itself issues: a publisher may never use it (ADR 0091). */
export const RESERVED_ISSUER = 'sharehub-triage';

/** The parts of a (validated) body the routes read. */
type Body = Record<string, unknown> & {
  area?: string;
  forceCode?: string;
  location?: { householdKey?: string };
  incident?: { forceCode?: string; area?: string; location?: { householdKey?: string } };
  victim?: { personId?: string };
  subjectPersonId?: string;
  issuedBy?: string;
  recordedAt?: string;
  recordedBy?: string;
  referringAgency?: string;
};

function requireArea(caller: Caller, area: string | undefined): void {
  if (!area || !caller.areas.includes(area)) {
    throw new ForbiddenError('AREA_NOT_ALLOWED', `This token may not publish for area '${area ?? ''}'`);
  }
}

function requireForce(caller: Caller, forceCode: string | undefined): void {
  if (forceCode !== caller.org) {
    throw new ForbiddenError(
      'FORCE_NOT_ALLOWED',
      `This token publishes for '${caller.org}', not for force '${forceCode ?? ''}'`,
    );
  }
}

/** The caller publishes only what its own organisation did (`field` names the organisation, e.g. recordedBy). */
function requireOwnOrg(
  caller: Caller,
  field: 'recordedBy' | 'referringAgency',
  value: string | undefined,
): void {
  if (value !== caller.org) {
    throw new ForbiddenError(
      'ORG_NOT_ALLOWED',
      `This token publishes for '${caller.org}'; ${field} must name it, not '${value ?? ''}'`,
    );
  }
}

/** Refuses an instant later than the hub's receipt of it, beyond the clock-skew allowance. */
function notInFuture(field: string, value: string | undefined, receivedAt: Date): void {
  if (value === undefined || Date.parse(value) <= receivedAt.getTime() + CLOCK_SKEW_MS) return;
  throw new ValidationError(
    [
      {
        path: field,
        code: 'IN_FUTURE',
        message: `must not be after the time the hub received the event (${receivedAt.toISOString()}, ${CLOCK_SKEW_MS / 1000} s of clock skew allowed)`,
      },
    ],
    `${field} is in the future`,
  );
}

/** The four publishing endpoints of the gateway (OpenAPI: contracts/openapi.yaml). */
export const PUBLISH_ROUTES: readonly PublishRoute[] = [
  {
    path: '/v1/incidents',
    type: 'IncidentRecorded',
    topic: TOPICS.incidentRecorded,
    key: (body) => body.location?.householdKey ?? '',
    authorise: (caller, body) => {
      requireForce(caller, body.forceCode);
      requireArea(caller, body.area);
    },
  },
  {
    path: '/v1/care-plans',
    type: 'CarePlanIssued',
    topic: TOPICS.carePlanIssued,
    key: (body) => body.incident?.location?.householdKey ?? '',
    authorise: (caller, body) => {
      requireForce(caller, body.incident?.forceCode);
      requireArea(caller, body.area);
      if (body.incident?.area !== body.area)
        throw new ForbiddenError('AREA_MISMATCH', "The care plan's area differs from its incident's area");
      if (body.issuedBy === RESERVED_ISSUER)
        throw new ForbiddenError(
          'ISSUER_RESERVED',
          `issuedBy '${RESERVED_ISSUER}' names the hub's own care plans; a publisher may not use it`,
        );
    },
  },
  {
    path: '/v1/marac-listings',
    type: 'MaracListed',
    topic: TOPICS.maracListed,
    key: (body, secret) => keyedHash(secret, body.victim?.personId ?? ''),
    authorise: (caller, body) => {
      requireArea(caller, body.area);
      requireOwnOrg(caller, 'referringAgency', body.referringAgency);
    },
  },
  {
    path: '/v1/consent',
    type: 'ConsentRecorded',
    topic: TOPICS.consentRecorded,
    key: (body, secret) => keyedHash(secret, body.subjectPersonId ?? ''),
    authorise: (caller, body) => {
      requireArea(caller, body.area);
      requireOwnOrg(caller, 'recordedBy', body.recordedBy);
    },
    check: (body, receivedAt) => notInFuture('recordedAt', body.recordedAt, receivedAt),
  },
];
