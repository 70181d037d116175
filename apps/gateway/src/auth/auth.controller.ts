import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { MaybePromise } from '@portcullis/common';
import { AuthPatterns, ErrorCode, MeReply, Principal, TokenPair, UserDto, UserPrincipal } from '@portcullis/contracts';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AuthOutcome } from './auth-outcome';
import { AuthenticateWith } from './authenticate-with.decorator';
import { CurrentPrincipal, CurrentUserPrincipal } from './current-principal.decorator';
import { JWT_STRATEGY } from './strategies/strategy-names';
import { deviceTokenOf, setDeviceCookie } from './device-cookie';
import { ChangePasswordDto, LoginDto, LogoutDto, RefreshDto, RegisterDto } from './dto/auth.dto';
import { Public } from './public.decorator';
import { PermissionChecker } from '../rbac/permission-checker';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { RateLimitPolicies } from '../rate-limit/rate-limit.policies';
import { ApiProblems, ApiReply } from '../docs/api-responses.decorator';
import { meExample, registeredExample, tokenPairExample } from '../docs/reply-examples';

/** Accounts and sessions (DESIGN §3): thin HTTP over auth's bus patterns. */
@Controller('auth')
export class AuthController {
  constructor(
    private readonly bus: BusClient,
    private readonly outcome: AuthOutcome,
    private readonly permissions: PermissionChecker,
  ) {}

  @Public()
  @Post('register')
  @RateLimit(RateLimitPolicies.register)
  @HttpCode(201)
  @ApiReply(201, 'RegisteredUser', registeredExample)
  @ApiProblems(ErrorCode.AUTH_EMAIL_TAKEN, ErrorCode.AUTH_WEAK_PASSWORD, ErrorCode.RATE_LIMITED)
  async register(@Body() body: RegisterDto): Promise<Omit<UserDto, 'isActive' | 'updatedAt'>> {
    const user = await this.outcome.track('register', this.bus.call(AuthPatterns.register, body));
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      roles: user.roles,
      createdAt: user.createdAt,
    };
  }

  @Public()
  @Post('login')
  @RateLimit(RateLimitPolicies.login)
  @HttpCode(200)
  @ApiReply(200, 'TokenPair', tokenPairExample)
  @ApiProblems(
    ErrorCode.AUTH_INVALID_CREDENTIALS,
    ErrorCode.AUTH_ACCOUNT_LOCKED,
    ErrorCode.AUTH_ACCOUNT_DISABLED,
    ErrorCode.RATE_LIMITED,
  )
  async login(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPair> {
    const login = { ...body, deviceToken: deviceTokenOf(request) };
    const { accessToken, refreshToken, tokenType, expiresIn, device } = await this.outcome.track(
      'login',
      this.bus.call(AuthPatterns.login, login),
    );
    // DESIGN fixes the body; the device token rides in an HttpOnly cookie instead.
    setDeviceCookie(reply, device.token, device.ttlSeconds);
    return { accessToken, refreshToken, tokenType, expiresIn };
  }

  @Public()
  @Post('refresh')
  @RateLimit(RateLimitPolicies.refresh)
  @HttpCode(200)
  @ApiReply(200, 'TokenPair', tokenPairExample)
  @ApiProblems(ErrorCode.AUTH_INVALID_REFRESH, ErrorCode.AUTH_REFRESH_REUSED, ErrorCode.RATE_LIMITED)
  refresh(@Body() body: RefreshDto): Promise<TokenPair> {
    return this.outcome.track('refresh', this.bus.call(AuthPatterns.refresh, { refreshToken: body.refreshToken }));
  }

  /** Ends the session of the presented access token; a refresh token in the body is accepted but not needed. */
  @Post('logout')
  @RequirePermissions()
  @AuthenticateWith(JWT_STRATEGY)
  @HttpCode(204)
  @ApiReply(204)
  async logout(@Body() _body: LogoutDto, @CurrentUserPrincipal() principal: UserPrincipal): Promise<void> {
    await this.outcome.track('logout', this.bus.call(AuthPatterns.logout, { principal }));
  }

  @Get('me')
  @RequirePermissions('profile:read')
  @ApiReply(200, 'Me', meExample)
  me(@CurrentPrincipal() principal: Principal): MaybePromise<MeReply> {
    // Effective permissions (DESIGN): with an API key, or a token exchanged for one, within its scopes.
    return this.permissions.effectiveView(principal);
  }

  @Post('change-password')
  @RequirePermissions('profile:write')
  @AuthenticateWith(JWT_STRATEGY)
  @RateLimit(RateLimitPolicies.changePassword)
  @HttpCode(204)
  @ApiReply(204)
  @ApiProblems(
    ErrorCode.AUTH_INVALID_CREDENTIALS,
    ErrorCode.AUTH_WEAK_PASSWORD,
    ErrorCode.AUTH_ACCOUNT_LOCKED,
    ErrorCode.RATE_LIMITED,
  )
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentUserPrincipal() principal: UserPrincipal,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    const command = { principal, ...body, deviceToken: deviceTokenOf(request) };
    await this.outcome.track('change_password', this.bus.call(AuthPatterns.changePassword, command));
  }
}
