import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AuthPatterns,
  ChangePasswordCommand,
  LoginReply,
  LoginRequest,
  LogoutRequest,
  MeReply,
  PrincipalRequest,
  ProfileDto,
  RefreshRequest,
  RegisterRequest,
  RevokeSessionCommand,
  SessionsOfRequest,
  SessionView,
  TokenPair,
  UpdateProfileCommand,
  UserDto,
} from '@portcullis/contracts';
import { LoginUseCase } from './login/login.use-case';
import { LogoutUseCase } from './logout/logout.use-case';
import { ChangePasswordUseCase } from './password/change-password.use-case';
import { ProfileUseCase } from './profile/profile.use-case';
import { RefreshUseCase } from './refresh/refresh.use-case';
import { RegisterUseCase } from './register/register.use-case';
import { SessionsUseCase } from './sessions/sessions.use-case';

@Controller()
export class AuthMessageController {
  constructor(
    private readonly registerUseCase: RegisterUseCase,
    private readonly loginUseCase: LoginUseCase,
    private readonly refreshUseCase: RefreshUseCase,
    private readonly logoutUseCase: LogoutUseCase,
    private readonly passwordUseCase: ChangePasswordUseCase,
    private readonly profileUseCase: ProfileUseCase,
    private readonly sessionsUseCase: SessionsUseCase,
  ) {}

  @MessagePattern(AuthPatterns.register.pattern)
  register(@Payload() request: RegisterRequest): Promise<UserDto> {
    return this.registerUseCase.execute(request);
  }

  @MessagePattern(AuthPatterns.login.pattern)
  login(@Payload() request: LoginRequest): Promise<LoginReply> {
    return this.loginUseCase.execute(request);
  }

  @MessagePattern(AuthPatterns.refresh.pattern)
  refresh(@Payload() request: RefreshRequest): Promise<TokenPair> {
    return this.refreshUseCase.execute(request);
  }

  @MessagePattern(AuthPatterns.logout.pattern)
  logout(@Payload() request: LogoutRequest): Promise<void> {
    return this.logoutUseCase.execute(request);
  }

  @MessagePattern(AuthPatterns.me.pattern)
  me(@Payload() request: PrincipalRequest): Promise<MeReply> {
    return this.profileUseCase.me(request);
  }

  @MessagePattern(AuthPatterns.getProfile.pattern)
  getProfile(@Payload() request: PrincipalRequest): Promise<ProfileDto> {
    return this.profileUseCase.get(request);
  }

  @MessagePattern(AuthPatterns.updateProfile.pattern)
  updateProfile(@Payload() request: UpdateProfileCommand): Promise<ProfileDto> {
    return this.profileUseCase.update(request);
  }

  @MessagePattern(AuthPatterns.changePassword.pattern)
  changePassword(@Payload() request: ChangePasswordCommand): Promise<void> {
    return this.passwordUseCase.execute(request);
  }

  @MessagePattern(AuthPatterns.listSessions.pattern)
  listSessions(@Payload() request: SessionsOfRequest): Promise<SessionView[]> {
    return this.sessionsUseCase.list(request);
  }

  @MessagePattern(AuthPatterns.revokeSession.pattern)
  revokeSession(@Payload() request: RevokeSessionCommand): Promise<void> {
    return this.sessionsUseCase.revoke(request);
  }
}
