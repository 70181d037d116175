import { actorChain, agentSubject, delegatedAct, firstLevelAct, parseActClaim } from './act-claim';

describe('act claim', () => {
  const userId = '6f1c2a64-1b1e-4b9e-9d0c-0f6b3f0d9a11';
  const root = { sub: agentSubject('a1'), act: firstLevelAct(userId) };
  const child = { sub: agentSubject('a2'), act: delegatedAct(root) };
  const grandchild = { sub: agentSubject('a3'), act: delegatedAct(child) };

  it('names the person for a first-level agent', () => {
    expect(root).toEqual({ sub: 'agt_a1', act: { sub: userId } });
  });

  it('nests the parent act one level down for each delegation (RFC 8693 §4.1)', () => {
    expect(child.act).toEqual({ sub: 'agt_a1', act: { sub: userId } });
    expect(grandchild.act).toEqual({ sub: 'agt_a2', act: { sub: 'agt_a1', act: { sub: userId } } });
  });

  it('reads the chain from the person down to the parent', () => {
    expect(actorChain(grandchild.act)).toEqual([userId, 'agt_a1', 'agt_a2']);
    expect(actorChain(root.act)).toEqual([userId]);
  });

  it('does not share structure with the parent token it was built from', () => {
    const parent = { sub: 'agt_p', act: { sub: userId } };
    const act = delegatedAct(parent);
    parent.act.sub = 'someone-else';
    expect(act).toEqual({ sub: 'agt_p', act: { sub: userId } });
  });

  it('parses a well-formed claim and refuses malformed or too deeply nested ones', () => {
    expect(parseActClaim(grandchild.act, 3)).toEqual(grandchild.act);
    expect(parseActClaim(grandchild.act, 2)).toBeUndefined();
    for (const bad of [
      null,
      'agt_a1',
      {},
      { sub: '' },
      { sub: 7 },
      { sub: 'agt_a1', act: 'x' },
      { sub: 'agt_a1', act: { sub: 1 } },
    ]) {
      expect(parseActClaim(bad, 5)).toBeUndefined();
    }
  });
});
