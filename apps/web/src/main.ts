/**
 * Bootstrap and the one-line router: the login screen or the signed-in screen, nothing in between.
 * A reload picks the session up again from the refresh token in sessionStorage. Without a network, a tab
 * with a session reopens on what the device kept (the account, the incident's list and map), and the
 * outbox sends the ticks when the network is back.
 */
import 'leaflet/dist/leaflet.css';
import './styles.css';
import { ApiClient, ApiError } from './api';
import { AuthSession } from './auth';
import { h } from './dom';
import { readableError } from './errors';
import { applyLanguage, onLanguageChange, t } from './i18n';
import { LoginView } from './login-view';
import { clearNotices, relabelNotices, showNotice } from './notices';
import { CACHE_KEYS, deviceCache, setDeviceCacheWritable } from './offline/cache-store';
import { registerServiceWorker } from './offline/sw-register';
import { TickQueue } from './offline/tick-queue';
import { forgetCachedPersonalData } from './offline/wipe';
import { SignedInView } from './signed-in-view';
import type { SignedInAccount } from './types';
import type { View } from './view';

const root = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app', class: 'app' }));
const auth = new AuthSession();
const client = new ApiClient(auth);
const ticks = new TickQueue(auth);
let current: View | null = null;

function show(next: View): void {
  current?.destroy();
  clearNotices();
  current = next;
  root.replaceChildren(next.element);
  next.mounted?.();
}

function showLogin(problem?: unknown): void {
  show(new LoginView({ auth, onSignedIn: showSignedIn, initialProblem: problem }));
}

function showSignedIn(account: SignedInAccount, offline = false): void {
  setDeviceCacheWritable(true);
  // Kept (IndexedDB, wiped at logout) so this tab can reopen without a network.
  if (!offline) void deviceCache.put(CACHE_KEYS.account, account);
  void ticks.start(account.accountId);
  show(new SignedInView({ account, auth, client, ticks, onLoggedOut: () => showLogin() }));
  if (offline) {
    const dismiss = showNotice(() => t('sync.offlineStart'), 'info', { id: 'offline-start' });
    window.addEventListener('online', dismiss, { once: true });
  }
}

auth.onSessionEnded(() => {
  if (current instanceof LoginView) return; // several requests noticed at once
  // Asked to log in again; the outbox stays (sent after the next login of the same account).
  void forgetCachedPersonalData(ticks);
  showLogin(sessionExpired());
});

onLanguageChange(() => {
  current?.relabel();
  relabelNotices();
});

/** Anything that slips through still ends up on screen in words. */
function reportUnexpected(e: unknown): void {
  const readable = () => readableError(e);
  showNotice(() => readable().message, 'error', { id: 'unexpected', details: readable().details });
}
window.addEventListener('unhandledrejection', (ev) => reportUnexpected(ev.reason));
window.addEventListener('error', (ev) => {
  if (String(ev.message).includes('ResizeObserver')) return; // benign browser notice, not a failure
  reportUnexpected(ev.error ?? ev.message);
});

function sessionExpired(): ApiError {
  return new ApiError('UNAUTHENTICATED', 'Session expired');
}

async function start(): Promise<void> {
  applyLanguage();
  if (!auth.hasStoredSession()) return showLogin();
  root.replaceChildren(h('p', { class: 'boot', role: 'status' }, t('app.loading')));
  try {
    if ((await auth.refresh()) && auth.account) return showSignedIn(auth.account);
    showLogin(sessionExpired());
  } catch (e) {
    // Offline with a session of this tab: open on what the device kept; the session is renewed when
    // the network is back (the first request refreshes it). Otherwise say so on the login screen.
    const kept = e instanceof ApiError && e.code === 'NETWORK' ? await deviceCache.get<SignedInAccount>(CACHE_KEYS.account) : null;
    if (kept) return showSignedIn(kept.value, true);
    showLogin(e);
  }
}

registerServiceWorker();
void start();
