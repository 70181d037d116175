/** The six roles, lowest first; each inherits everything below it (DESIGN §3). */
export const ROLE_NAMES = ['guest', 'user', 'premium_user', 'developer', 'admin', 'super_admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export function isRoleName(value: string): value is RoleName {
  return (ROLE_NAMES as readonly string[]).includes(value);
}
