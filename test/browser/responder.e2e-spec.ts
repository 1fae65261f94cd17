/// <reference lib="dom" />
/**
 * Safety checks in a real browser (Issue 6): an incident is declared over Komae; a visiting nurse (phone)
 * sees its people on the map and in the list, ticks one; the coordinator's dashboard (admin, desktop) sees
 * it change live; the nurse goes offline, ticks three, comes back: exactly three new check events reach the
 * server; a reload without a network opens on what the device kept; logging out deletes every IndexedDB
 * database of the app.
 *
 * Same set-up as web.e2e-spec.ts: the built web app (dist/web) against the real API with demo data,
 * Debian's Chromium through playwright-core, every request to another host (map tiles) aborted.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { totpCode, totpStep } from '@anpi/access';
import { DEMO_ACCOUNTS, demoTotpSecret } from '@anpi/demo';
import { bootApp, type TestApp } from '../support/app';

const REPO = resolve(__dirname, '..', '..');
const WEB_DIR = join(REPO, 'dist', 'web');
const ARTIFACTS = join(REPO, 'test-artifacts', 'browser');
const CHROMIUM = '/usr/bin/chromium';
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };
const DEMO_PASSWORD = 'anpi-demo-2026';
const TITLE = '狛江市 震度6弱';
const DRILL_TITLE = '狛江市 水害訓練';
const OUR_DATABASES = ['anpi-outbox', 'anpi-cache'];

interface Session {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

describe('safety checks in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let ds: DataSource;
  let incidentId: string;
  let drillId: string;
  const sessions: Session[] = [];

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'sw.js'))) {
      throw new Error(`${WEB_DIR}/sw.js does not exist: build the web app first (npm run build:web)`);
    }
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} not found: install Debian's chromium package (apt-get install chromium); this test never downloads a browser`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await bootApp({ DEMO_DATA: 'true', WEB_DIR });
    ds = app.app.get(DataSource);
    const admin = (await app.login('admin.komae')).accessToken;
    lastStep.set('admin.komae', totpStep()); // the step that API login used (or an earlier one)
    const declared = await app.gql<{ declareIncident: { id: string } }>(
      `mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id } }`,
      { i: { kind: 'EARTHQUAKE', title: TITLE, municipalityCodes: ['13219'] } },
      admin,
    );
    if (!declared.data) throw new Error(`declareIncident failed: ${JSON.stringify(declared.errors)}`);
    incidentId = declared.data.declareIncident.id;
    // A drill over a drawn polygon in the middle of Komae, declared first: the real incident stays the start page.
    const drill = await app.gql<{ declareIncident: { id: string } }>(
      `mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id } }`,
      {
        i: {
          kind: 'FLOOD',
          title: DRILL_TITLE,
          isDrill: true,
          polygons: [{ type: 'Polygon', coordinates: [[[139.57, 35.628], [139.586, 35.628], [139.586, 35.64], [139.57, 35.64], [139.57, 35.628]]] }],
        },
      },
      admin,
    );
    if (!drill.data) throw new Error(`declareIncident (drill) failed: ${JSON.stringify(drill.errors)}`);
    drillId = drill.data.declareIncident.id;
    for (const id of [incidentId, drillId]) {
      for (let i = 0; i < 600; i++) {
        const s = await app.gql<{ incident: { generationStatus: string } }>(`query($id: ID!) { incident(id: $id) { generationStatus } }`, { id }, admin);
        if (s.data?.incident.generationStatus === 'DONE') break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 180_000);

  afterAll(async () => {
    for (const s of sessions) await s.context.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
  });

  /** A one-time code is accepted once per 30-s step, within ±1 step: each login takes the next unused step. */
  const lastStep = new Map<string, number>();
  async function nextCode(login: string, secret: string): Promise<string> {
    const step = Math.max((lastStep.get(login) ?? totpStep() - 2) + 1, totpStep() - 1);
    while (step > totpStep() + 1) await new Promise((r) => setTimeout(r, 1000));
    lastStep.set(login, step);
    return totpCode(secret, step);
  }

  async function logIn(page: Page, login: string): Promise<void> {
    await page.getByTestId('login-id').fill(login);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    const demo = DEMO_ACCOUNTS.find((a) => a.login === login);
    const secret = demo ? demoTotpSecret(demo) : null;
    if (secret) {
      await page.getByTestId('login-totp').waitFor({ state: 'visible' });
      await page.getByTestId('login-totp').fill(await nextCode(login, secret));
      await page.getByTestId('login-submit').click();
    }
    await page.getByTestId('header').waitFor();
  }

  /** A browser context logged in as `login`. */
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
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.accept();
    });
    await page.goto(app.url);
    await logIn(page, login);
    const s = { context, page, problems };
    sessions.push(s);
    return s;
  }

  async function checkEvents(): Promise<number> {
    const [row] = await ds.query(`SELECT count(*)::int AS n FROM check_event WHERE incident_id = $1`, [incidentId]);
    return row.n as number;
  }

  /** Ticks the n-th entry of the list (0-based) with `outcome`; returns its task id. */
  async function tickEntry(page: Page, n: number, outcome: string): Promise<string> {
    const entry = page.getByTestId('task-item').nth(n);
    const taskId = (await entry.getAttribute('data-task-id')) as string;
    await entry.getByTestId('task-tick').click();
    const sheet = page.getByTestId('tick-sheet');
    await sheet.waitFor();
    await sheet.getByTestId(`outcome-${outcome}`).click();
    if (outcome === 'NEEDS_HELP') await sheet.getByTestId('confirm-needs-help').click();
    await sheet.waitFor({ state: 'detached' });
    return taskId;
  }

  function entryOf(page: Page, taskId: string) {
    return page.locator(`[data-testid="task-item"][data-task-id="${taskId}"]`);
  }

  it('ticks on a phone, shows it live on the dashboard, sends offline ticks once, and wipes the device at logout', async () => {
    // --- the nurse's phone: the start page is the incident map, people drawn, the list below ---
    const nurse = await signedIn('nurse.komae', PHONE, true);
    const { page } = nurse;
    await page.waitForFunction((id) => location.hash === `#/incidents/${id}`, incidentId);
    await page.getByTestId('incident-title').filter({ hasText: TITLE }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="incident-cluster"], [data-testid="incident-person"]').length > 0, undefined, { timeout: 30_000 });
    await page.getByTestId('task-item').first().waitFor();
    const tasks = await page.getByTestId('task-item').count();
    expect(tasks).toBeGreaterThanOrEqual(6);
    // Only what the API returned: a name, or "details hidden" with the district.
    const names = await page.getByTestId('task-name').allInnerTexts();
    expect(names.every((n) => n.trim().length > 0)).toBe(true);
    await page.getByTestId('live-state').and(page.locator('[data-state="live"]')).waitFor();
    // Phone first: nothing wider than the screen, touch targets of 44 px, text of 16 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    for (const testId of ['task-tick', 'task-claim', 'filter-toggle']) {
      const box = await page.getByTestId(testId).first().boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(44);
    }
    expect(await page.getByTestId('task-name').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
    await settle(page);
    await page.screenshot({ path: join(ARTIFACTS, 'responder-map.png') });

    // English on request, relabelled in place.
    await page.getByTestId('lang-toggle').click();
    await page.getByTestId('task-tick').first().filter({ hasText: 'Record check' }).waitFor();
    await page.getByTestId('live-state').filter({ hasText: /^Live$/ }).waitFor();
    await page.getByTestId('lang-toggle').click();
    await page.getByTestId('task-tick').first().filter({ hasText: '安否を記録' }).waitFor();

    // --- the coordinator's dashboard on a desktop ---
    const admin = await signedIn('admin.komae', DESKTOP, false);
    const dash = admin.page;
    // Zoomed out, the clusters follow the map filters (counted on the server): one group, only its people.
    const clusterSum = () =>
      dash.evaluate(() => [...document.querySelectorAll('[data-testid="incident-cluster"]')].reduce((a, el) => a + Number(el.getAttribute('data-count')), 0));
    await dash.goto(`${app.url}#/incidents/${incidentId}`);
    await dash.waitForFunction(() => document.querySelectorAll('[data-testid="incident-cluster"], [data-testid="incident-person"]').length > 0, undefined, { timeout: 30_000 });
    for (let i = 0; i < 4 && !(await dash.locator('[data-testid="incident-cluster"]').count()); i++) {
      await dash.locator('.leaflet-control-zoom-out').click();
      await dash.waitForTimeout(700);
    }
    await dash.locator('[data-testid="incident-cluster"]').first().waitFor({ timeout: 10_000 });
    const everyone = await clusterSum();
    const [medical] = await ds.query(`SELECT count(DISTINCT person_id)::int AS n FROM task WHERE incident_id = $1 AND responder_group = 'MEDICAL'`, [incidentId]);
    expect(medical.n).toBeGreaterThan(0);
    expect(medical.n).toBeLessThan(everyone);
    await dash.getByTestId('filter-toggle').click();
    await dash.getByTestId('filter-group').selectOption('MEDICAL');
    await dash.waitForFunction((n) => [...document.querySelectorAll('[data-testid="incident-cluster"]')].reduce((a, el) => a + Number(el.getAttribute('data-count')), 0) === n, medical.n, { timeout: 10_000 });
    await dash.getByTestId('filter-group').selectOption('');
    await dash.waitForFunction((n) => [...document.querySelectorAll('[data-testid="incident-cluster"]')].reduce((a, el) => a + Number(el.getAttribute('data-count')), 0) === n, everyone, { timeout: 10_000 });
    expect(await clusterSum()).toBe(everyone);
    await dash.getByTestId('nav-dashboard').click();
    await dash.getByTestId('dash-checked').and(dash.locator('[data-value="0"]')).waitFor();
    await dash.getByTestId('live-state').and(dash.locator('[data-state="live"]')).waitFor();
    const total = Number(await dash.getByTestId('dash-total').getAttribute('data-value'));
    expect(total).toBeGreaterThan(tasks);

    // --- one tick on the phone: the dashboard changes without a reload ---
    const before = await checkEvents();
    const ticked = new Set<string>();
    const first = await tickEntry(page, 0, 'SAFE_AT_HOME');
    ticked.add(first);
    await entryOf(page, first).and(page.locator('[data-status="SAFE_AT_HOME"]')).waitFor();
    await dash.getByTestId('dash-checked').and(dash.locator('[data-value="1"]')).waitFor({ timeout: 5_000 });
    await dash.locator(`[data-testid="feed-item"][data-task-id="${first}"][data-status="SAFE_AT_HOME"]`).waitFor({ timeout: 5_000 });
    expect(await checkEvents()).toBe(before + 1);

    // "Needs help now" asks first, then is loud everywhere.
    const urgent = await tickEntry(page, 1, 'NEEDS_HELP');
    ticked.add(urgent);
    await entryOf(page, urgent).and(page.locator('[data-status="NEEDS_HELP"]')).waitFor();
    expect(await entryOf(page, urgent).getAttribute('class')).toContain('task-card-urgent');
    await dash.getByTestId('dash-needs-help').and(dash.locator('[data-value="1"]')).waitFor({ timeout: 5_000 });
    await dash.locator(`[data-testid="dash-list-needs-help"] [data-task-id="${urgent}"]`).waitFor({ timeout: 10_000 });

    // Claims are visible to others.
    const claimed = page.getByTestId('task-item').nth(2);
    const claimedId = (await claimed.getAttribute('data-task-id')) as string;
    await claimed.getByTestId('task-claim').click();
    await entryOf(page, claimedId).getByTestId('task-claimed').waitFor();
    expect(await entryOf(page, claimedId).getByTestId('task-claimed').innerText()).toContain('あなたが対応中');

    // From a marker's popup: everyone on the map, zoom into a cluster, open a person, tick (two taps).
    await page.locator('label[for="scope-everyone"]').click();
    await page.locator('[data-testid="incident-cluster"]').first().dispatchEvent('click');
    const marker = page.locator('[data-testid="incident-person"]:not([data-status="NEEDS_HELP"])').first();
    await marker.waitFor({ timeout: 15_000 });
    const markerTask = ((await marker.getAttribute('data-tasks')) ?? '').split(' ')[0] as string;
    await settle(page);
    await marker.dispatchEvent('click');
    await page.getByTestId('person-popup').waitFor();
    await settle(page);
    await page.waitForTimeout(400); // the popup's fade-in
    await page.screenshot({ path: join(ARTIFACTS, 'responder-popup.png') });
    await page.getByTestId('popup-tick').first().click();
    await page.getByTestId('tick-sheet').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'responder-tick.png') });
    await page.getByTestId('tick-sheet').getByTestId('outcome-EVACUATED').click();
    await page.getByTestId('tick-sheet').waitFor({ state: 'detached' });
    await page.locator(`[data-testid="incident-person"][data-tasks~="${markerTask}"][data-status="EVACUATED"]`).waitFor();
    ticked.add(markerTask);
    await dash.locator(`[data-testid="feed-item"][data-task-id="${markerTask}"][data-status="EVACUATED"]`).waitFor({ timeout: 5_000 });

    // A tick the server refuses for good (e.g. the task went to another group meanwhile) is kept and flagged.
    await page.route('**/graphql', (route) => {
      if ((route.request().postData() ?? '').includes('mutation RecordCheck')) {
        return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ errors: [{ message: 'Task not found', extensions: { code: 'NOT_FOUND' } }] }) });
      }
      return route.continue();
    });
    const refused = await tickEntry(page, 6, 'SAFE_AT_HOME');
    const rejected = page.getByTestId('sync-rejected');
    await rejected.waitFor();
    expect(await rejected.innerText()).toContain('担当が変わった');
    expect(await rejected.locator(`[data-task-id="${refused}"]`).count()).toBe(1);
    await page.unroute('**/graphql');
    await page.getByTestId('sync-dismiss').click();
    await rejected.waitFor({ state: 'detached' });

    // --- offline: three ticks wait in the outbox; back online they are sent, once each ---
    const beforeOffline = await checkEvents();
    await nurse.context.setOffline(true);
    await page.getByTestId('sync-offline').waitFor();
    const offlineTicks = [await tickEntry(page, 3, 'HOME_NEEDS_SUPPORT'), await tickEntry(page, 4, 'EVACUATED'), await tickEntry(page, 5, 'NOT_REACHABLE')];
    for (const id of offlineTicks) ticked.add(id);
    await page.getByTestId('sync-bar').and(page.locator('[data-pending="3"]')).waitFor();
    expect(await page.getByTestId('sync-pending').innerText()).toContain('3');
    for (const id of offlineTicks) await entryOf(page, id).getByTestId('task-pending').waitFor();
    await page.waitForTimeout(2500); // a retry timer fires meanwhile: still nothing may reach the server
    expect(await checkEvents()).toBe(beforeOffline);
    await page.getByTestId('notice-info').filter({ hasText: '通信が戻ると送信します' }).waitFor({ state: 'detached' });
    await page.locator('#task-list-title').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(ARTIFACTS, 'responder-list.png') });

    await nurse.context.setOffline(false);
    await page.locator('[data-testid="sync-bar"][data-pending="0"][data-online="true"]').waitFor({ state: 'attached', timeout: 30_000 });
    expect(await checkEvents()).toBe(beforeOffline + 3);
    for (const [i, status] of ['HOME_NEEDS_SUPPORT', 'EVACUATED', 'NOT_REACHABLE'].entries()) {
      await entryOf(page, offlineTicks[i]).and(page.locator(`[data-status="${status}"]`)).waitFor();
    }
    await dash.getByTestId('dash-checked').and(dash.locator(`[data-value="${ticked.size}"]`)).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(1500);
    expect(await checkEvents()).toBe(beforeOffline + 3);
    const dupes = await ds.query(`SELECT client_event_id FROM check_event WHERE incident_id = $1 GROUP BY 1 HAVING count(*) > 1`, [incidentId]);
    expect(dupes).toEqual([]);

    await dash.waitForTimeout(300);
    await dash.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    await dash.setViewportSize(PHONE);
    await dash.waitForTimeout(200);
    expect(await dash.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await dash.screenshot({ path: join(ARTIFACTS, 'dashboard-360.png') });
    await dash.setViewportSize(DESKTOP);

    // --- a reload without a network opens on what the device kept (service worker + IndexedDB) ---
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 10_000 });
    await nurse.context.setOffline(true);
    await page.reload();
    await page.getByTestId('task-item').first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('task-item').count()).toBe(tasks);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="incident-cluster"], [data-testid="incident-person"]').length > 0);
    await nurse.context.setOffline(false);
    await page.getByTestId('live-state').and(page.locator('[data-state="live"]')).waitFor({ timeout: 30_000 });
    // Live again after the reconnect, and it stays so (no reconnect loop).
    await page.waitForTimeout(3000);
    expect(await page.getByTestId('live-state').getAttribute('data-state')).toBe('live');

    // The desktop layout of the same screen: the list beside the map.
    await page.setViewportSize(DESKTOP);
    await settle(page);
    await page.screenshot({ path: join(ARTIFACTS, 'responder-map-desktop.png') });
    await page.setViewportSize(PHONE);

    // --- logout wipes the outbox and every cached byte of personal data ---
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toEqual(expect.arrayContaining(['anpi-cache']));
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    const left = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(left.filter((n) => OUR_DATABASES.includes(n ?? ''))).toEqual([]);
    // Only the language choice (not personal data, set by the toggle above) stays in localStorage.
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual(['anpi.language']);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    const cacheNames = await page.evaluate(() => caches.keys());
    expect(cacheNames.every((n) => n.startsWith('anpi-shell-'))).toBe(true);

    expect(nurse.problems).toEqual([]);
    expect(admin.problems).toEqual([]);
  }, 240_000);

  it('asks to log in again when the session has expired, keeps the tick, and sends it after the login', async () => {
    const nurse = await signedIn('nurse.komae', PHONE, true);
    const { page } = nurse;
    await page.getByTestId('task-item').nth(8).waitFor({ timeout: 30_000 });
    // The server no longer accepts this session: the tick is refused as UNAUTHENTICATED, so is the refresh token.
    const refused = JSON.stringify({ errors: [{ message: 'Session expired or invalid; please log in again', extensions: { code: 'UNAUTHENTICATED' } }] });
    await page.route('**/graphql', (route) => {
      const body = route.request().postData() ?? '';
      if (body.includes('mutation RecordCheck') || body.includes('refreshSession')) return route.fulfill({ contentType: 'application/json', body: refused });
      return route.continue();
    });
    const before = await checkEvents();
    const taskId = await tickEntry(page, 8, 'HOME_NEEDS_SUPPORT');
    await page.getByTestId('login-form').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('login-error').innerText()).toContain('ログインの有効期限が切れました');
    const queued = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const req = indexedDB.open('anpi-outbox');
          req.onsuccess = () => {
            const count = req.result.transaction('ticks').objectStore('ticks').count();
            count.onsuccess = () => {
              req.result.close();
              resolve(count.result);
            };
          };
          req.onerror = () => resolve(-1);
        }),
    );
    expect(queued).toBe(1);
    expect(await checkEvents()).toBe(before);

    await page.unroute('**/graphql');
    await logIn(page, 'nurse.komae');
    await page.locator('[data-testid="sync-bar"][data-pending="0"]').waitFor({ state: 'attached', timeout: 30_000 });
    for (let i = 0; i < 100 && (await checkEvents()) !== before + 1; i++) await page.waitForTimeout(100);
    expect(await checkEvents()).toBe(before + 1);
    const [event] = await ds.query(`SELECT outcome FROM check_event WHERE task_id = $1 ORDER BY received_at DESC LIMIT 1`, [taskId]);
    expect(event.outcome).toBe('HOME_NEEDS_SUPPORT');

    // The incident picker: both incidents, the drill marked 訓練; the drill's drawn area on its map.
    await page.evaluate(() => (location.hash = '#/incidents'));
    await page.getByTestId('incident-item').nth(1).waitFor();
    const drillItem = page.locator(`[data-testid="incident-item"][data-incident-id="${drillId}"]`);
    expect(await drillItem.getByTestId('drill-badge').innerText()).toBe('訓練');
    expect(await page.locator(`[data-testid="incident-item"][data-incident-id="${incidentId}"]`).getByTestId('drill-badge').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'incidents.png') });
    await drillItem.getByTestId('incident-open').click();
    await page.getByTestId('drill-banner').waitFor();
    await page.getByTestId('incident-title').filter({ hasText: DRILL_TITLE }).waitFor();
    await page.locator('path.anpi-incident-area').first().waitFor();
    await page.getByTestId('task-item').first().waitFor();
    expect(await page.getByTestId('task-item').first().locator('.drill-badge').count()).toBe(1);
    await settle(page);
    await page.screenshot({ path: join(ARTIFACTS, 'responder-drill.png') });
    expect(nurse.problems).toEqual([]);
  }, 120_000);
});

/** Lets Leaflet finish its zoom / fade animations (about 250 ms) before a screenshot or a tap. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim, .leaflet-pan-anim'));
  await page.waitForTimeout(300);
}
