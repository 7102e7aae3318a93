export * from './generated/types.js';
export {
  EVENT_TYPES,
  loadCatalogue,
  parseSchema,
  describeVersion,
  AVRO_DIR,
  type EventType,
  type SchemaVersion,
} from './catalogue.js';
export { createCodec, SOE_MAGIC, type Codec, type Decoded } from './createCodec.js';
export { DecodeError, type DecodeErrorCode } from './DecodeError.js';
export { validateEvent, formatPath, type EventProblem } from './validateEvent.js';
export { compileEventCheck } from './compileEventCheck.js';
export {
  STRING_FORMATS,
  STRING_FIELD_FORMATS,
  checkString,
  type StringFormat,
  type StringFormatName,
  type StringProblem,
} from './stringFormats.js';
export { rabinFingerprint, fingerprintBytes, fingerprintHex } from './rabinFingerprint.js';
export { parseDate, parseInstant, formatInstant } from './logicalTypes.js';
export { checkCompatibility, type CompatibilityProblem } from './checkCompatibility.js';
export { expandedSchema } from './expandedSchema.js';
export { newAuditRecord } from './newAuditRecord.js';
export { accessGrantedRecords, type Read, type ReadItem } from './accessGrantedRecords.js';
