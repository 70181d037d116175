/**
 * The role and permission data seeded by migration 1763856000000. Frozen with that migration:
 * a later change to the table is a new migration, never an edit here (this one has already run).
 */
export const SEED_ROLES: Array<[name: string, rank: number, description: string]> = [
  ['guest', 0, 'Signed in with minimal rights: read own profile, the role table and the agent catalog'],
  ['user', 1, 'A regular account: own sessions, API keys, webhooks, agents and proxied APIs'],
  ['premium_user', 2, 'A paying user: the same rights as user, with the higher rate-limit tier (keyed by role)'],
  ['developer', 3, 'May register and manage own upstream APIs'],
  ['admin', 4, 'Manages users, sees every resource, the audit log and the queues'],
  ['super_admin', 5, 'Everything, including roles and signing-key rotation'],
];

/**
 * Each permission with the LOWEST role granted it; higher roles inherit it (computed, not stored).
 * premium_user is granted nothing of its own: it differs from user only in rate-limit tier.
 */
export const SEED_PERMISSIONS: Array<[name: string, role: string, description: string]> = [
  ['profile:read', 'guest', 'Read own profile'],
  ['roles:read', 'guest', 'List roles and their effective permissions'],
  ['agents:read', 'guest', 'Read the agent-type catalog'],
  ['profile:write', 'user', 'Update own profile and password'],
  ['sessions:read', 'user', 'List own sessions'],
  ['sessions:write', 'user', 'Revoke own sessions'],
  ['agents:authenticate', 'user', 'Obtain agent tokens acting for oneself'],
  ['agents:delegate', 'user', 'Delegate attenuated agent tokens'],
  ['agents:verify', 'user', 'Ask whether an agent token holds a capability'],
  ['api-keys:read', 'user', 'List own API keys'],
  ['api-keys:write', 'user', 'Create and revoke own API keys'],
  ['tokens:exchange', 'user', 'Exchange an API key for an access token'],
  ['apis:read', 'user', 'List upstream APIs'],
  ['proxy:use', 'user', 'Call upstream APIs through the gateway proxy'],
  ['usage:read', 'user', 'Read usage of own upstream APIs'],
  ['webhooks:read', 'user', 'List own webhook subscriptions and deliveries'],
  ['webhooks:write', 'user', 'Create, change, test and replay own webhook subscriptions'],
  ['apis:write', 'developer', 'Register, change and remove own upstream APIs'],
  ['users:read', 'admin', 'List and read any user'],
  ['users:write', 'admin', 'Change any user (roles up to own, active flag)'],
  ['users:delete', 'admin', 'Delete any user'],
  ['users:unlock', 'admin', 'Clear an account lockout'],
  ['audit:read', 'admin', 'Read the audit log'],
  ['queues:read', 'admin', 'Open the queue dashboard'],
  ['webhooks:scope-all', 'admin', "Subscribe webhooks to everyone's events"],
  ['api-keys:scope-all', 'admin', "See and revoke anyone's API keys"],
  ['apis:scope-all', 'admin', "See and manage anyone's upstream APIs"],
  ['roles:write', 'super_admin', 'Assign roles above admin and change the role table'],
  ['keys:rotate', 'super_admin', 'Rotate the token signing key'],
];
