import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PilotDataGenerator } from './pilot-data.js';
import { DataSource } from 'typeorm';
import type { Role } from '../../common/auth/roles.js';
import { hashPassword } from '../auth/passwords.js';

/** Known only in demo mode, which serves synthetic data on the embedded database. */
export const DEMO_PASSWORD = 'demo-pathway-2026';

export interface DemoSignIn {
  role: Role;
  email: string;
  name: string;
}

const TRUSTS = [
  { ods: 'DEMO1', name: 'Northfield Teaching Hospitals NHS Foundation Trust (synthetic demo)' },
  { ods: 'DEMO2', name: 'Riverside Community and Mental Health NHS Trust (synthetic demo)' },
];
const STUDY = 'CQ Pathway pilot evaluation (synthetic demo)';
const ACCOUNTS: (DemoSignIn & { scope: 'trust' | 'study' | 'platform' })[] = [
  {
    role: 'learner',
    email: 'learner@demo.cqpathway.test',
    name: 'Alex Morgan (demo learner)',
    scope: 'trust',
  },
  {
    role: 'lnd_admin',
    email: 'lnd@demo.cqpathway.test',
    name: 'Priya Shah (demo L&D admin)',
    scope: 'trust',
  },
  {
    role: 'researcher',
    email: 'researcher@demo.cqpathway.test',
    name: 'Tomasz Nowak (demo researcher)',
    scope: 'study',
  },
  {
    role: 'platform_admin',
    email: 'admin@demo.cqpathway.test',
    name: 'Jordan Ellis (demo platform admin)',
    scope: 'platform',
  },
];

/** The demo study's consent form: a synthetic example of participant information, labelled as such. */
const DEMO_CONSENT = {
  title: 'Taking part in the CQ Pathway pilot evaluation (synthetic demo study)',
  information: [
    'This is a synthetic demo study: nothing you enter here is used for research.',
    'What the study is about. NHS trusts are piloting cultural intelligence (CQ) training for middle managers. The evaluation asks whether the programme changes how managers see their own CQ capabilities and how they would act in common workplace situations.',
    'What taking part means. Your answers to the pre-assessment, post-assessment and follow-up, and your choices in the modules, are included in the evaluation. Researchers see them under a code, never with your name, e-mail address or staff number. Results are only reported for groups large enough that no one can be picked out.',
    'It is your choice. You can do the whole programme without taking part in the study, and your learning and development team is not told your decision. You can withdraw at any time from "My CQ profile": from then on your data leave every research view and export. Your own training record stays as it is.',
    'Equality monitoring. You will also be asked optional questions about your ethnicity, gender and band. They are kept separately and only ever reported as counts for groups.',
  ].join('\n\n'),
  statements: [
    'I have read the information above and have had the chance to ask questions.',
    'I understand that taking part is voluntary and that I can withdraw at any time without giving a reason.',
    'I agree that my pseudonymised answers may be used for the pilot evaluation.',
  ],
};

/** Seeds clearly labelled synthetic trusts, a study and one account per role. Safe to run on every start. */
@Injectable()
export class DemoSeeder {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly pilot: PilotDataGenerator,
  ) {}

  async seed(): Promise<DemoSignIn[]> {
    const hash = await hashPassword(DEMO_PASSWORD);
    await this.db.transaction(async (m) => {
      for (const t of TRUSTS) {
        await m.query(
          `INSERT INTO trust (name, ods_code, is_demo) VALUES ($1, $2, true) ON CONFLICT (ods_code) DO NOTHING`,
          [t.name, t.ods],
        );
      }
      const [{ id: trustId }]: { id: string }[] = await m.query(`SELECT id FROM trust WHERE ods_code = $1`, [
        TRUSTS[0].ods,
      ]);
      let [study]: { id: string }[] = await m.query(`SELECT id FROM study WHERE name = $1 AND is_demo`, [
        STUDY,
      ]);
      if (!study) {
        [study] = await m.query(
          `INSERT INTO study (name, description, is_demo) VALUES ($1, $2, true) RETURNING id`,
          [STUDY, 'Synthetic demo study spanning both demo trusts. No real participant data.'],
        );
        await m.query(
          `INSERT INTO study_trust (study_id, trust_id) SELECT $1, id FROM trust WHERE ods_code = ANY($2)`,
          [study.id, TRUSTS.map((t) => t.ods)],
        );
      }
      await m.query(
        `INSERT INTO consent_form (study_id, version, title, information, statements)
         SELECT $1, 1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM consent_form WHERE study_id = $1)`,
        [study.id, DEMO_CONSENT.title, DEMO_CONSENT.information, JSON.stringify(DEMO_CONSENT.statements)],
      );
      for (const a of ACCOUNTS) {
        await m.query(
          `INSERT INTO user_account (email, display_name, password_hash, status, is_demo) VALUES ($1, $2, $3, 'active', true)
           ON CONFLICT (email) DO NOTHING`,
          [a.email, a.name, hash],
        );
        const [{ id: userId }]: { id: string }[] = await m.query(
          `SELECT id FROM user_account WHERE email = $1`,
          [a.email],
        );
        await m.query(
          `INSERT INTO role_grant (user_id, role, trust_id, study_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [userId, a.role, a.scope === 'trust' ? trustId : null, a.scope === 'study' ? study.id : null],
        );
      }
    });
    await this.seedCohort();
    // A synthetic pilot study, so the evaluation views have something to show on first start.
    if (!(await this.pilot.exists())) await this.pilot.generate({ trusts: 3, participants: 300, seed: 1 });
    return ACCOUNTS.map(({ role, email, name }) => ({ role, email, name }));
  }

  /**
   * A synthetic cohort in the first demo trust, with the demo learner and 24 synthetic managers
   * at different points of the programme, so every screen has something to show. Only on a
   * trust that has no staff yet.
   */
  private async seedCohort(): Promise<void> {
    await this.db.transaction(async (m) => {
      const [trust]: { id: string }[] = await m.query(
        `SELECT t.id FROM trust t WHERE t.ods_code = $1 AND NOT EXISTS (SELECT 1 FROM person p WHERE p.trust_id = t.id)`,
        [TRUSTS[0].ods],
      );
      if (!trust) return;
      const [{ id: learnerId }]: { id: string }[] = await m.query(
        `SELECT id FROM user_account WHERE email = $1`,
        [ACCOUNTS[0].email],
      );
      const [{ id: ownerId }]: { id: string }[] = await m.query(
        `SELECT id FROM user_account WHERE email = $1`,
        [ACCOUNTS[1].email],
      );
      const bands = ['6', '7', '7', '8a', '8b'];
      const directorates = [
        'Surgery',
        'Medicine',
        'Community Services',
        'Estates and Facilities',
        'Corporate Services',
      ];
      await m.query(
        `INSERT INTO person (trust_id, user_id, staff_number, full_name, work_email, job_title, band, directorate)
         VALUES ($1, $2, 'DEMO0000', $3, $4, 'Ward Manager', '7', 'Medicine')`,
        [trust.id, learnerId, 'Alex Morgan', ACCOUNTS[0].email],
      );
      for (const [i, name] of DEMO_STAFF.entries()) {
        await m.query(
          `INSERT INTO person (trust_id, staff_number, full_name, work_email, job_title, band, directorate)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            trust.id,
            `DEMO${String(i + 1).padStart(4, '0')}`,
            name,
            `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@demo.cqpathway.test`,
            JOB_TITLES[i % JOB_TITLES.length],
            bands[i % bands.length],
            directorates[i % directorates.length],
          ],
        );
      }
      const [programme]: { id: string }[] = await m.query(
        `SELECT id FROM programme WHERE slug = 'cq-inclusive-leadership'`,
      );
      const [{ id: cohortId }]: { id: string }[] = await m.query(
        `INSERT INTO cohort (trust_id, programme_id, name, start_date, due_date, owner_user_id)
         VALUES ($1, $2, 'Ward and department managers (synthetic demo)', current_date - 21, current_date + 60, $3) RETURNING id`,
        [trust.id, programme.id, ownerId],
      );
      // The demo learner and the first 18 synthetic managers; the last six stay un-enrolled for the enrol screen.
      await m.query(
        `INSERT INTO enrolment (cohort_id, person_id, enrolled_by)
         SELECT $1, id, $3 FROM person WHERE trust_id = $2 AND staff_number <= 'DEMO0018'`,
        [cohortId, trust.id, ownerId],
      );
      // Synthetic managers k = 1..18 have completed their first (k mod 8) steps.
      await m.query(
        `INSERT INTO step_completion (enrolment_id, step_id, started_at, completed_at)
         SELECT e.id, s.id, now() - interval '20 days' + s.position * interval '1 day', now() - interval '19 days' + s.position * interval '1 day'
           FROM enrolment e JOIN person p ON p.id = e.person_id
           JOIN programme_step s ON s.programme_id = $2 AND s.position <= substring(p.staff_number, 5)::int % 8
          WHERE e.cohort_id = $1`,
        [cohortId, programme.id],
      );
    });
  }
}

const DEMO_STAFF = [
  'Amara Okafor',
  'Tom Whitfield',
  'Priyanka Desai',
  'Kwame Mensah',
  'Siobhan Kelly',
  'Wei Zhang',
  'Fatima Rahman',
  'Gareth Evans',
  'Ngozi Adeyemi',
  'Maria Santos',
  'Daniel Cohen',
  'Aisha Hussain',
  'Oliver Bennett',
  'Chipo Moyo',
  'Rajesh Patel',
  'Hannah Kowalski',
  'Yusuf Ali',
  'Grace Boateng',
  'Liam Murphy',
  'Mei Lin Tan',
  'Samuel Osei',
  'Zainab Begum',
  'Ewan Fraser',
  'Leila Haddad',
];
const JOB_TITLES = [
  'Ward Manager',
  'Team Leader',
  'Service Manager',
  'Estates Supervisor',
  'Admin Team Manager',
];
