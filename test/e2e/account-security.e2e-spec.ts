import { DataSource } from 'typeorm';
import { AuditRepository, Role, totpCode, totpStep } from '@anpi/access';
import { JobName, JobQueue, QueueName } from '@anpi/core';
import { bootApp, TestApp } from '../support/app';
import { createAccount } from '../support/factories';

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken } }`;
const ME = `{ me { id secondFactor totpEnrolled pledgeAcceptedAt } }`;

describe('second factor, sessions, pledge and audit (GraphQL over HTTP)', () => {
  let t: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    t = await bootApp();
    ds = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  async function loginAs(login: string, password: string, totp?: string) {
    return t.gql<{ login: { accessToken: string; refreshToken: string } }>(LOGIN, { i: { login, password, ...(totp ? { totpCode: totp } : {}) } });
  }

  /** Enrols TOTP for an account and returns its secret. */
  async function enrol(token: string): Promise<string> {
    const start = await t.gql<{ startTotpEnrollment: { secret: string; otpauthUri: string } }>(`mutation { startTotpEnrollment { secret otpauthUri } }`, {}, token);
    const secret = start.data!.startTotpEnrollment.secret;
    expect(start.data!.startTotpEnrollment.otpauthUri).toMatch(/^otpauth:\/\/totp\/Anpi%3A/);
    const wrong = await t.gql(`mutation($i: ConfirmTotpInput!) { confirmTotpEnrollment(input: $i) }`, { i: { code: totpCode(secret, totpStep() + 5) } }, token);
    expect(wrong.errors?.[0].extensions?.fields?.[0].field).toBe('code');
    const ok = await t.gql(`mutation($i: ConfirmTotpInput!) { confirmTotpEnrollment(input: $i) }`, { i: { code: totpCode(secret, totpStep() - 1) } }, token);
    expect(ok.data).toEqual({ confirmTotpEnrollment: true });
    return secret;
  }

  it('enrols TOTP, then requires a code at login, accepts each code once, and marks the session two-factor', async () => {
    const a = await createAccount(t.app, { role: Role.VISITING_NURSE });
    const first = (await loginAs(a.login, a.password)).data!.login;
    expect((await t.gql(ME, {}, first.accessToken)).data?.me).toMatchObject({ secondFactor: false, totpEnrolled: false });
    const secret = await enrol(first.accessToken);

    const without = await loginAs(a.login, a.password);
    expect(without.errors?.[0].extensions?.code).toBe('SECOND_FACTOR_REQUIRED');
    const code = totpCode(secret);
    const withCode = (await loginAs(a.login, a.password, code)).data!.login;
    expect((await t.gql(ME, {}, withCode.accessToken)).data?.me).toMatchObject({ secondFactor: true, totpEnrolled: true });
    const replay = await loginAs(a.login, a.password, code);
    expect(replay.errors?.[0]).toMatchObject({ message: 'The one-time code is wrong', extensions: { code: 'SECOND_FACTOR_REQUIRED' } });
  });

  it('ends a session left idle longer than the timeout', async () => {
    const a = await createAccount(t.app);
    const s = (await loginAs(a.login, a.password)).data!.login;
    expect((await t.gql(ME, {}, s.accessToken)).data?.me.id).toBe(a.id);
    await ds.query(`UPDATE session SET last_seen_at = now() - interval '2 hours' WHERE account_id = $1`, [a.id]);
    expect((await t.gql(ME, {}, s.accessToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(`mutation($i: RefreshSessionInput!) { refreshSession(input: $i) { accessToken } }`, { i: { refreshToken: s.refreshToken } })).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('records the confidentiality pledge once', async () => {
    const a = await createAccount(t.app);
    const s = (await loginAs(a.login, a.password)).data!.login;
    expect((await t.gql(ME, {}, s.accessToken)).data?.me.pledgeAcceptedAt).toBeNull();
    const first = await t.gql<{ acceptConfidentialityPledge: string }>(`mutation { acceptConfidentialityPledge }`, {}, s.accessToken);
    const again = await t.gql<{ acceptConfidentialityPledge: string }>(`mutation { acceptConfidentialityPledge }`, {}, s.accessToken);
    expect(first.data?.acceptConfidentialityPledge).toBeTruthy();
    expect(again.data?.acceptConfidentialityPledge).toBe(first.data?.acceptConfidentialityPledge);
  });

  it('enforces the password policy and ends the other sessions on a change', async () => {
    const a = await createAccount(t.app);
    const s1 = (await loginAs(a.login, a.password)).data!.login;
    const s2 = (await loginAs(a.login, a.password)).data!.login;
    const CHANGE = `mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`;
    const short = await t.gql(CHANGE, { i: { currentPassword: a.password, newPassword: 'short pass' } }, s1.accessToken);
    expect(short.errors?.[0].extensions?.fields).toEqual([{ field: 'input.newPassword', message: expect.stringMatching(/at least 13/) }]);
    const ok = await t.gql(CHANGE, { i: { currentPassword: a.password, newPassword: 'a much longer passphrase' } }, s1.accessToken);
    expect(ok.data).toEqual({ changePassword: true });
    expect((await t.gql(ME, {}, s1.accessToken)).data?.me.id).toBe(a.id);
    expect((await t.gql(ME, {}, s2.accessToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  describe('audit log', () => {
    it('refuses UPDATE, DELETE and TRUNCATE at the database', async () => {
      const a = await createAccount(t.app);
      await loginAs(a.login, a.password);
      const [row] = await ds.query(`SELECT id FROM audit_log WHERE account_id = $1 AND action = 'LOGIN'`, [a.id]);
      await expect(ds.query(`UPDATE audit_log SET action = 'READ' WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
      await expect(ds.query(`DELETE FROM audit_log WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
      await expect(ds.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
      await expect(ds.query(`UPDATE audit_log SET chain_seq = 999999999, chain_hash = 'x', action = 'READ' WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
    });

    it('logs logins and failed logins', async () => {
      const a = await createAccount(t.app);
      await loginAs(a.login, 'wrong password here');
      await loginAs(a.login, a.password);
      const rows: { action: string }[] = await ds.query(`SELECT action FROM audit_log WHERE account_id = $1 ORDER BY id`, [a.id]);
      expect(rows.map((r) => r.action)).toEqual(['LOGIN_FAILED', 'LOGIN']);
    });

    it('seals rows into a hash chain that detects an edit made behind the trigger', async () => {
      const audit = t.app.get(AuditRepository);
      await new Promise((r) => setTimeout(r, 2100)); // rows settle before sealing
      if (!t.config.redisUrl) {
        // Embedded: the scheduled job runs in-process through the real processor.
        await t.app.get(JobQueue).add(QueueName.Maintenance, JobName.SealAuditLog, {});
        await t.app.get(JobQueue).drain();
      } else {
        while ((await audit.seal()) > 0); // server mode: the worker's processor calls the same method
      }
      const clean = await audit.verify();
      expect(clean.brokenAtId).toBeNull();
      expect(clean.checked).toBeGreaterThan(0);

      const [victim] = await ds.query(`SELECT id FROM audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`);
      await ds.query(`ALTER TABLE audit_log DISABLE TRIGGER trg_audit_log_append_only`);
      try {
        await ds.query(`UPDATE audit_log SET organisation = 'tampered' WHERE id = $1`, [victim.id]);
      } finally {
        await ds.query(`ALTER TABLE audit_log ENABLE TRIGGER trg_audit_log_append_only`);
      }
      expect((await audit.verify()).brokenAtId).toBe(victim.id);
    });

    it('is open to municipal admins with a second factor, and to nobody else', async () => {
      const admin = await createAccount(t.app, { role: Role.MUNICIPAL_ADMIN });
      const staff = await createAccount(t.app, { role: Role.MUNICIPAL_STAFF });
      for (const id of [admin.id, staff.id]) await ds.query(`UPDATE account SET pledge_accepted_at = now() WHERE id = $1`, [id]);
      const Q = `{ auditLog(first: 5) { entries { action at accountId } endCursor } }`;
      const staffToken = (await loginAs(staff.login, staff.password)).data!.login.accessToken;
      expect((await t.gql(Q, {}, staffToken)).errors?.[0].extensions?.code).toBe('FORBIDDEN');

      const noMfa = (await loginAs(admin.login, admin.password)).data!.login.accessToken;
      expect((await t.gql(Q, {}, noMfa)).errors?.[0].extensions?.code).toBe('SECOND_FACTOR_REQUIRED');
      const secret = await enrol(noMfa);
      const token = (await loginAs(admin.login, admin.password, totpCode(secret))).data!.login.accessToken;
      const page = await t.gql<{ auditLog: { entries: { action: string }[]; endCursor: string | null } }>(Q, {}, token);
      expect(page.data?.auditLog.entries.length).toBe(5);
      expect((await t.gql(`{ auditLog(first: 501) { endCursor } }`, {}, token)).errors?.[0].extensions?.fields?.[0].field).toBe('first');

      const csv = await t.gql<{ auditLogCsv: string }>(`{ auditLogCsv(filter: { action: "LOGIN" }) }`, {}, token);
      const lines = csv.data!.auditLogCsv.split('\r\n');
      expect(lines[0]).toMatch(new RegExp(`^\\ufeff# exported by ${admin.id} \\(MUNICIPAL_ADMIN`));
      expect(lines[1]).toBe('id,at,account_id,role,organisation,action,data_class,person_id,purpose,incident_id,break_glass,decision,detail');
      expect(lines.slice(2).filter(Boolean).every((l) => l.split(',')[5] === 'LOGIN')).toBe(true);
      const reviews: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE account_id = $1 AND action IN ('REVIEW', 'EXPORT')`, [admin.id]);
      expect(reviews[0].n).toBe(2);
    });
  });
});
