import { ApiProperty } from '@nestjs/swagger';

export const STEP_KINDS = ['assessment', 'module', 'follow_up'] as const;
export type StepKind = (typeof STEP_KINDS)[number];
export const TIMEPOINTS = ['pre', 'post', 'follow_up'] as const;
export type Timepoint = (typeof TIMEPOINTS)[number];

export class ProgrammeStepDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() position: number;
  @ApiProperty({ enum: STEP_KINDS, enumName: 'StepKind' }) kind: StepKind;
  @ApiProperty() title: string;
  @ApiProperty({ enum: TIMEPOINTS, enumName: 'Timepoint', nullable: true, type: String })
  timepoint: Timepoint | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Follow-up: days after the post-assessment' })
  offsetDays: number | null;
  @ApiProperty({ description: 'Whether the activity (module package or instrument) is attached yet' })
  ready: boolean;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The SCORM package a module step plays',
  })
  packageId: string | null;
  @ApiProperty({ type: [String], description: 'Assessment steps: the questionnaires asked, in order' })
  instrumentKeys: string[];
}

export class ProgrammeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [ProgrammeStepDto] }) steps: ProgrammeStepDto[];
}
