import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { ATTEMPT_POLICIES, GRADINGS, type AttemptPolicy, type Grading } from '../rollup.js';

export const COMPLETIONS = ['completed', 'incomplete', 'not attempted', 'unknown'] as const;
export const SUCCESSES = ['passed', 'failed', 'unknown'] as const;
export type CompletionValue = (typeof COMPLETIONS)[number];
export type SuccessValue = (typeof SUCCESSES)[number];

export class AttemptSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() number: number;
  @ApiProperty({ enum: COMPLETIONS, enumName: 'CompletionStatus' }) completion: CompletionValue;
  @ApiProperty({ enum: SUCCESSES, enumName: 'SuccessStatus' }) success: SuccessValue;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean scaled score of the SCOs, −1..1' })
  scoreScaled: number | null;
  @ApiProperty({ description: 'Time in the module, computed by the server' }) totalSeconds: number;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt: string | null;
}

export class ModuleScoDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() position: number;
  @ApiProperty() title: string;
  @ApiProperty({ enum: COMPLETIONS, enumName: 'CompletionStatus' }) completion: CompletionValue;
  @ApiProperty({ enum: SUCCESSES, enumName: 'SuccessStatus' }) success: SuccessValue;
  @ApiProperty({ type: Number, nullable: true }) scoreScaled: number | null;
  @ApiProperty() totalSeconds: number;
  @ApiProperty({ description: 'Left with "save and exit": the next launch resumes it' }) suspended: boolean;
}

export class ModuleDto {
  @ApiProperty({ format: 'uuid' }) enrolmentId: string;
  @ApiProperty({ format: 'uuid' }) stepId: string;
  @ApiProperty({ description: 'The programme step title' }) title: string;
  @ApiProperty() packageTitle: string;
  @ApiProperty({ enum: ['1.2', '2004'] }) scormVersion: '1.2' | '2004';
  @ApiProperty({ enum: ATTEMPT_POLICIES, enumName: 'AttemptPolicy' }) attemptPolicy: AttemptPolicy;
  @ApiProperty({ enum: GRADINGS, enumName: 'Grading' }) grading: Grading;
  @ApiProperty({ type: AttemptSummaryDto, nullable: true, description: 'The newest attempt' })
  attempt: AttemptSummaryDto | null;
  @ApiProperty({
    type: AttemptSummaryDto,
    nullable: true,
    description: 'The attempt the grading method picks',
  })
  graded: AttemptSummaryDto | null;
  @ApiProperty() attemptCount: number;
  @ApiProperty() nextLaunchStartsNewAttempt: boolean;
  @ApiProperty({ type: [ModuleScoDto], description: 'Table of contents, in manifest order' })
  scos: ModuleScoDto[];
  @ApiProperty({ description: 'Origin of the player frame' }) contentOrigin: string;
}

export class LaunchRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The SCO to open; default the first not completed' })
  @IsOptional()
  @IsUUID('all', { message: 'Choose a part of the module from its contents' })
  scoId?: string;
}

export class LaunchDto {
  @ApiProperty({ format: 'uuid' }) attemptId: string;
  @ApiProperty() attemptNumber: number;
  @ApiProperty() newAttempt: boolean;
  @ApiProperty({ format: 'uuid' }) scoId: string;
  @ApiProperty({ enum: ['ab-initio', 'resume', ''] }) entry: 'ab-initio' | 'resume' | '';
  @ApiProperty({ description: 'Player page on the content origin; the launch token is in the path' })
  playerUrl: string;
}

export class PackagePolicyDto {
  @ApiProperty({ enum: ATTEMPT_POLICIES, enumName: 'AttemptPolicy' })
  @IsIn(ATTEMPT_POLICIES, { message: 'Choose when a new attempt starts' })
  attemptPolicy: AttemptPolicy;
  @ApiProperty({ enum: GRADINGS, enumName: 'Grading' })
  @IsIn(GRADINGS, { message: 'Choose which attempt counts' })
  grading: Grading;
}

export class StepPackageDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null detaches the package' })
  @IsOptional()
  @IsUUID('all', { message: 'Choose a package from the catalogue' })
  packageId: string | null;
}

export class InteractionDto {
  @ApiProperty({ format: 'uuid' }) scoId: string;
  @ApiProperty() index: number;
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) type: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'As the learner answered: display it as text' })
  learnerResponse: string | null;
  @ApiProperty({ type: [String] }) correctResponses: string[];
  @ApiProperty({ type: String, nullable: true }) result: string | null;
  @ApiProperty({ type: Number, nullable: true }) latencySeconds: number | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true }) timestamp: string | null;
}

export class AttemptScoDto extends ModuleScoDto {
  @ApiProperty({ type: String, nullable: true }) location: string | null;
  @ApiProperty() sessionCount: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt: string | null;
}

export class AttemptDetailDto extends AttemptSummaryDto {
  @ApiProperty({ format: 'uuid' }) enrolmentId: string;
  @ApiProperty() personName: string;
  @ApiProperty() packageTitle: string;
  @ApiProperty() versionNumber: number;
  @ApiProperty({ type: [AttemptScoDto] }) scos: AttemptScoDto[];
  @ApiProperty({ type: [InteractionDto] }) interactions: InteractionDto[];
}

export class EnrolmentAttemptsDto {
  @ApiProperty({ format: 'uuid' }) packageId: string;
  @ApiProperty() packageTitle: string;
  @ApiProperty() stepTitle: string;
  @ApiProperty({ type: [AttemptSummaryDto] }) attempts: AttemptSummaryDto[];
}
