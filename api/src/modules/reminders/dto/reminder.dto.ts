import { ApiProperty } from '@nestjs/swagger';
import { PageQueryDto } from '../../../common/http/paging.js';

export class ReminderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['due_soon', 'overdue', 'follow_up_invitation'] })
  kind: 'due_soon' | 'overdue' | 'follow_up_invitation';
  @ApiProperty({ format: 'date-time' }) sentAt: string;
  @ApiProperty() staffNumber: string;
  @ApiProperty() fullName: string;
  @ApiProperty() workEmail: string;
  @ApiProperty() cohortName: string;
  @ApiProperty({ enum: ['stored', 'sent', 'failed'], nullable: true, type: String }) emailStatus:
    'stored' | 'sent' | 'failed' | null;
}

/** Newest first; 200 a page unless `limit` says otherwise. */
export class ListRemindersQueryDto extends PageQueryDto {}

export class ReminderRunDto {
  @ApiProperty() dueSoon: number;
  @ApiProperty() overdue: number;
  @ApiProperty({ description: 'Invitations to a follow-up that has opened' }) followUp: number;
}
