/**
 * The `act` claim of RFC 8693 §4.1: who is acting. A first-level agent acts for a person
 * (`{sub: <user id>}`); a delegated agent acts for its parent agent, which acted for whoever its
 * own `act` names, and so on: each delegation nests the parent's `act` one level down, so the
 * innermost `sub` is always the person everything traces back to.
 */
export interface ActClaim {
  sub: string;
  act?: ActClaim;
}

/** An agent's JWT `sub`. */
export const agentSubject = (agentId: string): string => `agt_${agentId}`;

export function firstLevelAct(userId: string): ActClaim {
  return { sub: userId };
}

/** The `act` of a child of the agent whose token has `sub` and `act`; a copy, sharing nothing with the parent's. */
export function delegatedAct(parent: { sub: string; act: ActClaim }): ActClaim {
  return { sub: parent.sub, act: structuredClone(parent.act) };
}

/** The actors from the person to the nearest ancestor: `[user, agt_root, …, agt_parent]`. */
export function actorChain(act: ActClaim): string[] {
  const chain: string[] = [];
  for (let level: ActClaim | undefined = act; level; level = level.act) chain.unshift(level.sub);
  return chain;
}

/**
 * An `act` read from a token, checked: nested objects with a non-empty string `sub` at most
 * `maxLevels` deep. Anything else is undefined, so a forged or runaway claim is refused, not walked.
 */
export function parseActClaim(raw: unknown, maxLevels: number): ActClaim | undefined {
  if (maxLevels < 1 || typeof raw !== 'object' || raw === null) return undefined;
  const { sub, act } = raw as { sub?: unknown; act?: unknown };
  if (typeof sub !== 'string' || sub.length === 0) return undefined;
  if (act === undefined) return { sub };
  const inner = parseActClaim(act, maxLevels - 1);
  return inner ? { sub, act: inner } : undefined;
}
