import { CAPABILITY_RISKS, CapabilityRisk, RoleName } from '@portcullis/contracts';

/**
 * The riskiest capability an agent may hold for a user of each role (DESIGN §3). `guest` is not in
 * DESIGN's table: low, the reads that expose nothing, so a guest's agent could at most look. (The
 * seeded roles give guest no `agents:authenticate`, so today a guest gets no agent at all; the
 * ceiling says what it would be if an operator granted that.) Code rather than data because
 * DESIGN fixes it; the per-type sets are the part operators tune.
 */
export const ROLE_CEILING: Readonly<Record<RoleName, CapabilityRisk>> = {
  guest: 'low',
  user: 'medium',
  premium_user: 'medium',
  developer: 'high',
  admin: 'critical',
  super_admin: 'critical',
};

export const riskRank = (risk: CapabilityRisk): number => CAPABILITY_RISKS.indexOf(risk);

/** The highest rank any of `roles` allows; -1 (nothing at all) for no role, or only unknown ones. */
export function ceilingRank(roles: readonly string[]): number {
  return roles.reduce((top, role) => {
    const ceiling = (ROLE_CEILING as Record<string, CapabilityRisk | undefined>)[role];
    return ceiling ? Math.max(top, riskRank(ceiling)) : top;
  }, -1);
}
