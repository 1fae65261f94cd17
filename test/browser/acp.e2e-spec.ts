/// <reference lib="dom" />
/**
 * ACP (人生会議) in a real browser: the demo facilitator records three discussions for one person over
 * time through the form (the resuscitation wish goes from undecided to "does not want"), the stance and
 * the timeline show the change, one record is corrected; a reload in the middle of the form brings the
 * draft back; a record submitted while offline stays on the device and is sent once the connection is
 * back; the demo doctor records a DNAR order, which the emergency summary shows as an order beside the
 * person's wishes; the person's copy downloads as a PDF; a welfare volunteer opening the ACP page sees
 * none of it.
 *
 * Same set-up as plans.e2e-spec.ts: the built web app (dist/web) against the real API with demo data,
 * Debian's Chromium through playwright-core, every request to another host aborted. Screenshots go to
 * test-artifacts/browser (acp-form, acp-timeline, acp-summary at 360 px and 1280 px).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { totpCode } from '@anpi/access';
import { DEMO_ACCOUNTS, demoTotpSecret } from '@anpi/demo';
import { bootApp, type TestApp } from '../support/app';

const REPO = resolve(__dirname, '..', '..');
const WEB_DIR = join(REPO, 'dist', 'web');
const ARTIFACTS = join(REPO, 'test-artifacts', 'browser');
const CHROMIUM = '/usr/bin/chromium';
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };
const DEMO_PASSWORD = 'anpi-demo-2026';

const FAMILY = { name: '狛江 花子', relation: '長女', phone: '090-1111-2222' };

interface Session {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/** `YYYY-MM-DDTHH:mm` in Japan time, `days` ago (the browser contexts run in Asia/Tokyo). */
function jstLocal(days: number, hour = 10): string {
  const d = new Date(Date.now() - days * 86_400_000 + 9 * 3600_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString().slice(0, 16);
}

describe('ACP in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let ds: DataSource;
  let person: { id: string; name: string };
  let facilitator: Session;

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html'))) throw new Error(`${WEB_DIR}/index.html does not exist: build the web app first (npm run build:web)`);
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium package; this test never downloads a browser`);
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await bootApp({ DEMO_DATA: 'true', WEB_DIR });
    ds = app.app.get(DataSource);
    // A Komae device user in the care team of the demo facilitator and doctor, who agreed to share ACP
    // with the team and has no discussion yet; one in the volunteer's district when there is one.
    const rows: { id: string; name: string }[] = await ds.query(
      `SELECT p.id, p.name FROM person p
         JOIN care_team_member f ON f.person_id = p.id JOIN account fa ON fa.id = f.account_id AND fa.login = 'facilitator.komae'
         JOIN care_team_member d ON d.person_id = p.id JOIN account da ON da.id = d.account_id AND da.login = 'doctor.komae'
        WHERE EXISTS (SELECT 1 FROM consent_record c WHERE c.person_id = p.id AND c.scope = 'ACP_SHARE_TEAM' AND c.decision = 'AGREE')
          AND NOT EXISTS (SELECT 1 FROM acp_discussion a WHERE a.person_id = p.id)
        ORDER BY (p.district_code = '13219-01') DESC, p.name_kana, p.id LIMIT 1`,
    );
    if (!rows[0]) throw new Error('no demo person in the care team of facilitator.komae and doctor.komae with ACP consent');
    person = rows[0];
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    facilitator = await signedIn('facilitator.komae', PHONE, true);
  }, 180_000);

  afterAll(async () => {
    await facilitator?.context.close();
    await browser?.close();
    await app?.close();
  });

  async function signedIn(login: string, viewport: { width: number; height: number }, mobile: boolean): Promise<Session> {
    const context = await browser.newContext({ viewport, deviceScaleFactor: mobile ? 2 : 1, isMobile: mobile, hasTouch: mobile, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', acceptDownloads: true });
    const appHost = new URL(app.url).host;
    await context.route((url) => url.host !== appHost, (route) => route.abort('internetdisconnected'));
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.accept();
    });
    await page.goto(app.url);
    await page.getByTestId('login-id').fill(login);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    const demo = DEMO_ACCOUNTS.find((a) => a.login === login);
    const secret = demo ? demoTotpSecret(demo) : null;
    if (secret) {
      await page.getByTestId('login-totp').waitFor({ state: 'visible' });
      await page.getByTestId('login-totp').fill(totpCode(secret));
      await page.getByTestId('login-submit').click();
    }
    await page.getByTestId('header').waitFor();
    return { context, page, problems };
  }

  async function go(page: Page, hash: string): Promise<void> {
    await page.evaluate((h) => {
      location.hash = h;
    }, hash);
  }

  const acp = (tab = '') => `#/people/${person.id}/acp${tab}`;

  async function discussions(): Promise<{ id: string; held_at: Date; corrects_id: string | null; preferences: { intervention: string; scenario: string; choice: string }[] }[]> {
    const rows = await ds.query(`SELECT id, held_at, corrects_id, preferences FROM acp_discussion WHERE person_id = $1 ORDER BY held_at, recorded_at`, [person.id]);
    return rows.map((r: any) => ({ ...r, preferences: typeof r.preferences === 'string' ? JSON.parse(r.preferences) : r.preferences }));
  }

  /** The text of an element once it is visible. */
  async function shown(page: Page, testId: string): Promise<string> {
    const el = page.getByTestId(testId);
    await el.waitFor({ state: 'visible' });
    return el.innerText();
  }

  async function notice(page: Page, text: string): Promise<void> {
    await page.locator('[data-testid="notice-info"]', { hasText: text }).waitFor();
  }

  async function draftKeys(page: Page): Promise<string[]> {
    return page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('anpi.acpDraft.')));
  }

  /** Opens the form with nothing carried over and sets when and where. */
  async function startForm(page: Page, heldAt: string, place: string): Promise<void> {
    await go(page, acp('/record'));
    await page.getByTestId('acp-form').waitFor();
    await page.getByTestId('acp-held-at').fill(heldAt);
    await page.getByTestId('acp-place').fill(place);
  }

  async function addFamily(page: Page): Promise<void> {
    await page.getByTestId('acp-add-participant-FAMILY').click();
    const names = page.getByTestId('acp-participant-name');
    await names.last().fill(FAMILY.name);
    await page.getByTestId('acp-participant-relation').last().fill(FAMILY.relation);
  }

  /** Adds a treatment row and answers it. */
  async function treatment(page: Page, intervention: string, scenario: string, choice: string, note = ''): Promise<void> {
    await page.getByTestId(`acp-add-treatment-${intervention}`).click();
    const rows = page.getByTestId('acp-preference');
    const i = (await rows.count()) - 1;
    await rows.nth(i).getByTestId('acp-preference-scenario').selectOption(scenario);
    await page.getByTestId(`acp-preference-${i}-choice-${choice}`).click();
    if (note) await page.getByTestId('acp-preference').nth(i).getByTestId('acp-preference-note').fill(note);
  }

  async function submitAndWait(page: Page, expected: number): Promise<void> {
    await page.getByTestId('acp-submit').click();
    await page.waitForFunction((h) => location.hash === h, acp());
    await page.getByTestId('acp-current').waitFor();
    expect((await discussions()).length).toBe(expected);
    expect(await draftKeys(page)).toEqual([]);
  }

  it('records the first discussion through the form, from the person page', async () => {
    const { page } = facilitator;
    await go(page, `#/people/${person.id}`);
    await page.getByTestId('open-acp').click();
    await page.getByTestId('acp-summary').waitFor();
    expect(await page.getByTestId('acp-summary').innerText()).toContain('まだ話し合いの記録はありません');

    await page.getByTestId('acp-tab-record').click();
    await page.getByTestId('acp-form').waitFor();
    // The person and the facilitator are already listed; nothing is stored until something is typed.
    expect(await page.getByTestId('acp-participant-name').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual([person.name, 'ACP 進行役 東和泉 遥']);
    expect(await draftKeys(page)).toEqual([]);
    await page.getByTestId('acp-held-at').fill(jstLocal(120));
    await page.getByTestId('acp-place').fill('自宅');
    expect(await draftKeys(page)).toHaveLength(1);
    expect(await shown(page, 'acp-draft-banner')).toContain('未送信の下書きあり');
    await addFamily(page);
    await page.getByTestId('acp-capacity-CAN_EXPRESS').click();
    await page.getByTestId('acp-value-STAYING_AT_HOME').click();
    await page.getByTestId('acp-values-text').fill('住み慣れた家で、家族と過ごしたい');
    await treatment(page, 'CPR', 'NO_RECOVERY_EXPECTED', 'UNDECIDED', '家族と相談したい');
    await page.getByTestId('acp-surrogates-discussed').check();
    const first = page.getByTestId('acp-surrogate').first();
    await first.getByTestId('acp-surrogate-name').fill(FAMILY.name);
    await first.getByTestId('acp-surrogate-relation').fill(FAMILY.relation);
    await first.getByTestId('acp-surrogate-phone').fill(FAMILY.phone);
    await page.getByTestId('acp-review-trigger').fill('入退院、病状の変化');

    // A missing answer is reported next to its field before anything is sent.
    await treatment(page, 'INTUBATION_VENTILATION', 'NO_RECOVERY_EXPECTED', 'UNDECIDED');
    await page.getByTestId('acp-preference').last().getByTestId('acp-preference-remove').click();
    await page.getByTestId('acp-add-treatment-DIALYSIS').click();
    await page.getByTestId('acp-submit').click();
    await page.getByTestId('acp-error-summary').waitFor();
    expect(await page.locator('[data-field="preferences.1.choice"] .field-error').innerText()).toContain('入力してください');
    expect((await discussions()).length).toBe(0);
    await page.getByTestId('acp-preference').last().getByTestId('acp-preference-remove').click();

    await page.screenshot({ path: join(ARTIFACTS, 'acp-form.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    for (const id of ['acp-submit', 'acp-add-treatment-CPR', 'acp-capacity-CAN_EXPRESS', 'acp-tab-stance']) {
      expect((await page.getByTestId(id).first().boundingBox())?.height).toBeGreaterThanOrEqual(44);
    }
    await submitAndWait(page, 1);
    await notice(page, '話し合いを記録しました');
    const [d1] = await discussions();
    expect(d1?.preferences).toEqual([{ intervention: 'CPR', scenario: 'NO_RECOVERY_EXPECTED', choice: 'UNDECIDED', note: '家族と相談したい' }]);
  }, 120_000);

  it('brings the draft back after the page is closed in the middle of the form', async () => {
    const { page } = facilitator;
    await startForm(page, jstLocal(60), '狛江 在宅クリニック 面談室');
    await addFamily(page);
    await page.getByTestId('acp-capacity-PARTIALLY').click();
    await page.getByTestId('acp-place-of-death').selectOption('HOME');
    await page.reload();
    await page.getByTestId('acp-form').waitFor();
    expect(await shown(page, 'acp-draft-banner')).toContain('未送信の下書きあり');
    expect(await page.getByTestId('acp-place').inputValue()).toBe('狛江 在宅クリニック 面談室');
    expect(await page.getByTestId('acp-held-at').inputValue()).toBe(jstLocal(60));
    expect(await page.getByTestId('acp-place-of-death').inputValue()).toBe('HOME');
    expect(await page.locator('#acp-capacityStatus-PARTIALLY').isChecked()).toBe(true);
    expect(await page.getByTestId('acp-participant-name').last().inputValue()).toBe(FAMILY.name);
    // The previous answer is shown beside the topic.
    await page.getByTestId('acp-add-treatment-CPR').click();
    expect(await page.getByTestId('acp-preference').last().getByTestId('acp-previous').innerText()).toContain('未定');
    expect(await page.getByTestId('acp-preference').last().getByTestId('acp-preference-scenario').inputValue()).toBe('NO_RECOVERY_EXPECTED');
    await page.getByTestId('acp-preference').last().getByTestId('acp-preference-remove').click();
    await page.getByTestId('acp-disclosure').selectOption('WANTS_TO_BE_TOLD');
    // The person page says there is an unsent draft too.
    await go(page, `#/people/${person.id}`);
    await page.getByTestId('person-acp-draft').waitFor();
    await page.getByTestId('open-acp').click();
    await page.getByTestId('acp-draft-continue').click();
    await page.getByTestId('acp-form').waitFor();
    expect(await page.getByTestId('acp-disclosure').inputValue()).toBe('WANTS_TO_BE_TOLD');
    await submitAndWait(page, 2);
  }, 120_000);

  it('keeps a record submitted offline on the device and sends it when the connection is back', async () => {
    const { page, context } = facilitator;
    await startForm(page, jstLocal(10), '自宅');
    await addFamily(page);
    await page.getByTestId('acp-capacity-CAN_EXPRESS').click();
    await treatment(page, 'CPR', 'NO_RECOVERY_EXPECTED', 'DOES_NOT_WANT', '苦しい延命は望まない');
    await treatment(page, 'HOSPITAL_TRANSFER', 'SUDDEN_DETERIORATION', 'WANTS');
    await page.getByTestId('acp-surrogates-discussed').check();
    await page.getByTestId('acp-copy-surrogates').click();
    await page.getByTestId('acp-surrogate').nth(1).getByTestId('acp-surrogate-name').fill('狛江 次郎');
    await page.getByTestId('acp-surrogate').nth(1).getByTestId('acp-surrogate-relation').fill('長男');
    await page.getByTestId('acp-surrogate').nth(1).getByTestId('acp-surrogate-phone').fill('03-3430-1111');

    await context.setOffline(true);
    await page.getByTestId('acp-submit').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="acp-draft-banner"]')?.getAttribute('data-state') === 'sending');
    expect(await page.getByTestId('acp-draft-banner').innerText()).toMatch(/オフライン[\s\S]*未送信の下書きあり[\s\S]*通信が戻ると自動で送信します/);
    await notice(page, '送信待ち');
    expect((await discussions()).length).toBe(2);
    expect(await draftKeys(page)).toHaveLength(1);
    await page.waitForTimeout(2500); // a retry by the timer while still offline changes nothing
    expect((await discussions()).length).toBe(2);

    await context.setOffline(false);
    await page.waitForFunction((h) => location.hash === h, acp(), { timeout: 30_000 });
    await page.getByTestId('acp-current').waitFor();
    const all = await discussions();
    expect(all).toHaveLength(3);
    expect(all[2]?.preferences.map((p) => `${p.intervention}:${p.choice}`)).toEqual(['CPR:DOES_NOT_WANT', 'HOSPITAL_TRANSFER:WANTS']);
    expect(await draftKeys(page)).toEqual([]);
  }, 120_000);

  it('shows the current stance and how the resuscitation wish changed, and corrects a record', async () => {
    const { page } = facilitator;
    await go(page, acp());
    await page.getByTestId('acp-timeline').waitFor();
    expect(await page.getByTestId('acp-discussion-count').innerText()).toContain('3');
    const cpr = page.locator('[data-testid="acp-current-item"][data-key="TREATMENT:CPR:NO_RECOVERY_EXPECTED"]');
    expect(await cpr.getByTestId('acp-value').getAttribute('data-choice')).toBe('DOES_NOT_WANT');
    expect(await cpr.innerText()).toContain('苦しい延命は望まない');
    const history = page.locator('[data-testid="acp-topic-history"][data-key="TREATMENT:CPR:NO_RECOVERY_EXPECTED"]');
    const steps = history.getByTestId('acp-step');
    expect(await steps.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-choice')}:${e.getAttribute('data-current')}`))).toEqual(['UNDECIDED:false', 'DOES_NOT_WANT:true']);
    expect(await steps.nth(1).getByTestId('acp-step-changed').count()).toBe(1);
    expect(await steps.nth(1).innerText()).toContain(FAMILY.name); // who was present
    expect(await page.locator('[data-testid="acp-topic-history"][data-key="PLACE_OF_DEATH"]').getByTestId('acp-step').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'acp-timeline.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // In English, the same page in other words (codes never shown raw).
    await page.getByTestId('lang-toggle').click();
    await page.waitForFunction(() => document.querySelector('#acp-current-title')?.textContent === 'Current wishes');
    expect(await cpr.innerText()).toMatch(/CPR[\s\S]*if no recovery is expected[\s\S]*does not want/);
    expect(await page.getByTestId('acp-timeline').innerText()).not.toMatch(/[A-Z]{3,}_[A-Z_]+/);
    await page.getByTestId('lang-toggle').click();
    await page.waitForFunction(() => document.querySelector('#acp-current-title')?.textContent === '現在の意向');

    // Correct the second record: the place of death was misheard.
    const records = page.getByTestId('acp-record');
    expect(await records.count()).toBe(3);
    await records.nth(1).getByTestId('acp-correct').click();
    await page.getByTestId('acp-reason').waitFor();
    expect(await page.getByTestId('acp-place-of-death').inputValue()).toBe('HOME');
    await page.getByTestId('acp-place-of-death').selectOption('PALLIATIVE_CARE_UNIT');
    await page.getByTestId('acp-submit').click();
    expect(await page.locator('[data-field="reason"] .field-error').innerText()).toContain('入力してください');
    await page.getByTestId('acp-reason').fill('最期の場所を聞き違えた（自宅ではなく緩和ケア病棟）');
    await submitAndWait(page, 4);
    await notice(page, '訂正を記録しました');
    await page.locator('[data-testid="acp-topic-history"][data-key="PLACE_OF_DEATH"] [data-testid="acp-step-correction"]').waitFor();
    expect(await page.locator('[data-testid="acp-current-item"][data-key="PLACE_OF_DEATH"]').innerText()).toContain('緩和ケア病棟');
    expect(await page.getByTestId('acp-record-superseded').count()).toBe(1);
    expect(await page.getByTestId('acp-record-correction').count()).toBe(1);
    const rows = await discussions();
    expect(rows.filter((r) => r.corrects_id)).toHaveLength(1);


    // Starting another record and thinking better of it: the draft goes, after asking.
    await go(page, acp('/record'));
    await page.getByTestId('acp-form').waitFor();
    await page.getByTestId('acp-add-treatment-DIALYSIS').click();
    expect(await draftKeys(page)).toHaveLength(1);
    await page.getByTestId('acp-draft-discard').click(); // confirm() is accepted by the dialog handler
    await page.waitForFunction(() => (document.querySelector('[data-testid="acp-draft-banner"]') as HTMLElement | null)?.hidden === true);
    expect(await draftKeys(page)).toEqual([]);
    expect(await page.getByTestId('acp-preference').count()).toBe(0);
  }, 120_000);

  it('lets the doctor record a DNAR order, which the emergency summary shows as an order beside the wishes', async () => {
    const doctor = await signedIn('doctor.komae', DESKTOP, false);
    try {
      const { page } = doctor;
      // The same stance and form on a desktop screen.
      await go(page, acp());
      await page.getByTestId('acp-timeline').waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'acp-timeline-1280.png'), fullPage: true });
      await go(page, acp('/record'));
      await page.getByTestId('acp-form').waitFor();
      await page.getByTestId('acp-capacity-CAN_EXPRESS').click();
      await treatment(page, 'CPR', 'NO_RECOVERY_EXPECTED', 'DOES_NOT_WANT');
      await page.getByTestId('acp-surrogates-discussed').check();
      await page.getByTestId('acp-copy-surrogates').click();
      await page.screenshot({ path: join(ARTIFACTS, 'acp-form-1280.png'), fullPage: true });
      await page.getByTestId('acp-draft-discard').click();
      await page.waitForFunction(() => (document.querySelector('[data-testid="acp-draft-banner"]') as HTMLElement | null)?.hidden === true);
      doctor.problems.splice(0, doctor.problems.length, ...doctor.problems.filter((p) => !p.includes('下書きを破棄しますか')));

      await go(page, acp('/emergency'));
      await page.getByTestId('acp-order-form').waitFor();
      expect(await page.getByTestId('acp-emergency-orders').innerText()).toContain('有効な医師の指示はありません');
      await page.getByTestId('acp-order-kind').selectOption('CPR');
      await page.getByTestId('acp-order-code').selectOption('DO_NOT_ATTEMPT_RESUSCITATION');
      await page.getByTestId('acp-order-submit').click();
      await page.locator('[data-testid="acp-emergency-orders"] [data-testid="acp-order"]').waitFor();
      const order = page.locator('[data-testid="acp-emergency-orders"] [data-testid="acp-order"]');
      expect(await order.getAttribute('data-code')).toBe('DO_NOT_ATTEMPT_RESUSCITATION');
      expect(await order.innerText()).toMatch(/心肺蘇生を行わない（DNAR）[\s\S]*在宅医 元和泉 誠/);
      const wishes = page.getByTestId('acp-wish');
      expect(await wishes.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-intervention')}:${e.getAttribute('data-choice')}`))).toEqual(['CPR:DOES_NOT_WANT', 'HOSPITAL_TRANSFER:WANTS']);
      const surrogates = page.getByTestId('acp-emergency-surrogate');
      expect(await surrogates.count()).toBe(2);
      expect(await surrogates.first().innerText()).toContain(FAMILY.name);
      expect(await surrogates.first().locator('a').getAttribute('href')).toBe('tel:09011112222');
      await page.screenshot({ path: join(ARTIFACTS, 'acp-summary-1280.png'), fullPage: true });
      expect(doctor.problems).toEqual([]);
    } finally {
      await doctor.context.close();
    }
    const [row] = await ds.query(`SELECT code, a.login FROM acp_physician_order o JOIN account a ON a.id = o.ordered_by WHERE o.person_id = $1`, [person.id]);
    expect(row).toEqual({ code: 'DO_NOT_ATTEMPT_RESUSCITATION', login: 'doctor.komae' });

    // The facilitator sees the order as an order on the stance, and the emergency summary on a phone.
    const { page } = facilitator;
    await go(page, acp('/emergency'));
    await page.getByTestId('acp-emergency').waitFor();
    expect(await page.getByTestId('acp-order-form').count()).toBe(0);
    expect(await page.getByTestId('acp-emergency-orders').innerText()).toContain('DNAR');
    expect(await page.getByTestId('acp-emergency-wishes').innerText()).toContain('医師の指示ではありません');
    await page.screenshot({ path: join(ARTIFACTS, 'acp-summary.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  }, 120_000);

  it('downloads the person’s copy as a PDF', async () => {
    const { page } = facilitator;
    await go(page, acp());
    await page.getByTestId('acp-print').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('acp-print').click()]);
    expect(download.suggestedFilename()).toMatch(/^anpi-acp-summary-\d{8}-[0-9a-f]{8}\.pdf$/);
    const file = await download.path();
    const pdf = readFileSync(file as string);
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    writeFileSync(join(ARTIFACTS, 'acp-summary.pdf'), pdf);
    const [audit] = await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE person_id = $1 AND action = 'EXPORT' AND detail->>'operation' = 'acpSummaryPdf'`, [person.id]);
    expect(audit.n).toBe(1);
    // The only dialog was the one asking before the draft was discarded.
    expect(facilitator.problems.filter((p) => !p.includes('下書きを破棄しますか'))).toEqual([]);
  }, 60_000);

  it('shows a welfare volunteer no ACP content', async () => {
    const volunteer = await signedIn('volunteer.komae', PHONE, true);
    try {
      const { page } = volunteer;
      for (const tab of ['', '/emergency', '/record']) {
        await go(page, acp(tab));
        await page.getByTestId('acp-unavailable').waitFor();
        const text = await page.getByTestId('acp-page').innerText();
        for (const secret of ['苦しい延命は望まない', FAMILY.name, FAMILY.phone, 'DNAR', '緩和ケア病棟']) expect(text).not.toContain(secret);
        for (const id of ['acp-current', 'acp-timeline', 'acp-emergency', 'acp-form', 'acp-orders', 'acp-print']) expect(await page.getByTestId(id).count()).toBe(0);
      }
      await go(page, `#/people/${person.id}`);
      await page.waitForFunction(() => !!document.querySelector('[data-testid="person-name"], [data-testid="page-error"]'));
      expect(await page.getByTestId('open-acp').count()).toBe(0);
      expect(volunteer.problems).toEqual([]);
    } finally {
      await volunteer.context.close();
    }
  }, 60_000);
});
