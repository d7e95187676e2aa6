import { ApiProperty } from '@nestjs/swagger';
import { FactorDto } from './instrument.dto.js';

export class CountDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Null when withheld (small-cell suppression)' })
  count: number | null;
  @ApiProperty({ description: 'The count, "<N" below the threshold, or "withheld" to protect another cell' })
  display: string;
}

export class StageCountDto extends CountDto {
  @ApiProperty() stage: string;
  @ApiProperty() label: string;
}

export class StudyParticipationDto {
  @ApiProperty({ format: 'uuid' }) studyId: string;
  @ApiProperty({ description: 'Counts below this are shown as "<threshold"' }) threshold: number;
  @ApiProperty({
    type: [StageCountDto],
    description:
      'People enrolled in the study trusts, their consent decisions, and consenting participants with each timepoint submitted',
  })
  stages: StageCountDto[];
}

export class EqualityCellDto extends CountDto {
  @ApiProperty() value: string;
  @ApiProperty() label: string;
}

export class EqualityDimensionDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: [EqualityCellDto] }) cells: EqualityCellDto[];
  @ApiProperty({ type: CountDto }) total: CountDto;
}

export class StudyEqualityDto {
  @ApiProperty({ format: 'uuid' }) studyId: string;
  @ApiProperty() threshold: number;
  @ApiProperty({
    type: CountDto,
    description: 'Consenting participants who answered (or skipped) the questions',
  })
  asked: CountDto;
  @ApiProperty({ type: [EqualityDimensionDto] }) dimensions: EqualityDimensionDto[];
}

export class ProfilePointDto {
  @ApiProperty({ enum: ['pre', 'post', 'follow_up'], enumName: 'Timepoint' }) timepoint: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ type: Number, nullable: true }) overall: number | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number', nullable: true },
    description: 'Capability id → score (null when too few items were answered)',
  })
  factors: Record<string, number | null>;
}

export class KnowledgeCheckDto {
  @ApiProperty({ enum: ['pre', 'post'] }) timepoint: string;
  @ApiProperty() correct: number;
  @ApiProperty() total: number;
}

export class InterpretationDto {
  @ApiProperty() factor: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Latest minus pre' }) change: number | null;
  @ApiProperty() summary: string;
  @ApiProperty() nextStep: string;
}

export class ProfileEnrolmentDto {
  @ApiProperty({ format: 'uuid' }) enrolmentId: string;
  @ApiProperty() programmeName: string;
  @ApiProperty() instrumentTitle: string;
  @ApiProperty() instrumentLabel: string;
  @ApiProperty() scalePoints: number;
  @ApiProperty({ type: [FactorDto] }) factors: FactorDto[];
  @ApiProperty({ description: 'The profile chart is shown once the post-assessment is submitted' })
  available: boolean;
  @ApiProperty() message: string;
  @ApiProperty({ type: [ProfilePointDto] }) points: ProfilePointDto[];
  @ApiProperty({ type: [KnowledgeCheckDto] }) knowledge: KnowledgeCheckDto[];
  @ApiProperty({ type: [InterpretationDto] }) interpretation: InterpretationDto[];
}

export class CqProfileDto {
  @ApiProperty({ type: [ProfileEnrolmentDto] }) enrolments: ProfileEnrolmentDto[];
}
