import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, IsUUID, Length, MaxLength, MinLength } from 'class-validator';

/**
 * Request bodies. Lengths are generous sanity bounds; the real password policy (length, strength,
 * no email local part) is enforced by the user app and answered with AUTH_WEAK_PASSWORD.
 */
export class RegisterDto {
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  displayName?: string;
}

export class LoginDto {
  @IsString()
  @Length(1, 254)
  email!: string;

  @IsString()
  @Length(1, 256)
  password!: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  deviceName?: string;
}

export class RefreshDto {
  @IsString()
  @Length(1, 512)
  refreshToken!: string;
}

export class LogoutDto {
  @IsOptional()
  @IsString()
  @Length(1, 512)
  refreshToken?: string;
}

export class UpdateProfileDto {
  @IsOptional()
  @IsString()
  @Length(1, 100)
  displayName?: string;
}

export class ChangePasswordDto {
  @IsString()
  @Length(1, 256)
  currentPassword!: string;

  @IsString()
  @Length(1, 256)
  newPassword!: string;
}

export class ListSessionsQuery {
  @ApiPropertyOptional({ description: "Another user's sessions (needs sessions:scope-all: admins)" })
  @IsOptional()
  @IsUUID()
  userId?: string;
}
