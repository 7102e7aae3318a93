import {
  checkpointKey,
  checkpointPrefix,
  decodeFrontierState,
  frontierStateKey,
  type BlobStore,
} from '@sharehub/audit-log';

/**
 * The key of a log's latest checkpoint in the bucket: the one its frontier state names (one read, whatever the log's
 * age), else (a log written before the state existed, or an unreadable state) the last of a listing.
 */
export async function latestCheckpointKey(blobs: BlobStore, logId: string): Promise<string | undefined> {
  const state = await blobs.get(frontierStateKey(logId));
  if (state) {
    try {
      return checkpointKey(logId, decodeFrontierState(state).size);
    } catch {
      // An unreadable state: the writer refuses it on recovery; the listing still answers here.
    }
  }
  return (await blobs.list(checkpointPrefix(logId))).sort().at(-1);
}
