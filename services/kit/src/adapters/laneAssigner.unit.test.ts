import { AssignerProtocol, type Cluster, type Logger } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { laneAssigner } from './laneAssigner.js';

const cluster = {
  findTopicPartitionMetadata: (topic: string) =>
    Array.from({ length: topic === 'small' ? 3 : 6 }, (_, partitionId) => ({ partitionId })),
} as unknown as Cluster;

const assign = async (lanes: number, members: string[]) => {
  const assigner = laneAssigner(lanes)({ cluster, groupId: 'g', logger: {} as Logger });
  const answer = await assigner.assign({
    members: members.map((memberId) => ({ memberId, memberMetadata: Buffer.alloc(0) })),
    topics: ['big', 'small'],
  });
  return Object.fromEntries(
    answer.map((a) => [a.memberId, AssignerProtocol.MemberAssignment.decode(a.memberAssignment)!.assignment]),
  );
};

describe('laneAssigner', () => {
  it('gives partition p of every topic to the owner of lane p % lanes, each lane to one member', async () => {
    expect(await assign(2, ['m-b', 'm-a'])).toEqual({
      'm-a': { big: [0, 2, 4], small: [0, 2] },
      'm-b': { big: [1, 3, 5], small: [1] },
    });
  });

  it('with one lane gives everything to one member and leaves the others standing by', async () => {
    expect(await assign(1, ['m-b', 'm-a'])).toEqual({
      'm-a': { big: [0, 1, 2, 3, 4, 5], small: [0, 1, 2] },
      'm-b': {},
    });
  });

  it('names its protocol after the lane count, so members with different counts cannot share a group', () => {
    const make = (lanes: number) => laneAssigner(lanes)({ cluster, groupId: 'g', logger: {} as Logger });
    expect(make(1).name).not.toBe(make(2).name);
  });
});
