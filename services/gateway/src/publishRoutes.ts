import { ForbiddenError, keyedHash, type Caller } from '@sharehub/kit';
import { TOPICS } from '@sharehub/infra';
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
}

/** The parts of a (validated) body the routes read. */
type Body = Record<string, unknown> & {
  area?: string;
  forceCode?: string;
  location?: { householdKey?: string };
  incident?: { forceCode?: string; area?: string; location?: { householdKey?: string } };
  victim?: { personId?: string };
  subjectPersonId?: string;
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
    },
  },
  {
    path: '/v1/marac-listings',
    type: 'MaracListed',
    topic: TOPICS.maracListed,
    key: (body, secret) => keyedHash(secret, body.victim?.personId ?? ''),
    authorise: (caller, body) => requireArea(caller, body.area),
  },
  {
    path: '/v1/consent',
    type: 'ConsentRecorded',
    topic: TOPICS.consentRecorded,
    key: (body, secret) => keyedHash(secret, body.subjectPersonId ?? ''),
    authorise: (caller, body) => requireArea(caller, body.area),
  },
];
