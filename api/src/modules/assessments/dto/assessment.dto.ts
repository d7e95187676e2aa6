import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsObject, IsString, Length } from 'class-validator';
import { ConsentStudyDto } from './consent.dto.js';
import { InstrumentOptionDto, ScaleDto } from './instrument.dto.js';

export const TIMEPOINTS = ['pre', 'post', 'follow_up'] as const;
export const ITEM_TYPES = ['scale', 'choice', 'text'] as const;

const ANSWERS_SCHEMA: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: { oneOf: [{ type: 'number' }, { type: 'string' }], nullable: true },
  description:
    'Item id → scale value (1 to the scale points), option id (situational judgement) or text; null is unanswered',
};

export class AssessmentItemDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ITEM_TYPES, enumName: 'AssessmentItemType' }) type: (typeof ITEM_TYPES)[number];
  @ApiProperty() text: string;
  @ApiProperty({ type: String, nullable: true }) scenario: string | null;
  @ApiProperty({ type: [InstrumentOptionDto], nullable: true }) options: InstrumentOptionDto[] | null;
}

export class AssessmentInstrumentDto {
  @ApiProperty() key: string;
  @ApiProperty({ format: 'uuid' }) instrumentId: string;
  @ApiProperty() version: number;
  @ApiProperty() title: string;
  @ApiProperty({
    description: 'Shown with the instrument, e.g. "not the validated Cultural Intelligence Scale"',
  })
  label: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: ScaleDto, nullable: true }) scale: ScaleDto | null;
  @ApiProperty({ type: [AssessmentItemDto] }) items: AssessmentItemDto[];
  @ApiProperty(ANSWERS_SCHEMA) answers: Record<string, number | string | null>;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) savedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt: string | null;
}

export class StepAssessmentDto {
  @ApiProperty({ format: 'uuid' }) enrolmentId: string;
  @ApiProperty({ format: 'uuid' }) stepId: string;
  @ApiProperty() title: string;
  @ApiProperty() programmeName: string;
  @ApiProperty({ enum: TIMEPOINTS, enumName: 'Timepoint' }) timepoint: (typeof TIMEPOINTS)[number];
  @ApiProperty() locked: boolean;
  @ApiProperty({ type: String, nullable: true }) lockedReason: string | null;
  @ApiProperty({
    type: [ConsentStudyDto],
    description:
      'Studies whose information and consent form must be read and decided on before the pre-assessment',
  })
  consentNeeded: ConsentStudyDto[];
  @ApiProperty({
    description: 'Whether the equality monitoring questions have been asked (answered or skipped)',
  })
  equalityAsked: boolean;
  @ApiProperty({ type: [AssessmentInstrumentDto] }) instruments: AssessmentInstrumentDto[];
  @ApiProperty({ description: 'Every instrument is submitted' }) complete: boolean;
}

export class SaveAnswersDto {
  @ApiProperty(ANSWERS_SCHEMA)
  @IsObject({ message: 'Send the answers as an object of item ids' })
  answers: Record<string, unknown>;
}

export class SavedAnswersDto {
  @ApiProperty({ format: 'date-time' }) savedAt: string;
  @ApiProperty() answered: number;
  @ApiProperty() total: number;
}

export class SubmittedDto {
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ description: 'Every instrument of the step is now submitted' }) stepComplete: boolean;
}

export class WaiverDto {
  @ApiProperty({ description: 'Why this person may start the modules without the pre-assessment' })
  @IsString({ message: 'Enter a reason' })
  @Length(3, 500, { message: 'Enter a reason (3 to 500 characters)' })
  reason: string;
}

export const PRE_STATES = ['none', 'open', 'done', 'waived'] as const;

export class PreAssessmentStateDto {
  @ApiProperty({
    enum: PRE_STATES,
    enumName: 'PreAssessmentState',
    description:
      'none: the programme has no pre-assessment; open: not done; done: submitted; waived: L&D waived it',
  })
  state: (typeof PRE_STATES)[number];
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who waived it' }) waivedBy: string | null;
}

export class CorrectionDto {
  @ApiProperty(ANSWERS_SCHEMA)
  @IsObject({ message: 'Send the corrected answers as an object of item ids' })
  answers: Record<string, unknown>;
  @ApiProperty({ description: 'Why the submitted response is corrected (kept in the audit log)' })
  @IsString({ message: 'Enter the reason for the correction' })
  @Length(5, 1000, { message: 'Enter the reason for the correction (5 to 1000 characters)' })
  reason: string;
}

export class ResponseRecordDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() instrumentKey: string;
  @ApiProperty() instrumentVersion: number;
  @ApiProperty({ enum: TIMEPOINTS, enumName: 'Timepoint' }) timepoint: (typeof TIMEPOINTS)[number];
  @ApiProperty(ANSWERS_SCHEMA) answers: Record<string, number | string | null>;
  @ApiProperty({ type: Number, nullable: true }) overall: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) supersededAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) correctsId: string | null;
  @ApiProperty({ type: String, nullable: true }) correctionReason: string | null;
}
