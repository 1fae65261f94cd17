/// <reference lib="dom" />
/**
 * The built web app (dist/web) against the real API, driven by Debian's Chromium through playwright-core.
 * Build first: `npm run build:api && npm run build:web`. Nothing here reaches the internet: every request
 * that is not for the app itself (map tiles) is aborted, which also proves the map reads without tiles.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { totpCode } from '@anpi/access';
import { DEMO_ACCOUNTS, demoTotpSecret } from '@anpi/demo';
import { bootApp, type TestApp } from '../support/app';

const REPO = resolve(__dirname, '..', '..');
const WEB_DIR = join(REPO, 'dist', 'web');
const ARTIFACTS = join(REPO, 'test-artifacts', 'browser');
const CHROMIUM = '/usr/bin/chromium';
const PHONE = { width: 360, height: 740 };

const DEMO_PASSWORD = 'anpi-demo-2026';
const NURSE = { login: 'nurse.komae', displayName: '訪問看護師 中和泉 恵', roleJa: '訪問看護師', roleEn: 'Visiting nurse' };

describe('web app in a browser', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html'))) {
      throw new Error(`${WEB_DIR}/index.html does not exist: build the web app first (npm run build:web)`);
    }
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} not found: install Debian's chromium package (apt-get install chromium); this test never downloads a browser`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await bootApp({ DEMO_DATA: 'true', WEB_DIR });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A fresh phone-sized context whose requests to any other host are aborted (and counted). */
  async function phone(): Promise<{ context: BrowserContext; page: Page; blocked: string[]; problems: string[] }> {
    const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'ja-JP' });
    const appHost = new URL(app.url).host;
    const blocked: string[] = [];
    await context.route(
      (url) => url.host !== appHost,
      (route) => {
        blocked.push(route.request().url());
        return route.abort('internetdisconnected');
      },
    );
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    return { context, page, blocked, problems };
  }

  async function fillLogin(page: Page, login: string, password: string): Promise<void> {
    await page.getByTestId('login-id').fill(login);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  }

  it('shows a readable error and stays on the login screen when the password is wrong', async () => {
    const { context, page, problems } = await phone();
    try {
      await page.goto(app.url);
      await fillLogin(page, 'volunteer.komae', 'not-the-password');
      const error = page.getByTestId('login-error');
      await error.waitFor({ state: 'visible' });
      expect(await error.innerText()).toContain('ログインIDまたはパスワードが違います');
      expect(await page.getByTestId('login-form').isVisible()).toBe(true);
      expect(await page.getByTestId('header').count()).toBe(0);
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, 'login-error.png') });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('serves the web app manifest and its icon', async () => {
    const manifest = (await (await fetch(`${app.url}/manifest.webmanifest`)).json()) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: '安否 Anpi', short_name: 'Anpi', display: 'standalone' });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    const icon = await fetch(`${app.url}/icon.svg`);
    expect(icon.status).toBe(200);
    expect(await icon.text()).toContain('<svg');
  });

  it('logs in on a phone, draws the region without tiles, switches language and logs out', async () => {
    const { context, page, blocked, problems } = await phone();
    try {
      // Login screen, in Japanese by default, with the demo hint.
      await page.goto(app.url);
      await page.getByTestId('login-form').waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
      expect(await page.getByTestId('demo-hint').innerText()).toContain('README');
      await page.screenshot({ path: join(ARTIFACTS, 'login.png') });

      await fillLogin(page, NURSE.login, DEMO_PASSWORD);

      // A visiting nurse reads medical data, so the server asks for the one-time code (README demo secret).
      const demoNurse = DEMO_ACCOUNTS.find((a) => a.login === NURSE.login);
      const secret = demoNurse ? demoTotpSecret(demoNurse) : null;
      if (secret) {
        const totp = page.getByTestId('login-totp');
        await totp.waitFor({ state: 'visible' });
        expect(await page.getByTestId('login-error').innerText()).toContain('確認コード');
        await page.screenshot({ path: join(ARTIFACTS, 'login-totp.png') });
        await totp.fill(totpCode(secret));
        await page.getByTestId('login-submit').click();
      }

      // Header with the account's name and role.
      const header = page.getByTestId('header');
      await header.waitFor();
      expect(await header.innerText()).toContain(NURSE.displayName);
      expect(await page.getByTestId('account-role').innerText()).toBe(NURSE.roleJa);

      // The map: six municipal boundaries and the shelters, although every tile request was aborted.
      const map = page.getByTestId('map');
      await map.waitFor();
      await page.waitForFunction(() => document.querySelectorAll('.leaflet-overlay-pane path.anpi-shelter').length >= 400, undefined, { timeout: 30_000 });
      expect(await page.locator('.leaflet-overlay-pane path.anpi-boundary').count()).toBe(6);
      expect(await page.locator('.leaflet-overlay-pane path.anpi-shelter').count()).toBeGreaterThanOrEqual(400);
      expect(await page.locator('.anpi-municipality-label').count()).toBe(6);
      const tileHost = new URL(app.config.mapTileUrl.replace(/[{}]/g, '')).host;
      expect(blocked.some((u) => new URL(u).host === tileHost)).toBe(true);
      const box = await map.boundingBox();
      expect(box?.width).toBe(PHONE.width);
      expect(box?.height).toBeGreaterThan(PHONE.height / 2);
      // Readable without tiles: a light background under the vector layers, boundaries actually drawn.
      const background = await page.locator('.leaflet-container').evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(background).toBe('rgb(238, 241, 234)');
      const boundaryPathLength = await page.locator('path.anpi-boundary').first().getAttribute('d');
      expect((boundaryPathLength ?? '').length).toBeGreaterThan(100);
      await page.getByTestId('notice-info').filter({ hasText: '背景地図を読み込めません' }).waitFor();

      // Legally required credits for the boundary and shelter data are in the attribution.
      const attribution = await page.locator('.leaflet-control-attribution').innerText();
      expect(attribution).toContain('地理院タイル');
      expect(attribution).toContain('国土数値情報');
      expect(attribution).toContain('指定緊急避難場所データ');

      // Touch targets.
      for (const id of ['lang-toggle', 'logout']) {
        const b = await page.getByTestId(id).boundingBox();
        expect(b?.height).toBeGreaterThanOrEqual(44);
      }
      const zoomIn = await page.locator('.leaflet-control-zoom-in').boundingBox();
      expect(zoomIn?.height).toBeGreaterThanOrEqual(44);

      // Tokens: refresh token in sessionStorage only, nothing in localStorage but the language.
      expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual(['anpi.refreshToken']);
      expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
      await settle(page);
      await page.screenshot({ path: join(ARTIFACTS, 'map.png') });

      // A shelter popup opens on tap.
      await page.locator('.leaflet-control-zoom-in').click();
      await settle(page);
      const marker = await visibleShelter(page);
      await page.mouse.click(marker.x, marker.y);
      await page.getByTestId('shelter-popup').waitFor();
      await settle(page);
      await page.screenshot({ path: join(ARTIFACTS, 'map-popup.png') });

      // English, kept across a reload (which also resumes the session from the refresh token).
      const logout = page.getByTestId('logout');
      expect(await logout.innerText()).toBe('ログアウト');
      await page.getByTestId('lang-toggle').click();
      expect(await logout.innerText()).toBe('Log out');
      expect(await page.getByTestId('account-role').innerText()).toBe(NURSE.roleEn);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect(await page.evaluate(() => localStorage.getItem('anpi.language'))).toBe('en');
      // The reload resumes the session from the refresh token; the first map query is then answered
      // UNAUTHENTICATED (as for an expired access token): the client refreshes once and retries.
      const refreshes: string[] = [];
      let expired = false;
      await page.route('**/graphql', async (route) => {
        const body = route.request().postData() ?? '';
        if (body.includes('refreshSession')) refreshes.push(body);
        if (!expired && body.includes('query Region')) {
          expired = true;
          return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ errors: [{ message: 'Session expired or invalid; please log in again', extensions: { code: 'UNAUTHENTICATED' } }] }) });
        }
        return route.continue();
      });
      await page.reload();
      await page.getByTestId('header').waitFor();
      expect(await page.getByTestId('logout').innerText()).toBe('Log out');
      await page.waitForFunction(() => document.querySelectorAll('path.anpi-boundary').length === 6);
      expect(await page.locator('.anpi-municipality-label').allInnerTexts()).toContain('Komae');
      expect(expired).toBe(true);
      expect(refreshes).toHaveLength(2);
      expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual(['anpi.refreshToken']);
      await settle(page);
      await page.screenshot({ path: join(ARTIFACTS, 'map-en.png') });

      // Log out: back to the login form, nothing left in sessionStorage.
      await page.getByTestId('logout').click();
      await page.getByTestId('login-form').waitFor();
      expect(await page.getByTestId('header').count()).toBe(0);
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
      expect(await page.getByTestId('login-submit').innerText()).toBe('Log in');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

/** Lets Leaflet finish its zoom / fade animations (about 250 ms) before a screenshot or a tap. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim, .leaflet-pan-anim'));
  await page.waitForTimeout(300);
}

/** The screen position of a shelter marker well inside the map (clear of the controls). */
async function visibleShelter(page: Page): Promise<{ x: number; y: number }> {
  const mapBox = await page.getByTestId('map').boundingBox();
  if (!mapBox) throw new Error('map has no box');
  const boxes = await page.locator('path.anpi-shelter').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width };
    }),
  );
  const inside = boxes.find(
    (b) => b.w > 0 && b.x > mapBox.x + 70 && b.x < mapBox.x + mapBox.width - 70 && b.y > mapBox.y + 120 && b.y < mapBox.y + mapBox.height - 140,
  );
  if (!inside) throw new Error('no shelter marker visible in the middle of the map');
  return inside;
}
