/** The header a dead letter carries naming its reason's code (a stable code, never a message's contents). */
export const DEAD_LETTER_CODE_HEADER = 'sharehub-dead-letter-code';

/** The header a dead letter carries naming the topic its message was read from. */
export const DEAD_LETTER_FROM_HEADER = 'sharehub-dead-letter-from';

/**
 * The headers of a dead letter: by them the event bus counts every dead letter it writes, whoever built it
 * (`sharehub_<service>_dead_letters_total{topic,code}`, docs/metrics.md).
 */
export function deadLetterHeaders(fromTopic: string, code: string): Record<string, string> {
  return { [DEAD_LETTER_CODE_HEADER]: code, [DEAD_LETTER_FROM_HEADER]: fromTopic };
}
