import { ApiProperty } from '@nestjs/swagger';
import { ENROLMENT_STATUSES, type EnrolmentStatus } from '../../cohorts/progress.js';
import { STEP_KINDS, type StepKind } from '../../programmes/dto/programme.dto.js';

export const STEP_STATES = ['done', 'next', 'later'] as const;
export type StepState = (typeof STEP_STATES)[number];

export class LearningStepDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() position: number;
  @ApiProperty({ enum: STEP_KINDS, enumName: 'StepKind' }) kind: StepKind;
  @ApiProperty() title: string;
  @ApiProperty({ enum: STEP_STATES, enumName: 'StepState' }) state: StepState;
  @ApiProperty({ description: 'The activity is attached and can be opened' }) ready: boolean;
  @ApiProperty({ description: 'Not open yet: the programme order or a date holds it back' }) locked: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Why it is locked, for the learner' })
  lockedReason: string | null;
}

export class LearningEnrolmentDto {
  @ApiProperty({ format: 'uuid' }) enrolmentId: string;
  @ApiProperty() programmeName: string;
  @ApiProperty() cohortName: string;
  @ApiProperty() trustName: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ enum: ENROLMENT_STATUSES, enumName: 'EnrolmentStatus' }) status: EnrolmentStatus;
  @ApiProperty({ type: [LearningStepDto] }) steps: LearningStepDto[];
  @ApiProperty({ type: LearningStepDto, nullable: true, description: 'The one thing to do next' })
  nextStep: LearningStepDto | null;
}

export class MyLearningDto {
  @ApiProperty({ type: [LearningEnrolmentDto] }) enrolments: LearningEnrolmentDto[];
}
