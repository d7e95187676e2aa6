import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { PageQueryDto } from '../../../common/http/paging.js';
import { ENROLMENT_STATUSES, type EnrolmentStatus, FUNNEL_STAGES, type FunnelStage } from '../progress.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class StatusCountsDto {
  @ApiProperty() enrolled: number;
  @ApiProperty() not_started: number;
  @ApiProperty() in_progress: number;
  @ApiProperty() completed: number;
  @ApiProperty() overdue: number;
  @ApiProperty() withdrawn: number;
}

export class CohortDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) trustId: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) programmeId: string;
  @ApiProperty() programmeName: string;
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) ownerUserId: string | null;
  @ApiProperty({ type: String, nullable: true }) ownerName: string | null;
  @ApiProperty({ type: StatusCountsDto }) counts: StatusCountsDto;
}

export class CreateCohortDto {
  @ApiProperty({ example: 'Surgery managers, spring 2027' })
  @Transform(trim)
  @IsString({ message: 'Enter a cohort name' })
  @Length(1, 200, { message: 'Enter a cohort name of 200 characters or fewer' })
  name: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'Choose a programme' })
  programmeId: string;

  @ApiProperty({ format: 'date', example: '2027-01-11' })
  @IsISO8601({ strict: true }, { message: 'Enter a start date, like 2027-01-11' })
  startDate: string;

  @ApiProperty({ format: 'date', example: '2027-04-30' })
  @IsISO8601({ strict: true }, { message: 'Enter a due date, like 2027-04-30' })
  dueDate: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The L&D admin who owns the cohort; defaults to you' })
  @IsOptional()
  @IsUUID('all', { message: 'Choose an owner from the list' })
  ownerUserId?: string;
}

export class FunnelStageDto {
  @ApiProperty({ enum: FUNNEL_STAGES, enumName: 'FunnelStage' }) stage: FunnelStage;
  @ApiProperty() label: string;
  @ApiProperty() count: number;
}

export class EnrolmentRowDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty() staffNumber: string;
  @ApiProperty() fullName: string;
  @ApiProperty() workEmail: string;
  @ApiProperty({ type: String, nullable: true }) band: string | null;
  @ApiProperty({ type: String, nullable: true }) directorate: string | null;
  @ApiProperty({ enum: ENROLMENT_STATUSES, enumName: 'EnrolmentStatus' }) status: EnrolmentStatus;
  @ApiProperty() stepsCompleted: number;
  @ApiProperty() stepsTotal: number;
  @ApiProperty({ format: 'date-time' }) enrolledAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastActivityAt: string | null;
  @ApiProperty({ type: String, nullable: true }) withdrawnReason: string | null;
}

export class CohortDashboardDto {
  @ApiProperty({ type: CohortDto }) cohort: CohortDto;
  @ApiProperty({ type: [FunnelStageDto] }) funnel: FunnelStageDto[];
  @ApiProperty({ description: 'Enrolments matching the filters, before paging' }) total: number;
  @ApiProperty({ type: [EnrolmentRowDto] }) enrolments: EnrolmentRowDto[];
}

export class DashboardQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ENROLMENT_STATUSES, enumName: 'EnrolmentStatus' })
  @IsOptional()
  @IsIn(ENROLMENT_STATUSES, { message: 'Choose a status from the list' })
  status?: EnrolmentStatus;

  @ApiPropertyOptional({ description: 'Name, staff number or email contains' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Band, e.g. 7 or 8a' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  band?: string;

  @ApiPropertyOptional({ description: 'Directorate contains' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  directorate?: string;
}

export class EnrolDto {
  @ApiPropertyOptional({ type: [String], description: 'People to enrol' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true, message: 'Choose people from the list' })
  personIds?: string[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Enrol everyone a confirmed staff import added or updated',
  })
  @IsOptional()
  @IsUUID('all', { message: 'Choose an import from the list' })
  importId?: string;
}

export class EnrolResultDto {
  @ApiProperty() enrolled: number;
  @ApiProperty({ description: 'Already in this cohort; left as they were' }) alreadyEnrolled: number;
  @ApiProperty({ description: 'New accounts sent an invitation to set a password' }) invited: number;
}

export class WithdrawDto {
  @ApiProperty({ example: 'Left the trust' })
  @Transform(trim)
  @IsString({ message: 'Give a reason for withdrawing' })
  @Length(1, 500, { message: 'Give a reason for withdrawing (500 characters or fewer)' })
  reason: string;
}

export class MoveDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'Choose the cohort to move to' })
  toCohortId: string;
}

export class EnrolmentRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}
