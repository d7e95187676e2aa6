import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export const SCORM_VERSIONS = ['1.2', '2004-2nd', '2004-3rd', '2004-4th'] as const;

export class ScoDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() position: number;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Launch URL relative to the package root, with parameters' }) launch: string;
  @ApiProperty({ type: Number, nullable: true, description: 'SCORM 1.2 mastery score, 0–100' }) masteryScore:
    number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'SCORM 2004 completion threshold, 0–1' })
  completionThreshold: number | null;
}

export class SequencingSummaryDto {
  @ApiProperty({ type: [String], description: 'Global objectives the package shares between its activities' })
  globalObjectives: string[];
}

export class PackageVersionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() versionNumber: number;
  @ApiProperty({ enum: SCORM_VERSIONS, enumName: 'ScormVersion' })
  scormVersion: (typeof SCORM_VERSIONS)[number];
  @ApiProperty() filename: string;
  @ApiProperty() fileCount: number;
  @ApiProperty() totalBytes: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: [ScoDto] }) scos: ScoDto[];
  @ApiProperty({
    type: SequencingSummaryDto,
    nullable: true,
    description:
      'SCORM 2004 sequencing declared by the package (stored in full with the version); null when none',
  })
  sequencing: SequencingSummaryDto | null;
}

export class PackageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null for the global catalogue' })
  trustId: string | null;
  @ApiProperty({ type: PackageVersionDto, description: 'The newest version: new attempts use it' })
  latest: PackageVersionDto;
  @ApiProperty() versionCount: number;
  @ApiProperty({
    enum: ['on_completed', 'on_passed', 'never'],
    enumName: 'AttemptPolicy',
    description: 'When a launch starts a new attempt',
  })
  attemptPolicy: 'on_completed' | 'on_passed' | 'never';
  @ApiProperty({
    enum: ['highest', 'last', 'first'],
    enumName: 'Grading',
    description: 'Which attempt counts',
  })
  grading: 'highest' | 'last' | 'first';
}

/** The form fields besides the file (validated). */
export class PackageUploadFieldsDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Upload as a new version of this package' })
  @IsOptional()
  @IsUUID('all', { message: 'Choose the package this replaces from the list' })
  replacesPackageId?: string;
}

/** The whole multipart form, for the API description only: the file itself arrives through multer. */
export class PackageUploadDto extends PackageUploadFieldsDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'A SCORM 1.2 or 2004 zip' }) file: unknown;
}
