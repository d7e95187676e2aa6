import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { BANDS } from '../../assessments/dto/consent.dto.js';
import { CountDto } from '../../assessments/dto/research.dto.js';

export const ETHNIC_GROUP_FILTERS = [
  'white',
  'bme',
  'mixed',
  'asian',
  'black',
  'other',
  'not_stated',
] as const;
export type EthnicGroupFilter = (typeof ETHNIC_GROUP_FILTERS)[number];
const TIMEPOINT_ENUM = ['pre', 'post', 'follow_up'];

export class EvaluationQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Choose a trust from the list' })
  trustId?: string;
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Choose a cohort from the list' })
  cohortId?: string;
  @ApiPropertyOptional({
    enum: BANDS,
    description: 'Band as the participant confirmed it (else the staff record)',
  })
  @IsOptional()
  @IsIn(BANDS, { message: 'Choose a band from the list' })
  band?: string;
  @ApiPropertyOptional({
    enum: ETHNIC_GROUP_FILTERS,
    enumName: 'EthnicGroupFilter',
    description: 'White, BME (every group but White and not stated), or one of the five broad groups',
  })
  @IsOptional()
  @IsIn(ETHNIC_GROUP_FILTERS, { message: 'Choose an ethnic group from the list' })
  ethnicGroup?: EthnicGroupFilter;
}

export class SummaryDto {
  @ApiProperty() n: number;
  @ApiProperty() mean: number;
  @ApiProperty() sd: number;
  @ApiProperty() median: number;
  @ApiProperty() q1: number;
  @ApiProperty() q3: number;
  @ApiProperty() iqr: number;
}

export class EffectDto {
  @ApiProperty() estimate: number;
  @ApiProperty({ type: Number, nullable: true }) ciLow: number | null;
  @ApiProperty({ type: Number, nullable: true }) ciHigh: number | null;
}

export class WilcoxonDto {
  @ApiProperty() V: number;
  @ApiProperty() p: number;
  @ApiProperty({ enum: ['exact', 'normal-cc'] }) method: 'exact' | 'normal-cc';
}

export class ComparisonDto {
  @ApiProperty({ description: 'Capability id, "overall", or "knowledge" for the situational judgement test' })
  measure: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: TIMEPOINT_ENUM }) from: string;
  @ApiProperty({ enum: TIMEPOINT_ENUM }) to: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Complete pairs; null when below the threshold' })
  n: number | null;
  @ApiProperty({ type: String, nullable: true }) withheld: string | null;
  @ApiProperty({ type: SummaryDto, nullable: true }) before: SummaryDto | null;
  @ApiProperty({ type: SummaryDto, nullable: true }) after: SummaryDto | null;
  @ApiProperty({ type: Number, nullable: true, description: 'after − before' }) meanDiff: number | null;
  @ApiProperty({ type: Number, nullable: true }) sdDiff: number | null;
  @ApiProperty({ type: Number, nullable: true }) t: number | null;
  @ApiProperty({ type: Number, nullable: true }) df: number | null;
  @ApiProperty({ type: Number, nullable: true }) p: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Holm-adjusted across the capabilities' })
  pHolm: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Benjamini–Hochberg-adjusted across the capabilities',
  })
  pBh: number | null;
  @ApiProperty({ type: Number, nullable: true }) ciLow: number | null;
  @ApiProperty({ type: Number, nullable: true }) ciHigh: number | null;
  @ApiProperty({ type: EffectDto, nullable: true, description: "Cohen's d_z with its 95% CI" })
  dz: EffectDto | null;
  @ApiProperty({ type: EffectDto, nullable: true, description: "Cohen's d_av with its 95% CI" })
  dav: EffectDto | null;
  @ApiProperty({ type: EffectDto, nullable: true, description: "Hedges' g_z with its 95% CI" })
  gz: EffectDto | null;
  @ApiProperty({ type: WilcoxonDto, nullable: true }) wilcoxon: WilcoxonDto | null;
}

export class FlowStageDto extends CountDto {
  @ApiProperty() stage: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Share lost since the previous stage (0–1)' })
  attrition: number | null;
}

export class ReliabilityDto {
  @ApiProperty() instrumentKey: string;
  @ApiProperty({ description: 'The instrument version the responses answered' }) version: number;
  @ApiProperty() factor: string;
  @ApiProperty({ enum: TIMEPOINT_ENUM }) timepoint: string;
  @ApiProperty() k: number;
  @ApiProperty({ type: Number, nullable: true }) n: number | null;
  @ApiProperty({ type: String, nullable: true }) withheld: string | null;
  @ApiProperty({ type: Number, nullable: true }) alpha: number | null;
  @ApiProperty({ type: Number, nullable: true }) ciLow: number | null;
  @ApiProperty({ type: Number, nullable: true }) ciHigh: number | null;
}

export class ReactionFactorDto {
  @ApiProperty() factor: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: SummaryDto, nullable: true }) summary: SummaryDto | null;
}

export class ReactionDto {
  @ApiProperty({ type: CountDto }) respondents: CountDto;
  @ApiProperty({ type: [ReactionFactorDto] }) factors: ReactionFactorDto[];
  @ApiProperty({ type: CountDto, description: 'Free-text comments given (the text is in the exports)' })
  comments: CountDto;
}

export class ModuleOutcomeDto {
  @ApiProperty() title: string;
  @ApiProperty({ type: CountDto }) completed: CountDto;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Median minutes spent, among those who completed',
  })
  medianMinutes: number | null;
}

export class ChoiceDto extends CountDto {
  @ApiProperty() response: string;
}

export class DecisionPointDto {
  @ApiProperty() module: string;
  @ApiProperty() interactionId: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: [ChoiceDto] }) choices: ChoiceDto[];
  @ApiProperty({ type: CountDto }) total: CountDto;
}

export class InstrumentUsedDto {
  @ApiProperty() key: string;
  @ApiProperty({ type: [Number] }) versions: number[];
  @ApiProperty() label: string;
}

export class FilterOptionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Cohorts: their trust' })
  trustId: string | null;
}

export class EvaluationDto {
  @ApiProperty({ format: 'uuid' }) studyId: string;
  @ApiProperty() studyName: string;
  @ApiProperty({
    format: 'date-time',
    description:
      'When these figures were computed. They are reused until anything they depend on changes, and never for longer than EVALUATION_CACHE_SECONDS.',
  })
  computedAt: string;
  @ApiProperty() threshold: number;
  @ApiProperty({ type: EvaluationQueryDto }) filters: EvaluationQueryDto;
  @ApiProperty({ type: CountDto, description: 'Consenting participants matching the filters' })
  participants: CountDto;
  @ApiProperty({ type: [FlowStageDto] }) flow: FlowStageDto[];
  @ApiProperty({ type: [ComparisonDto], description: 'Each capability and the overall score, pre → post' })
  capabilities: ComparisonDto[];
  @ApiProperty({
    type: [ComparisonDto],
    description: 'Each capability and the overall score, pre → follow-up',
  })
  followUp: ComparisonDto[];
  @ApiProperty({
    type: [ComparisonDto],
    description: 'Situational judgement test, proportion best, pre → post',
  })
  knowledge: ComparisonDto[];
  @ApiProperty({ type: ReactionDto }) reaction: ReactionDto;
  @ApiProperty({ type: [ModuleOutcomeDto] }) modules: ModuleOutcomeDto[];
  @ApiProperty({ type: [ReliabilityDto] }) reliability: ReliabilityDto[];
  @ApiProperty({
    type: [DecisionPointDto],
    description: 'Choices at each decision point, from the SCORM interactions',
  })
  decisions: DecisionPointDto[];
  @ApiProperty({ type: [InstrumentUsedDto] }) instruments: InstrumentUsedDto[];
  @ApiProperty({ type: [FilterOptionDto], description: "The study's trusts, for the trust filter" })
  trusts: FilterOptionDto[];
  @ApiProperty({
    type: [FilterOptionDto],
    description: "Cohorts in the study's trusts, for the cohort filter",
  })
  cohorts: FilterOptionDto[];
}
