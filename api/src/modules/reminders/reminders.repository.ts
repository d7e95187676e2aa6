import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ReminderDto } from './dto/reminder.dto.js';

export interface ReminderCandidate {
  enrolmentId: string;
  fullName: string;
  workEmail: string;
  cohortName: string;
  programmeName: string;
  dueDate: string;
  overdue: boolean;
}

@Injectable()
export class RemindersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Current enrolments unfinished by the due date (the follow-up, months later, has its own invitation) due within `dueSoonDays` of `today` (or past due) whose learner
   * has had no reminder in the last `minIntervalDays`.
   */
  candidates(today: string, dueSoonDays: number, minIntervalDays: number): Promise<ReminderCandidate[]> {
    return this.db.query(
      `SELECT e.id AS "enrolmentId", p.full_name AS "fullName", p.work_email AS "workEmail", c.name AS "cohortName",
              pr.name AS "programmeName", to_char(c.due_date, 'YYYY-MM-DD') AS "dueDate", c.due_date < $1::date AS overdue
         FROM enrolment e
         JOIN cohort c ON c.id = e.cohort_id
         JOIN programme pr ON pr.id = c.programme_id
         JOIN person p ON p.id = e.person_id
        WHERE e.withdrawn_at IS NULL
          AND c.start_date <= $1::date
          AND c.due_date <= $1::date + $2::int
          AND (SELECT count(*) FROM step_completion sc JOIN programme_step s ON s.id = sc.step_id
                WHERE sc.enrolment_id = e.id AND s.programme_id = c.programme_id AND s.kind <> 'follow_up'
                  AND (sc.completed_at IS NOT NULL OR sc.waived))
              < (SELECT count(*) FROM programme_step s WHERE s.programme_id = c.programme_id AND s.kind <> 'follow_up')
          AND NOT EXISTS (
            SELECT 1 FROM reminder r JOIN enrolment e2 ON e2.id = r.enrolment_id
             WHERE e2.person_id = e.person_id AND r.sent_at > now() - make_interval(days => $3::int))
        ORDER BY c.due_date, p.full_name`,
      [today, dueSoonDays, minIntervalDays],
    );
  }

  /**
   * Current enrolments whose follow-up opens today or earlier (`offset_days` after the post-assessment, UK
   * date), not yet done and not yet invited: each is invited once.
   */
  followUpCandidates(today: string): Promise<(Omit<ReminderCandidate, 'overdue'> & { stepId: string })[]> {
    return this.db.query(
      `SELECT e.id AS "enrolmentId", p.full_name AS "fullName", p.work_email AS "workEmail", c.name AS "cohortName",
              pr.name AS "programmeName", to_char(c.due_date, 'YYYY-MM-DD') AS "dueDate", f.id AS "stepId"
         FROM enrolment e
         JOIN cohort c ON c.id = e.cohort_id
         JOIN programme pr ON pr.id = c.programme_id
         JOIN person p ON p.id = e.person_id
         JOIN programme_step f ON f.programme_id = c.programme_id AND f.kind = 'follow_up'
         JOIN programme_step ps ON ps.programme_id = c.programme_id AND ps.kind = 'assessment' AND ps.timepoint = 'post'
         JOIN step_completion post ON post.enrolment_id = e.id AND post.step_id = ps.id AND post.completed_at IS NOT NULL
        WHERE e.withdrawn_at IS NULL
          AND (post.completed_at AT TIME ZONE 'Europe/London')::date + f.offset_days <= $1::date
          AND NOT EXISTS (SELECT 1 FROM step_completion d WHERE d.enrolment_id = e.id AND d.step_id = f.id
                           AND (d.completed_at IS NOT NULL OR d.waived))
          AND NOT EXISTS (SELECT 1 FROM reminder r WHERE r.enrolment_id = e.id AND r.kind = 'follow_up_invitation')
        ORDER BY p.full_name`,
      [today],
    );
  }

  async record(
    enrolmentId: string,
    kind: 'due_soon' | 'overdue' | 'follow_up_invitation',
    emailId: string,
    m: EntityManager,
  ): Promise<void> {
    await m.query(`INSERT INTO reminder (enrolment_id, kind, email_id) VALUES ($1, $2, $3)`, [
      enrolmentId,
      kind,
      emailId,
    ]);
  }

  list(trustId: string, limit: number, offset: number): Promise<ReminderDto[]> {
    return this.db.query(
      `SELECT r.id, r.kind, r.sent_at AS "sentAt", p.staff_number AS "staffNumber", p.full_name AS "fullName",
              p.work_email AS "workEmail", c.name AS "cohortName", o.status AS "emailStatus"
         FROM reminder r
         JOIN enrolment e ON e.id = r.enrolment_id
         JOIN cohort c ON c.id = e.cohort_id
         JOIN person p ON p.id = e.person_id
         LEFT JOIN outbound_email o ON o.id = r.email_id
        WHERE c.trust_id = $1
        ORDER BY r.sent_at DESC
        LIMIT $2 OFFSET $3`,
      [trustId, limit, offset],
    );
  }
}
