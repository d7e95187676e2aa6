import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { CreateAccountDto } from '../../accounts/dto/account.dto.js';

export class TrustDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Northfield Teaching Hospitals NHS Foundation Trust' }) name: string;
  @ApiProperty({ description: 'Organisation Data Service code', example: 'RXX' }) odsCode: string;
  @ApiProperty({ description: 'Synthetic demo organisation' }) isDemo: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() memberCount: number;
}

export class CreateTrustDto {
  @ApiProperty()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'Enter the trust name' })
  @Length(1, 200, { message: 'Enter the trust name (200 characters or fewer)' })
  name: string;

  @ApiProperty({ description: '3 to 10 letters and digits', example: 'RXX' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString({ message: 'Enter the ODS code' })
  @Matches(/^[A-Z0-9]{3,10}$/, { message: 'ODS code must be 3 to 10 letters and numbers, like RXX' })
  odsCode: string;
}

export const TRUST_ROLES = ['learner', 'lnd_admin'] as const;
export type TrustRole = (typeof TRUST_ROLES)[number];

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) membershipId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: TRUST_ROLES }) role: TrustRole;
  @ApiProperty({ enum: ['active', 'invited', 'disabled'] }) status: 'active' | 'invited' | 'disabled';
}

export class InviteMemberDto extends CreateAccountDto {
  @ApiProperty({ enum: TRUST_ROLES })
  @IsIn(TRUST_ROLES, { message: 'Choose learner or L&D admin' })
  role: TrustRole;
}
