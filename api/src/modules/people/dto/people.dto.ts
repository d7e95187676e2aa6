import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../../../common/http/paging.js';
import { BANDS, type Band, STAFF_FIELDS, type StaffField } from '../import/staff-csv.js';

export class PersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() staffNumber: string;
  @ApiProperty() fullName: string;
  @ApiProperty() workEmail: string;
  @ApiProperty({ type: String, nullable: true }) jobTitle: string | null;
  @ApiProperty({ enum: BANDS, enumName: 'Band', nullable: true, type: String }) band: Band | null;
  @ApiProperty({ type: String, nullable: true }) directorate: string | null;
  @ApiProperty({ type: String, nullable: true }) lineManagerStaffNumber: string | null;
  @ApiProperty({
    enum: ['none', 'invited', 'active', 'disabled'],
    description: 'Whether the person has an account yet',
  })
  accountStatus: 'none' | 'invited' | 'active' | 'disabled';
  @ApiProperty({ description: 'Cohorts the person is currently enrolled in' }) activeEnrolments: number;
}

export class PeoplePageDto {
  @ApiProperty({ type: [PersonDto] }) items: PersonDto[];
  @ApiProperty() total: number;
}

export class ListPeopleQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Name, staff number or email contains' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Only people not currently enrolled in this cohort', format: 'uuid' })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  notInCohort?: string;
}

const text = (label: string, max = 200) => [
  IsOptional(),
  IsString({ message: `${label} must be text` }),
  MaxLength(max, { message: `${label} must be ${max} characters or fewer` }),
];

export class CreatePersonDto {
  @ApiProperty({ example: '10034567' })
  @IsString({ message: 'Enter the staff number' })
  @MaxLength(30, { message: 'Staff number must be 30 characters or fewer' })
  staffNumber: string;

  @ApiProperty({ example: 'Amara Okafor' })
  @IsString({ message: 'Enter the name' })
  @MaxLength(200, { message: 'Name must be 200 characters or fewer' })
  fullName: string;

  @ApiProperty({ example: 'amara.okafor@nhs.net' })
  @IsString({ message: 'Enter the work email address' })
  @MaxLength(254, { message: 'Email address must be 254 characters or fewer' })
  workEmail: string;

  @ApiPropertyOptional() @applyAll(text('Job title')) jobTitle?: string;
  @ApiPropertyOptional({ description: '1–9, 8a–8d, or other (medical and dental)' })
  @applyAll(text('Band', 30))
  band?: string;
  @ApiPropertyOptional() @applyAll(text('Directorate')) directorate?: string;
  @ApiPropertyOptional() @applyAll(text('Line manager staff number', 30)) lineManagerStaffNumber?: string;
}

function applyAll(decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

export class ColumnMappingDto implements Partial<Record<StaffField, string>> {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) staffNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) fullName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) firstName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) lastName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) workEmail?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) jobTitle?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) band?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) directorate?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) lineManagerStaffNumber?: string;
}

export class SetMappingDto {
  @ApiProperty({
    type: ColumnMappingDto,
    description: 'Field → column header in the file; leave a field out to not import it',
  })
  @ValidateNested()
  @Type(() => ColumnMappingDto)
  mapping: ColumnMappingDto;
}

export class ImportFieldDto {
  @ApiProperty({ enum: STAFF_FIELDS, enumName: 'StaffField' }) field: StaffField;
  @ApiProperty() label: string;
  @ApiProperty() required: boolean;
}

export class RowErrorDto {
  @ApiProperty({ description: 'Row number as a spreadsheet shows it (the header is row 1)' }) row: number;
  @ApiProperty() column: string;
  @ApiProperty() reason: string;
}

export class DuplicateDto {
  @ApiProperty() staffNumber: string;
  @ApiProperty({ type: [Number] }) rows: number[];
}

export class ImportPreviewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() filename: string;
  @ApiProperty({ enum: ['previewed', 'committed'] }) status: 'previewed' | 'committed';
  @ApiProperty({ type: [String] }) headers: string[];
  @ApiProperty({ type: ColumnMappingDto }) mapping: ColumnMappingDto;
  @ApiProperty({ type: [ImportFieldDto] }) fields: ImportFieldDto[];
  @ApiProperty({ type: [String], description: 'Required fields with no column chosen' })
  missingFields: string[];
  @ApiProperty() rowCount: number;
  @ApiProperty() validCount: number;
  @ApiProperty({ description: 'Rows with at least one problem' }) invalidRowCount: number;
  @ApiProperty({ type: [RowErrorDto], description: 'The first 500 problems, in row order' })
  errors: RowErrorDto[];
  @ApiProperty() errorCount: number;
  @ApiProperty({ type: [DuplicateDto] }) duplicates: DuplicateDto[];
  @ApiProperty({ description: 'New staff the import would add' }) toCreate: number;
  @ApiProperty({ description: 'Existing staff whose details would change' }) toUpdate: number;
  @ApiProperty({ description: 'Existing staff already exactly as in the file' }) unchanged: number;
  @ApiProperty({ description: 'Whether it can be confirmed as it stands' }) canConfirm: boolean;
}

export class ImportResultDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
}

export class UploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'CSV file, UTF-8' }) file: unknown;
}
