import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
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

/** Seeds clearly labelled synthetic trusts, a study and one account per role. Safe to run on every start. */
@Injectable()
export class DemoSeeder {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

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
    return ACCOUNTS.map(({ role, email, name }) => ({ role, email, name }));
  }
}
