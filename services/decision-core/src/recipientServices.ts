import { ServiceKindSymbols, type ServiceKind } from '@sharehub/schemas/types';

/**
 * The services a share may go to, in the Avro enum's order (DOMAIN.md 1; the one list: schemas/avro/common/Enums.avsc
 * `ServiceKind`): every symbol but the triage team's service (it assigns items, no route sends to it) and `OTHER`
 * (the reader's default for a symbol it does not know). Shares of one subject are in this order.
 */
export const SERVICE_ORDER: readonly ServiceKind[] = Object.freeze(
  ServiceKindSymbols.filter((s) => s !== 'SAFEGUARDING_FAMILIES' && s !== 'OTHER'),
);
