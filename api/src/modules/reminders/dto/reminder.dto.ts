import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class ReminderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['due_soon', 'overdue'] }) kind: 'due_soon' | 'overdue';
  @ApiProperty({ format: 'date-time' }) sentAt: string;
  @ApiProperty() staffNumber: string;
  @ApiProperty() fullName: string;
  @ApiProperty() workEmail: string;
  @ApiProperty() cohortName: string;
  @ApiProperty({ enum: ['stored', 'sent', 'failed'], nullable: true, type: String }) emailStatus:
    'stored' | 'sent' | 'failed' | null;
}

export class ListRemindersQueryDto {
  @ApiPropertyOptional({ default: 200, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class ReminderRunDto {
  @ApiProperty() dueSoon: number;
  @ApiProperty() overdue: number;
}
