/// <reference lib="dom" />
/**
 * Roster and individual evacuation plans in a real browser (the "done when"): a care manager and
 * a visiting nurse open the same plan in two browser contexts; one saves; the other's save is refused
 * with a readable conflict that names who changed what; after loading the new revision the second save
 * goes through and the history shows both authors. Also: the roster finds a person by a fragment of the
 * kana reading; the editor chooses a shelter on the map and draws a 3-point route that are saved and
 * shown again; a bad phone number is reported next to its field; draft → review → agreement after the
 * share preview and a recorded consent.
 *
 * Same set-up as web.e2e-spec.ts: the built web app (dist/web) against the real API with demo data,
 * Debian's Chromium through playwright-core, every request to another host (map tiles) aborted.
 */
import { existsSync, mkdirSync } from 'node:fs';
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
const CARE_MANAGER = { login: 'caremanager.komae', displayName: 'ケアマネ 駒井 京子' };
const NURSE = { login: 'nurse.komae', displayName: '訪問看護師 中和泉 恵' };

interface Session {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

interface SharedPerson {
  id: string;
  name: string;
  name_kana: string;
}

describe('roster and plans in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let ds: DataSource;
  /** People in the care team of both the care manager and the nurse, each with a plan. */
  let shared: SharedPerson[];
  let careManager: Session;
  let nurse: Session;

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html'))) {
      throw new Error(`${WEB_DIR}/index.html does not exist: build the web app first (npm run build:web)`);
    }
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} not found: install Debian's chromium package (apt-get install chromium); this test never downloads a browser`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await bootApp({ DEMO_DATA: 'true', WEB_DIR });
    ds = app.app.get(DataSource);
    shared = await ds.query(
      `SELECT p.id, p.name, p.name_kana FROM person p
         JOIN care_team_member a ON a.person_id = p.id JOIN account x ON x.id = a.account_id AND x.login = $1
         JOIN care_team_member b ON b.person_id = p.id JOIN account y ON y.id = b.account_id AND y.login = $2
         JOIN plan pl ON pl.person_id = p.id
        ORDER BY p.name_kana, p.id`,
      [CARE_MANAGER.login, NURSE.login],
    );
    if (shared.length < 3) throw new Error(`expected at least 3 people in both demo care teams, found ${shared.length}`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // One login per account for the whole file: a one-time code cannot be used twice.
    careManager = await signedIn(CARE_MANAGER.login, PHONE, true);
    nurse = await signedIn(NURSE.login, DESKTOP, false);
  }, 180_000);

  afterAll(async () => {
    await careManager?.context.close();
    await nurse?.context.close();
    await browser?.close();
    await app?.close();
  });

  /** A browser context (phone or desktop) whose requests to other hosts are aborted, logged in as `login`. */
  async function signedIn(login: string, viewport: { width: number; height: number }, mobile: boolean): Promise<Session> {
    const context = await browser.newContext({ viewport, deviceScaleFactor: mobile ? 2 : 1, isMobile: mobile, hasTouch: mobile, locale: 'ja-JP' });
    const appHost = new URL(app.url).host;
    await context.route(
      (url) => url.host !== appHost,
      (route) => route.abort('internetdisconnected'),
    );
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // "Leave with unsaved changes?" should never be asked here: accept it so the test goes on, but record it.
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

  /** Opens a plan and waits until the editor and the shelters on its map are there. */
  async function openPlan(page: Page, personId: string): Promise<void> {
    const hash = `#/people/${personId}/plan`;
    if ((await page.evaluate(() => location.hash)) === hash) await page.reload(); // fresh from the server
    else await go(page, hash);
    await page.getByTestId('plan-save').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="plan-shelter"]').length > 400);
    await settle(page);
  }

  async function latestRevision(personId: string): Promise<{ revision: number; content: Record<string, any>; login: string }> {
    const [row] = await ds.query(
      `SELECT r.revision, r.content, a.login FROM plan_revision r JOIN account a ON a.id = r.author_account_id WHERE r.person_id = $1 ORDER BY r.revision DESC LIMIT 1`,
      [personId],
    );
    return { revision: Number(row.revision), content: typeof row.content === 'string' ? JSON.parse(row.content) : row.content, login: row.login };
  }

  it('finds a person in the roster by a fragment of the kana reading, sorted by priority with its factors in words', async () => {
    const { page, problems } = careManager;
    const target = shared[1] as SharedPerson;
    await page.getByTestId('nav-people').click();
    await page.getByTestId('people-list').waitFor();
    expect(await page.getByTestId('nav-people').getAttribute('aria-current')).toBe('page');

    // Highest priority first; factor names translated, never raw codes.
    const scores = (await page.getByTestId('priority-score').allInnerTexts()).map((s) => Number(s.replace(/\D/g, '')));
    expect(scores.length).toBeGreaterThan(5);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    // Paging: "show more" appends the next page (the care manager's team is larger than one page).
    const firstPage = await page.getByTestId('person-card').count();
    await page.getByTestId('people-more').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="person-card"]').length > n, firstPage);
    const factors = await page.getByTestId('priority-factors').allInnerTexts();
    expect(factors.join(' ')).not.toMatch(/[A-Z_]{4,}/);
    expect(factors.join(' ')).toMatch(/人工呼吸器|在宅酸素|要介護/);

    // A fragment from the middle of the reading, spaces ignored.
    const kana = target.name_kana.replace(/\s/g, '');
    const fragment = kana.slice(1, 4);
    await page.getByTestId('people-search').fill(fragment);
    await page.waitForFunction(
      ([id, fragment]) => {
        const cards = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="person-card"]'));
        return cards.some((c) => c.dataset.personId === id) && cards.every((c) => (c.textContent ?? '').replace(/\s/g, '').includes(fragment as string));
      },
      [target.id, fragment],
    );
    for (const text of await page.getByTestId('person-card').allInnerTexts()) {
      expect(text.replace(/\s/g, '')).toContain(fragment);
    }
    expect(page.url()).toContain(`text=${encodeURIComponent(fragment)}`);

    // One-handed on a 360-px phone: touch targets ≥ 44 px, text ≥ 16 px.
    for (const id of ['nav-map', 'nav-people', 'people-search', 'person-card', 'people-filters-toggle']) {
      const box = await page.getByTestId(id).first().boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(44);
    }
    const fontSizes = await page.evaluate(() => ['.person-card-meta', '.person-kana', '.person-card-factors', '.field-hint'].map((s) => parseFloat(getComputedStyle(document.querySelector(s) as Element).fontSize)));
    for (const size of fontSizes) expect(size).toBeGreaterThanOrEqual(16);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: join(ARTIFACTS, 'people.png') });

    // The 名簿 tab starts a fresh, unfiltered roster.
    await page.getByTestId('nav-people').click();
    await page.waitForFunction(() => location.hash === '#/people' && (document.querySelector('[data-testid="people-search"]') as HTMLInputElement | null)?.value === '');
    await page.getByTestId('people-list').waitFor();

    // Filters: medical care = ventilator keeps only people on a ventilator.
    await page.getByTestId('people-search').fill('');
    await page.getByTestId('people-filters-toggle').click();
    await page.locator('label[for="people-medical-VENTILATOR"]').click();
    await page.waitForFunction(() => location.hash.includes('med=VENTILATOR'));
    await page.waitForFunction(() => {
      const cards = Array.from(document.querySelectorAll('[data-testid="person-card"]'));
      return cards.length > 0 && cards.every((c) => c.textContent?.includes('人工呼吸器'));
    });
    await page.screenshot({ path: join(ARTIFACTS, 'people-filters.png'), fullPage: true });
    await page.getByTestId('people-clear').click();
    await page.waitForFunction(() => !location.hash.includes('med='));

    // The person page explains the priority in words and links to the plan.
    await go(page, `#/people/${target.id}`);
    await page.getByTestId('priority-explained').waitFor();
    expect(await page.getByTestId('person-name').innerText()).toBe(target.name);
    expect(await page.getByTestId('priority-explained').innerText()).toMatch(/。/);
    await page.getByTestId('consent-form').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'person.png'), fullPage: true });

    // The same roster on a wide screen.
    await page.setViewportSize(DESKTOP);
    await go(page, `#/people?text=${encodeURIComponent(fragment.slice(0, 2))}`);
    await page.getByTestId('people-list').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'people-1280.png') });
    await page.setViewportSize(PHONE);
    expect(problems).toEqual([]);
  });

  it('chooses a shelter on the map, draws a 3-point route, shows a bad phone next to its field, saves and shows them again', async () => {
    const { page, problems } = careManager;
    const person = shared[2] as SharedPerson;
    const before = await latestRevision(person.id);
    await openPlan(page, person.id);

    // Choose a shelter by tapping its marker on the map.
    const map = page.getByTestId('plan-map');
    await map.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const marker = await tappableShelter(page);
    await page.mouse.click(marker.x, marker.y);
    await page.getByTestId('destination-chosen-name').waitFor();
    const chosenName = await page.getByTestId('destination-chosen-name').innerText();
    expect(chosenName).toBe(marker.name);
    expect(await page.locator('.anpi-plan-shelter.is-chosen').getAttribute('data-shelter-id')).toBe(marker.id);

    // Draw a route: three taps, then finish.
    await map.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.getByTestId('route-draw').click();
    const box = await map.boundingBox();
    if (!box) throw new Error('the plan map has no box');
    for (const [fx, fy] of [[0.35, 0.75], [0.5, 0.55], [0.68, 0.35], [0.8, 0.2]] as const) {
      await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
    }
    expect(await page.getByTestId('route-status').innerText()).toContain('4点');
    await page.getByTestId('route-undo').click(); // one tap too many
    expect(await page.getByTestId('route-status').innerText()).toContain('3点');
    await page.getByTestId('route-finish').click();
    const route = page.getByTestId('route').last();
    expect(await route.getByTestId('route-stats').getAttribute('data-points')).toBe('3');
    await route.getByTestId('route-description').fill('自宅前の道を北へ。踏切は避ける。');

    // The backup runtime follows the battery figures as they are typed (internal + Σ external).
    const device = page.getByTestId('device').first();
    const internal = Number(await device.getByTestId('device-internal').inputValue());
    await device.getByTestId('add-external').click();
    await device.getByTestId('device-external').last().fill('4');
    const externals = (await device.getByTestId('device-external').evaluateAll((els) => els.map((e) => Number((e as HTMLInputElement).value)))).reduce((a, b) => a + b, 0);
    expect(await device.getByTestId('device-runtime').innerText()).toContain(`${internal + externals} 時間`);
    expect(await page.getByTestId('plan-runtime').innerText()).toMatch(/いちばん早く止まる機器で \d+(\.\d+)? 時間/);

    // A new supporter with a phone number that is not one: the server's message appears under that field.
    await page.getByTestId('add-supporter').click();
    const supporter = page.getByTestId('supporter').last();
    await supporter.getByTestId('supporter-name').fill('猪方 次郎');
    await supporter.getByTestId('supporter-relation').fill('近隣住民');
    await supporter.getByTestId('supporter-phone').fill('12345');
    await page.getByTestId('plan-comment').fill('避難先と経路を地図で設定');
    await page.getByTestId('plan-save').click();
    const phoneField = supporter.locator('[data-field$=".phone"]');
    const phoneError = phoneField.getByTestId('field-error');
    await phoneError.waitFor({ state: 'visible' });
    expect(await phoneError.innerText()).toContain('電話番号');
    expect(await supporter.getByTestId('supporter-phone').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('error-summary').innerText()).toContain('電話番号');
    expect((await latestRevision(person.id)).revision).toBe(before.revision); // nothing saved
    await settle(page);
    await page.screenshot({ path: join(ARTIFACTS, 'plan-editor.png'), fullPage: true });

    // Corrected, it saves.
    await supporter.getByTestId('supporter-phone').fill('03-3430-1111');
    await page.getByTestId('plan-save').click();
    await page.getByTestId('notice-info').filter({ hasText: `保存しました（版 ${before.revision + 1}）` }).waitFor();
    const saved = await latestRevision(person.id);
    expect(saved.login).toBe(CARE_MANAGER.login);
    expect(saved.content.destination).toMatchObject({ shelterId: marker.id, name: chosenName });
    expect(saved.content.routes).toHaveLength(1);
    expect(saved.content.routes[0].geometry.type).toBe('LineString');
    expect(saved.content.routes[0].geometry.coordinates).toHaveLength(3);
    expect(saved.content.supporters.at(-1)).toMatchObject({ name: '猪方 次郎', phone: '03-3430-1111' });
    expect(saved.content.supporters.at(-1).key).toEqual(expect.any(String));
    // Existing supporters kept their keys.
    const keysBefore = (before.content.supporters as { key: string }[]).map((s) => s.key);
    expect(saved.content.supporters.slice(0, keysBefore.length).map((s: { key: string }) => s.key)).toEqual(keysBefore);

    // After a reload the saved plan shows the shelter and the route again.
    await page.reload();
    await page.getByTestId('plan-save').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="plan-shelter"]').length > 400);
    expect(await page.getByTestId('destination-chosen-name').innerText()).toBe(chosenName);
    expect(await page.locator('.anpi-plan-shelter.is-chosen').getAttribute('data-shelter-id')).toBe(marker.id);
    expect(await page.getByTestId('route').count()).toBe(1);
    expect(await page.getByTestId('route-stats').getAttribute('data-points')).toBe('3');
    expect(await page.getByTestId('route-description').inputValue()).toBe('自宅前の道を北へ。踏切は避ける。');
    expect(await page.locator('path.anpi-route').count()).toBe(1);
    expect(await page.getByTestId('save-status').innerText()).toBe('変更はありません。');

    // Wide screen: the map beside the form.
    await page.setViewportSize(DESKTOP);
    await settle(page);
    await page.screenshot({ path: join(ARTIFACTS, 'plan-editor-1280.png') });
    await page.setViewportSize(PHONE);
    expect(problems).toEqual([]);
  });

  it('refuses the second of two saves on the same revision with a readable conflict, keeps what was typed, and the history shows both authors', async () => {
    const person = shared[0] as SharedPerson;
    const start = await latestRevision(person.id);
    await openPlan(careManager.page, person.id);
    await openPlan(nurse.page, person.id);

    // The care manager saves first.
    const cm = careManager.page;
    await cm.getByTestId('plan-transport').fill('車いす（介助者1名）');
    await cm.getByTestId('plan-comment').fill('移動手段を車いすに変更');
    await cm.getByTestId('plan-save').click();
    await cm.getByTestId('notice-info').filter({ hasText: `版 ${start.revision + 1}` }).waitFor();

    // The nurse, still on the old revision, saves: refused, with who changed what.
    const n = nurse.page;
    const note = '吸引は30分ごと。吸引器と予備のカテーテルを持参する。';
    await n.getByTestId('plan-care-notes').fill(note);
    await n.getByTestId('plan-save').click();
    const conflict = n.getByTestId('conflict');
    await conflict.waitFor();
    await n.waitForFunction(
      (who) => document.querySelector('[data-testid="conflict-message"]')?.textContent?.includes(who),
      CARE_MANAGER.displayName,
    );
    const message = await n.getByTestId('conflict-message').innerText();
    expect(message).toContain(`この計画は他の人（${CARE_MANAGER.displayName}`);
    expect(message).toContain(`が更新しました（版 ${start.revision + 1}）`);
    const fields = await n.getByTestId('conflict-fields').innerText();
    expect(fields).toContain('変更された項目: ');
    expect(fields).toContain('移動手段');
    expect(await n.getByTestId('conflict-mine').inputValue()).toContain(note);
    expect(await n.getByTestId('plan-care-notes').inputValue()).toBe(note); // nothing typed is lost
    expect((await latestRevision(person.id)).revision).toBe(start.revision + 1);
    await conflict.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await n.screenshot({ path: join(ARTIFACTS, 'conflict.png') });
    await n.setViewportSize(PHONE);
    await conflict.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await n.screenshot({ path: join(ARTIFACTS, 'conflict-360.png') });
    await n.setViewportSize(DESKTOP);

    // Load the new revision: the care manager's change is in, the nurse's own change is kept on top.
    await n.getByTestId('conflict-load').click();
    await n.getByTestId('conflict-loaded').waitFor();
    expect(await n.getByTestId('conflict-carried').innerText()).toContain('配慮事項');
    expect(await n.getByTestId('plan-transport').inputValue()).toBe('車いす（介助者1名）');
    expect(await n.getByTestId('plan-care-notes').inputValue()).toBe(note);
    expect(await n.getByTestId('plan-revision').innerText()).toBe(`版 ${start.revision + 1}`);
    await n.getByTestId('plan-comment').fill('吸引の頻度と持ち物を追記');
    await n.getByTestId('plan-save').click();
    await n.getByTestId('notice-info').filter({ hasText: `版 ${start.revision + 2}` }).waitFor();
    expect(await n.getByTestId('conflict').count()).toBe(0);
    const last = await latestRevision(person.id);
    expect(last).toMatchObject({ revision: start.revision + 2, login: NURSE.login });
    expect(last.content).toMatchObject({ transport: '車いす（介助者1名）', careNotes: note });

    // History, newest first, with both authors and readable changes.
    await n.getByTestId('plan-history-link').click();
    await n.getByTestId('revisions').waitFor();
    const revisions = n.getByTestId('revision');
    expect(await revisions.nth(0).getAttribute('data-revision')).toBe(String(start.revision + 2));
    expect(await revisions.nth(0).getByTestId('revision-author').innerText()).toContain(NURSE.displayName);
    expect(await revisions.nth(1).getByTestId('revision-author').innerText()).toContain(CARE_MANAGER.displayName);
    const careNotes = revisions.nth(0).locator('[data-testid="change"][data-field="careNotes"]');
    expect(await careNotes.innerText()).toContain(note);
    const transport = revisions.nth(1).locator('[data-testid="change"][data-field="transport"]');
    expect(await transport.innerText()).toMatch(/変更前[\s\S]*→ 変更後[\s\S]*車いす（介助者1名）/);
    expect(await revisions.nth(1).getByTestId('comments').innerText()).toContain('移動手段を車いすに変更');

    // A comment on the newest revision.
    await revisions.nth(0).locator('details.comment-form > summary').click();
    await revisions.nth(0).getByTestId('comment-body').fill('次回訪問時に本人と確認します。');
    await revisions.nth(0).getByTestId('comment-submit').click();
    await n.waitForFunction(() => document.querySelector('[data-testid="revision"] [data-testid="comments"]')?.textContent?.includes('次回訪問時に本人と確認します。'));
    await n.screenshot({ path: join(ARTIFACTS, 'history.png'), fullPage: true });

    // The care manager sees the same history on the phone.
    await go(cm, `#/people/${person.id}/history`);
    await cm.getByTestId('revisions').waitFor();
    const authors = await cm.getByTestId('revision-author').allInnerTexts();
    expect(authors[0]).toContain(NURSE.displayName);
    expect(authors[1]).toContain(CARE_MANAGER.displayName);
    expect(await cm.getByTestId('comments').first().innerText()).toContain('次回訪問時に本人と確認します。');
    await cm.screenshot({ path: join(ARTIFACTS, 'history-360.png'), fullPage: true });
    expect(careManager.problems).toEqual([]);
    expect(nurse.problems).toEqual([]);
  });

  it('takes a plan from draft to review to agreement, after the share preview and the recorded consent', async () => {
    const { page, problems } = careManager;
    const person = shared[0] as SharedPerson; // a draft after the conflict test's saves

    // The person withdraws their consent to the plan (recorded on their page): agreement is then refused.
    await go(page, `#/people/${person.id}`);
    await recordPlanConsent(page, 'WITHDRAWN');
    expect(await page.getByTestId('consent-item').first().innerText()).toMatch(/個別避難計画の作成[\s\S]*撤回[\s\S]*有効/);

    await openPlan(page, person.id);
    expect(await page.getByTestId('plan-status').first().getAttribute('data-status')).toBe('DRAFT');
    await page.getByTestId('plan-submit').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="plan-status"]')?.getAttribute('data-status') === 'IN_REVIEW');

    // Before agreeing: whom the plan reaches, in normal times and in a disaster (art. 49-14(2)).
    await page.getByTestId('plan-agree').click();
    await page.getByTestId('share-normal_times').waitFor();
    expect(await page.getByTestId('share-normal_times').innerText()).toContain('ケアチーム');
    expect(await page.getByTestId('share-preview').innerText()).toContain('災害時');
    expect(await page.getByTestId('share-preview').innerText()).toContain('平常時');
    expect(await page.getByTestId('share-preview').innerText()).not.toMatch(/named in the plan|disaster provision|NORMAL_TIMES|DISASTER/);
    expect(await page.getByTestId('agree-confirm').isDisabled()).toBe(true);
    await page.locator('label[for="agree-explained"]').click();
    await page.getByTestId('share-preview').screenshot({ path: join(ARTIFACTS, 'share-preview.png') });
    await page.getByTestId('agree-confirm').click();
    await page.getByTestId('agree-needs-consent').waitFor();
    expect(await page.getByTestId('agree-needs-consent').innerText()).toContain('同意がまだ記録されていません');

    // Record the consent (the link leads to the person page), then agree.
    await page.getByTestId('agree-needs-consent').locator('a').click();
    await recordPlanConsent(page, 'AGREE');
    await openPlan(page, person.id);
    await page.getByTestId('plan-agree').click();
    await page.locator('label[for="agree-explained"]').click();
    await page.getByTestId('agree-confirm').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="plan-status"]')?.getAttribute('data-status') === 'AGREED');
    const [plan] = await ds.query(`SELECT status, agreed_revision FROM plan WHERE person_id = $1`, [person.id]);
    expect(plan.status).toBe('AGREED');

    // English labels on the same page.
    await page.getByTestId('lang-toggle').click();
    expect(await page.getByTestId('plan-title').innerText()).toContain('Evacuation plan of');
    expect(await page.getByTestId('plan-save').innerText()).toBe('Save');
    expect(await page.getByTestId('plan-status').first().innerText()).toBe('Agreed');
    await page.screenshot({ path: join(ARTIFACTS, 'plan-en.png') });
    await page.getByTestId('lang-toggle').click();
    expect(problems).toEqual([]);
  });

  /** On the person page: records a decision on the plan-creation consent, signed by the person. */
  async function recordPlanConsent(page: Page, decision: 'AGREE' | 'WITHDRAWN'): Promise<void> {
    await page.getByTestId('consent-form').waitFor();
    const count = await page.getByTestId('consent-item').count();
    await page.locator('[data-testid="consent-form"] > summary').click();
    expect(await page.getByTestId('consent-scope').inputValue()).toBe('PLAN_CREATION');
    expect(await page.getByTestId('consent-explained').inputValue()).toContain('説明 第1版');
    await page.getByTestId('consent-decision').selectOption(decision);
    await page.getByTestId('consent-signer').fill('本人');
    await page.getByTestId('consent-submit').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="consent-item"]').length === n + 1, count);
  }
});

/** Lets Leaflet finish its zoom / fade animations before a screenshot or a tap. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim, .leaflet-pan-anim'));
  await page.waitForTimeout(300);
}

/**
 * A shelter marker well inside the plan map that a tap actually reaches (not covered by another marker
 * or a control), with its id and name. Zooms out once if none is in view.
 */
async function tappableShelter(page: Page): Promise<{ x: number; y: number; id: string; name: string }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const found = await page.evaluate(() => {
      const map = document.querySelector('[data-testid="plan-map"]') as HTMLElement;
      const m = map.getBoundingClientRect();
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-testid="plan-shelter"]'))) {
        const r = el.getBoundingClientRect();
        const x = r.x + r.width / 2;
        const y = r.y + r.height / 2;
        if (r.width === 0 || x < m.x + 70 || x > m.right - 30 || y < m.y + 30 || y > m.bottom - 50) continue;
        if (document.elementFromPoint(x, y)?.closest('[data-shelter-id]') !== el) continue;
        return { x, y, id: el.dataset.shelterId as string, name: (el.getAttribute('title') ?? '').replace(/（[^（]*）$/, '') };
      }
      return null;
    });
    if (found) return found;
    await page.locator('[data-testid="plan-map"] .leaflet-control-zoom-out').click();
    await settle(page);
  }
  throw new Error('no shelter marker can be tapped on the plan map');
}
