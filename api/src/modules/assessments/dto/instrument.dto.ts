import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Length, Matches } from 'class-validator';

export const INSTRUMENT_KINDS = ['likert', 'sjt', 'survey'] as const;
export const INSTRUMENT_SOURCES = ['bundled', 'licensed'] as const;

export class AnchorDto {
  @ApiProperty() value: number;
  @ApiProperty() label: string;
}

export class ScaleDto {
  @ApiProperty() points: number;
  @ApiProperty({ type: [AnchorDto] }) anchors: AnchorDto[];
}

export class FactorDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
}

export class LicenceDto {
  @ApiProperty() holder: string;
  @ApiProperty() permittedUse: string;
  @ApiProperty() citation: string;
  @ApiProperty() redistributable: boolean;
}

export class InstrumentSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() key: string;
  @ApiProperty() version: number;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Shown wherever the instrument is shown' }) label: string;
  @ApiProperty({ enum: INSTRUMENT_KINDS, enumName: 'InstrumentKind' })
  kind: (typeof INSTRUMENT_KINDS)[number];
  @ApiProperty({ enum: INSTRUMENT_SOURCES, enumName: 'InstrumentSource' })
  source: (typeof INSTRUMENT_SOURCES)[number];
  @ApiProperty({ type: String, nullable: true, description: 'Licensed packs: the permission on record' })
  permissionReference: string | null;
  @ApiProperty({ type: LicenceDto }) licence: LicenceDto;
  @ApiProperty({ type: [FactorDto] }) factors: FactorDto[];
  @ApiProperty() itemCount: number;
  @ApiProperty({ description: 'Responses recorded against this version; a used version never changes' })
  responses: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class InstrumentOptionDto {
  @ApiProperty() id: string;
  @ApiProperty() text: string;
}

export class InstrumentItemDto {
  @ApiProperty() id: string;
  @ApiProperty() factor: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Null for an instrument that may not be redistributed: reports show item ids only',
  })
  text: string | null;
  @ApiProperty() reverseKeyed: boolean;
  @ApiProperty({ type: String, nullable: true }) scenario: string | null;
  @ApiProperty({ type: [InstrumentOptionDto], nullable: true }) options: InstrumentOptionDto[] | null;
  @ApiProperty({ type: String, nullable: true, description: 'SJT: the best option' }) best: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Survey: scale or text' }) type: string | null;
}

export class InstrumentScoringDto {
  @ApiProperty() itemScore: string;
  @ApiProperty() overall: string;
  @ApiProperty() minItemsPerFactor: number;
  @ApiProperty() description: string;
}

export class InstrumentFormsDto {
  @ApiProperty({ type: [String] }) pre: string[];
  @ApiProperty({ type: [String] }) post: string[];
}

export class InstrumentDetailDto extends InstrumentSummaryDto {
  @ApiProperty() description: string;
  @ApiProperty({ type: ScaleDto, nullable: true }) scale: ScaleDto | null;
  @ApiProperty({ type: [InstrumentItemDto] }) items: InstrumentItemDto[];
  @ApiProperty({ type: InstrumentScoringDto }) scoring: InstrumentScoringDto;
  @ApiProperty({ type: InstrumentFormsDto, nullable: true }) forms: InstrumentFormsDto | null;
}

export class LoadLicensedPackDto {
  @ApiProperty({
    description: 'Absolute path, on the server, of a folder of instrument files outside the repository',
  })
  @IsString({ message: 'Enter the folder the pack is in' })
  @Length(1, 1000, { message: 'Enter the folder the pack is in' })
  path: string;
  @ApiProperty({ description: 'The licence or permission this pack is used under (reference, date, holder)' })
  @IsString({ message: 'Enter the permission reference' })
  @Length(3, 500, { message: 'Enter the permission reference (3 to 500 characters)' })
  permissionReference: string;
}

export const LOAD_OUTCOMES = ['added', 'unchanged', 'replaced', 'new_version'] as const;
export type LoadOutcome = (typeof LOAD_OUTCOMES)[number];

export class LoadedInstrumentDto {
  @ApiProperty() key: string;
  @ApiProperty() version: number;
  @ApiProperty({
    enum: LOAD_OUTCOMES,
    enumName: 'LoadOutcome',
    description:
      'new_version: the definition changed after responses were recorded, so it became a new version',
  })
  outcome: LoadOutcome;
}

export class LoadResultDto {
  @ApiProperty({ type: [LoadedInstrumentDto] }) instruments: LoadedInstrumentDto[];
}

export class StepInstrumentsDto {
  @ApiProperty({ type: [String], description: 'Instrument keys, in the order the learner meets them' })
  @IsArray({ message: 'Choose the instruments' })
  @ArrayMaxSize(10, { message: 'Choose at most 10 instruments' })
  @IsString({ each: true, message: 'Choose instruments from the list' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { each: true, message: 'Choose instruments from the list' })
  instrumentKeys: string[];
}
