/** Passport strategy names the gateway registers; a route may list its own (e.g. an OIDC one) beside them. */
export const JWT_STRATEGY = 'jwt';
export const AGENT_JWT_STRATEGY = 'agent-jwt';
export const API_KEY_STRATEGY = 'api-key';

/**
 * Why a strategy passed a request on (passport `fail`): it carried no credential of its kind, or a
 * valid token of the other kind. Invalid credentials are errors instead, which end the attempt.
 */
export type StrategyFailure = { reason: 'absent' } | { reason: 'wrong-kind'; error: Error };

export const ABSENT: StrategyFailure = Object.freeze({ reason: 'absent' });
