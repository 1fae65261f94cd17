/**
 * The session of this tab. The access token lives in memory only; the refresh token in sessionStorage
 * (survives a reload, dies with the tab, never in localStorage). Refresh tokens are single-use and a
 * reused one ends the session on the server, so at most one refresh runs at a time.
 */
import { ApiError, isUnauthenticated, postGraphQL, type SessionPort } from './api';
import type { AuthPayload, SignedInAccount } from './types';

const REFRESH_TOKEN_KEY = 'anpi.refreshToken';
const PAYLOAD = 'accessToken accessTokenExpiresAt refreshToken accountId role displayName';

const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { ${PAYLOAD} } }`;
const REFRESH = `mutation RefreshSession($input: RefreshSessionInput!) { refreshSession(input: $input) { ${PAYLOAD} } }`;
const LOGOUT = `mutation Logout { logout }`;

export class AuthSession implements SessionPort {
  private token: string | null = null;
  private signedIn: SignedInAccount | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly endedListeners = new Set<() => void>();

  get account(): SignedInAccount | null {
    return this.signedIn;
  }

  accessToken(): string | null {
    return this.token;
  }

  /** `fn` runs when the server no longer accepts this session (the app then shows the login screen). */
  onSessionEnded(fn: () => void): void {
    this.endedListeners.add(fn);
  }

  sessionEnded(): void {
    this.forget();
    for (const fn of this.endedListeners) fn();
  }

  /** Throws ApiError: UNAUTHENTICATED (wrong credentials), SECOND_FACTOR_REQUIRED, RATE_LIMITED, NETWORK… */
  async login(login: string, password: string, totpCode?: string): Promise<SignedInAccount> {
    const input: Record<string, string> = { login, password };
    if (totpCode) input.totpCode = totpCode;
    const data = await postGraphQL<{ login: AuthPayload }>(LOGIN, { input });
    return this.accept(data.login);
  }

  /** Whether a reload can pick the session up again without asking for the password. */
  hasStoredSession(): boolean {
    return readRefreshToken() !== null;
  }

  /**
   * Exchanges the stored refresh token for a new pair. False when there is none or the server refuses it;
   * a network failure is thrown (the token is kept, so the session survives a moment offline).
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Ends the session on the server (best effort) and wipes everything this tab kept. */
  async logout(): Promise<void> {
    try {
      if (this.token) {
        try {
          await postGraphQL<{ logout: boolean }>(LOGOUT, {}, this.token);
        } catch (e) {
          if (isUnauthenticated(e) && (await this.refresh())) await postGraphQL<{ logout: boolean }>(LOGOUT, {}, this.token);
          else throw e;
        }
      }
    } catch {
      // Offline or already expired: the server session ends by itself; locally we forget it now.
    } finally {
      this.forget();
      try {
        sessionStorage.clear();
      } catch {
        /* storage disabled: nothing was kept */
      }
    }
  }

  private async doRefresh(): Promise<boolean> {
    const refreshToken = readRefreshToken();
    if (!refreshToken) return false;
    try {
      const data = await postGraphQL<{ refreshSession: AuthPayload }>(REFRESH, { input: { refreshToken } });
      this.accept(data.refreshSession);
      return true;
    } catch (e) {
      // Only a refusal ends the session; a server or network failure may pass, so keep the token.
      if (isUnauthenticated(e) || (e instanceof ApiError && e.code === 'BAD_USER_INPUT')) {
        this.forget();
        return false;
      }
      throw e;
    }
  }

  private accept(p: AuthPayload): SignedInAccount {
    this.token = p.accessToken;
    this.signedIn = { accountId: p.accountId, displayName: p.displayName, role: p.role };
    try {
      sessionStorage.setItem(REFRESH_TOKEN_KEY, p.refreshToken);
    } catch {
      /* storage disabled: the session lasts until the page is reloaded */
    }
    return this.signedIn;
  }

  private forget(): void {
    this.token = null;
    this.signedIn = null;
    try {
      sessionStorage.removeItem(REFRESH_TOKEN_KEY);
    } catch {
      /* nothing kept */
    }
  }
}

function readRefreshToken(): string | null {
  try {
    return sessionStorage.getItem(REFRESH_TOKEN_KEY);
  } catch {
    return null;
  }
}
