import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
} from 'class-validator';

export const DECISIONS = ['given', 'declined'] as const;
export const CONSENT_STATES = ['given', 'declined', 'withdrawn'] as const;

export class ConsentFormDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) studyId: string;
  @ApiProperty() version: number;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Participant information, plain text with blank lines between paragraphs' })
  information: string;
  @ApiProperty({ type: [String], description: 'What the participant agrees to, one statement each' })
  statements: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ConsentStudyDto {
  @ApiProperty({ format: 'uuid' }) studyId: string;
  @ApiProperty() studyName: string;
  @ApiProperty({ type: ConsentFormDto, description: 'The current version of the consent form' })
  form: ConsentFormDto;
  @ApiProperty({ enum: CONSENT_STATES, enumName: 'ConsentState', nullable: true, type: String })
  state: (typeof CONSENT_STATES)[number] | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) withdrawnAt: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The form version the decision was made on' })
  decidedOnVersion: number | null;
}

export class MyConsentsDto {
  @ApiProperty({ type: [ConsentStudyDto] }) studies: ConsentStudyDto[];
}

export class ConsentDecisionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'Choose a study' })
  studyId: string;
  @ApiProperty({ format: 'uuid', description: 'The form version the person read' })
  @IsUUID('all', { message: 'The consent form is missing' })
  consentFormId: string;
  @ApiProperty({ enum: DECISIONS, enumName: 'ConsentDecision' })
  @IsIn(DECISIONS, { message: 'Choose whether you agree to take part' })
  decision: (typeof DECISIONS)[number];
}

export class CreateConsentFormDto {
  @ApiProperty()
  @IsString({ message: 'Enter a title' })
  @Length(1, 200, { message: 'Enter a title (up to 200 characters)' })
  title: string;
  @ApiProperty()
  @IsString({ message: 'Enter the participant information' })
  @Length(20, 50000, { message: 'Enter the participant information (20 to 50,000 characters)' })
  information: string;
  @ApiProperty({ type: [String] })
  @IsArray({ message: 'Enter at least one consent statement' })
  @ArrayMinSize(1, { message: 'Enter at least one consent statement' })
  @ArrayMaxSize(15, { message: 'Enter at most 15 consent statements' })
  @IsString({ each: true, message: 'Each consent statement must be text' })
  @Length(5, 1000, { each: true, message: 'Each consent statement needs 5 to 1000 characters' })
  statements: string[];
}

export const ETHNIC_CATEGORIES = [
  ['A', 'White: British', 'white'],
  ['B', 'White: Irish', 'white'],
  ['C', 'White: any other White background', 'white'],
  ['D', 'Mixed: White and Black Caribbean', 'mixed'],
  ['E', 'Mixed: White and Black African', 'mixed'],
  ['F', 'Mixed: White and Asian', 'mixed'],
  ['G', 'Mixed: any other mixed background', 'mixed'],
  ['H', 'Asian or Asian British: Indian', 'asian'],
  ['J', 'Asian or Asian British: Pakistani', 'asian'],
  ['K', 'Asian or Asian British: Bangladeshi', 'asian'],
  ['L', 'Asian or Asian British: any other Asian background', 'asian'],
  ['M', 'Black or Black British: Caribbean', 'black'],
  ['N', 'Black or Black British: African', 'black'],
  ['P', 'Black or Black British: any other Black background', 'black'],
  ['R', 'Other ethnic groups: Chinese', 'other'],
  ['S', 'Other ethnic groups: any other ethnic group', 'other'],
  ['Z', 'Not stated (prefer not to say)', 'not_stated'],
] as const;
export const ETHNICITY_CODES = ETHNIC_CATEGORIES.map(([code]) => code);
export const ETHNIC_GROUPS = [
  ['white', 'White'],
  ['mixed', 'Mixed'],
  ['asian', 'Asian or Asian British'],
  ['black', 'Black or Black British'],
  ['other', 'Other ethnic groups'],
  ['not_stated', 'Not stated'],
] as const;
export const GENDERS = [
  ['woman', 'Woman'],
  ['man', 'Man'],
  ['non_binary', 'Non-binary'],
  ['other', 'In another way'],
  ['prefer_not_to_say', 'Prefer not to say'],
] as const;
export const GENDER_CODES = GENDERS.map(([code]) => code);
export const BANDS = ['1', '2', '3', '4', '5', '6', '7', '8a', '8b', '8c', '8d', '9', 'other'] as const;
export const BAND_ANSWERS = [...BANDS, 'prefer_not_to_say'] as const;

export class EqualityDto {
  @ApiProperty({ description: 'Answered or skipped: the questions are asked once' }) asked: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'NHS Data Dictionary ethnic category code' })
  ethnicity: string | null;
  @ApiProperty({ type: String, nullable: true }) gender: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The band the person confirmed' }) band:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The band on the staff record, to confirm' })
  recordedBand: string | null;
}

export class EqualityAnswerDto {
  @ApiProperty({ type: String, nullable: true, required: false, enum: ETHNICITY_CODES })
  @IsOptional()
  @IsIn(ETHNICITY_CODES, { message: 'Choose an ethnic group from the list' })
  ethnicity?: string | null;
  @ApiProperty({ type: String, nullable: true, required: false, enum: GENDER_CODES })
  @IsOptional()
  @IsIn(GENDER_CODES, { message: 'Choose a gender from the list' })
  gender?: string | null;
  @ApiProperty({ type: String, nullable: true, required: false, enum: BAND_ANSWERS })
  @IsOptional()
  @IsIn(BAND_ANSWERS, { message: 'Choose a band from the list' })
  band?: string | null;
}
