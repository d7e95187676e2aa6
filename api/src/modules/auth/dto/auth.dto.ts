import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';
import { EmailDto, RoleGrantDto } from '../../accounts/dto/account.dto.js';

export class SignInDto extends EmailDto {
  @ApiProperty({ format: 'password' })
  @IsString({ message: 'Enter your password' })
  @Length(1, 1024, { message: 'Enter your password' })
  password: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ description: 'A synthetic demo account' }) isDemo: boolean;
  @ApiProperty({ type: [RoleGrantDto] }) roles: RoleGrantDto[];
}

export class SessionDto {
  @ApiProperty({ type: UserDto, nullable: true }) user: UserDto | null;
  @ApiProperty({ description: 'Send back in the X-CSRF-Token header on every POST, PUT, PATCH and DELETE' })
  csrfToken: string;
}

export class PasswordResetRequestDto extends EmailDto {}

export class PasswordResetCompleteDto {
  @ApiProperty({ description: 'The token from the emailed link' })
  @IsString({ message: 'The link is incomplete' })
  @Length(10, 200, { message: 'The link is incomplete. Copy the whole link from the email.' })
  token: string;

  @ApiProperty({ format: 'password', minLength: 12 })
  @IsString({ message: 'Enter a password' })
  @MaxLength(1024, { message: 'Password must be 256 characters or fewer.' })
  password: string;
}

export class MessageDto {
  @ApiProperty() message: string;
}
