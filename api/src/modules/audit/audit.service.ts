import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEventEntity } from '../../database/entities.js';

export interface AuditRecord {
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  trustId?: string | null;
  detail?: Record<string, unknown>;
  correlationId?: string | null;
}

/** Append-only record of who did what to which record. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(e: AuditRecord, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.getRepository(AuditEventEntity).insert({
      actorUserId: e.actorUserId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId ?? null,
      trustId: e.trustId ?? null,
      detail: (e.detail ?? {}) as object,
      correlationId: e.correlationId ?? null,
    });
  }
}
