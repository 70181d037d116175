import { SessionDto, TokenPair } from '../../token/dto/token.dto';
import { RoleName } from '../../user/roles';
import { Principal, UserPrincipal } from '../principal';

export interface RegisterRequest {
  email: string;
  password: string;
  displayName?: string;
}

export interface LoginRequest {
  email: string;
  password: string;
  deviceName?: string;
  /** The device token the client presented (the gateway reads it from the `pc_device` cookie). */
  deviceToken?: string;
}

/**
 * A login's answer inside the platform: the token pair the client gets as the body, and a device
 * token the gateway hands over as a cookie, never in the body (DESIGN fixes the body's fields).
 */
export interface LoginReply extends TokenPair {
  device: { token: string; ttlSeconds: number };
}

export interface RefreshRequest {
  refreshToken: string;
}

/** Only a user principal logs out: its session and access-token id are what logout ends. */
export interface LogoutRequest {
  principal: UserPrincipal;
}

export interface MeReply {
  id: string;
  email: string;
  displayName: string | null;
  roles: RoleName[];
  permissions: string[];
}

export interface ProfileDto {
  id: string;
  email: string;
  displayName: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UpdateProfileCommand {
  principal: Principal;
  displayName?: string | null;
}

/** A user principal only: the current session is the one kept. */
export interface ChangePasswordCommand {
  principal: UserPrincipal;
  currentPassword: string;
  newPassword: string;
  /** The `pc_device` cookie, if sent: a trusted device's wrong guesses count on its own counter. */
  deviceToken?: string;
}

/** Any principal: the call is about its user (`userIdOf`), and the current session if it has one. */
export interface PrincipalRequest {
  principal: Principal;
}

/**
 * Whose sessions: the caller's own, or with `userId` another user's, which the gateway asks for only
 * when the caller holds `sessions:scope-all` (an admin).
 */
export interface SessionsOfRequest extends PrincipalRequest {
  userId?: string;
}

export interface SessionView extends SessionDto {
  current: boolean;
}

export interface RevokeSessionCommand {
  principal: Principal;
  sessionId: string;
}
