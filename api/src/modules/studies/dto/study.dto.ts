import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, IsUUID, Length, MaxLength } from 'class-validator';

export class StudyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String], description: 'Partner trusts taking part' }) trustIds: string[];
  @ApiProperty({ description: 'Synthetic demo study' }) isDemo: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreateStudyDto {
  @ApiProperty()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'Enter the study name' })
  @Length(1, 200, { message: 'Enter the study name (200 characters or fewer)' })
  name: string;

  @ApiProperty()
  @IsString({ message: 'Describe the study' })
  @MaxLength(5000, { message: 'The description must be 5000 characters or fewer' })
  description: string;

  @ApiProperty({ type: [String] })
  @IsArray({ message: 'Choose the trusts taking part' })
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'Choose trusts from the list' })
  trustIds: string[];
}
