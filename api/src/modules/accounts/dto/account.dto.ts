import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { type Role, ROLES } from '../../../common/auth/roles.js';

export class RoleGrantDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) trustId: string | null;
  @ApiProperty({ type: String, nullable: true }) trustName: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) studyId: string | null;
  @ApiProperty({ type: String, nullable: true }) studyName: string | null;
}

export class AccountDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['active', 'invited', 'disabled'] }) status: 'active' | 'invited' | 'disabled';
  @ApiProperty({ description: 'A synthetic demo account' }) isDemo: boolean;
  @ApiProperty({ type: [RoleGrantDto] }) roles: RoleGrantDto[];
}

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lowerTrim = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class EmailDto {
  @ApiProperty({ example: 'sam.jones@example.nhs.uk' })
  @Transform(lowerTrim)
  @IsEmail({}, { message: 'Enter an email address in the correct format, like name@example.nhs.uk' })
  @MaxLength(254, { message: 'Email address must be 254 characters or fewer' })
  email: string;
}

export class CreateAccountDto extends EmailDto {
  @ApiProperty({ example: 'Sam Jones' })
  @Transform(trim)
  @IsString({ message: 'Enter a name' })
  @Length(1, 200, { message: 'Enter a name of 200 characters or fewer' })
  displayName: string;
}

export class GrantRoleDto {
  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  @IsIn(ROLES, { message: `Role must be one of ${ROLES.join(', ')}` })
  role: Role;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for learner and lnd_admin' })
  @IsOptional()
  @IsUUID('all', { message: 'Choose a trust' })
  trustId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for researcher' })
  @IsOptional()
  @IsUUID('all', { message: 'Choose a study' })
  studyId?: string;
}

export class ListAccountsQueryDto {
  @ApiPropertyOptional({ description: 'Matches email or name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
