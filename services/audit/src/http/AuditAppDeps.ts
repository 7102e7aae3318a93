import type { Clock, ConsumerMonitor, Logger, Readiness } from '@sharehub/kit';
import type { TokenVerifier } from '@sharehub/kit/auth';
import type { AuthFailureLimit } from '@sharehub/kit/http';
import type { PageSignIn } from '@sharehub/kit/web';
import type { AuditRecord } from '@sharehub/schemas';
import type { AuditIndex } from '../index/AuditIndex.js';
import type { AuditLogReader } from '../log/AuditLogReader.js';
import type { SequencingHealth } from '../startSequencing.js';
import type { DeadLetterDeps } from './mountDeadLetterApi.js';

/** What the IG API is built from (adapters are passed in; see main.ts). */
export interface AuditAppDeps {
  readonly index: AuditIndex;
  readonly log: AuditLogReader;
  /** The public JWKS checkpoints are signed under (every key ever used, for rotation). */
  readonly checkpointKeys?: { readonly keys: readonly unknown[] };
  readonly verifier: TokenVerifier;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly pageSize: { readonly default: number; readonly max: number };
  /** Send the IG pages' session cookie over https only (set behind TLS). */
  readonly secureCookie?: boolean;
  /** How the pages sign people in (the identity provider, or pasting a token in development); default: a token. */
  readonly pageSignIn?: PageSignIn;
  /** Readiness: the log is recovered and the broker answers. */
  readonly ready?: () => Promise<boolean>;
  /** Named readiness checks (broker, S3, database, consumers, sequencing); wins over `ready`. */
  readonly readiness?: Readiness;
  /** The consumers' lag, records processed and dead letters, on `/metrics` (docs/metrics.md). */
  readonly consumers?: ConsumerMonitor;
  /** Failed authentications per client before 429s (the kit's default if unset). */
  readonly authFailures?: AuthFailureLimit;
  /** How the `audit.record` consumer fares, on `/metrics` (absent before it starts). */
  readonly sequencingHealth?: () => SequencingHealth | undefined;
  /** The index rows waiting to be written into its searchable table, and the oldest one's age (ms), on `/metrics`. */
  readonly indexBehind?: () => { readonly rows: number; readonly ms: number };
  /**
   * Writes the service's own audit records of access (docs/domain/audit-record.md; main publishes them to `audit.record`): the
   * ACCESS_REFUSED record of each authenticated caller refused for lacking the auditor role, before the 403 is sent,
   * and the ACCESS_GRANTED records of each successful read of personal data, before the answer is sent.
   */
  readonly auditAccess?: (record: AuditRecord) => Promise<void>;
  /** The operator's dead letters (API and pages for the admin role); absent, neither is served. */
  readonly deadLetters?: DeadLetterDeps;
}
