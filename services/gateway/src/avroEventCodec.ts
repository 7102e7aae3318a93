import type { Codec } from '@sharehub/schemas';
import type { EventCodecPort } from './ports.js';

/** The gateway's codec port on the Avro single-object codec of `@sharehub/schemas`. */
export function avroEventCodec(codec: Codec): EventCodecPort {
  return {
    isValid: (type, json) => codec.isValid(type, json),
    validate: (type, json) => codec.validate(type, json),
    encode: (type, json) => codec.encode(type, json as never),
  };
}
