import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/**
 * A kafkajs partition assigner that hands out whole transaction lanes: partition `p` of every subscribed topic is in
 * lane `p % lanes`, and each lane goes to one member (lanes dealt round-robin over the sorted member ids). A lane is
 * what one transactional id covers, so the member owning it is the only one that can commit its offsets, and a new
 * owner fences the old one by initialising the lane's transactional id (ADR 0081). The lane count is in the
 * protocol's name: members configured with different counts cannot join one group.
 */
export function laneAssigner(lanes: number): PartitionAssigner {
  const name = `sharehub-lanes-${lanes}`;
  return ({ cluster }) => ({
    name,
    version: 0,
    async assign({ members, topics }) {
      const sorted = members.map((m) => m.memberId).sort();
      const assignment = new Map<string, Record<string, number[]>>(sorted.map((id) => [id, {}]));
      for (const topic of topics) {
        for (const { partitionId } of cluster.findTopicPartitionMetadata(topic)) {
          const owner = assignment.get(sorted[(partitionId % lanes) % sorted.length]!)!;
          (owner[topic] ??= []).push(partitionId);
        }
      }
      return Promise.resolve(
        [...assignment].map(([memberId, topicsOf]) => ({
          memberId,
          memberAssignment: AssignerProtocol.MemberAssignment.encode({
            version: 0,
            assignment: topicsOf,
            userData: Buffer.alloc(0),
          }),
        })),
      );
    },
    protocol({ topics }) {
      return {
        name,
        metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }),
      };
    },
  });
}
