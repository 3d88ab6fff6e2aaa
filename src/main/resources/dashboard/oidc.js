// Signing the admin in: OpenID Connect authorization code flow with PKCE (S256) against the realm, through
// the public client compromised-credentials-console. Tokens live in this page's memory only; what must
// survive the trip to the login page (state, nonce, code verifier, where to come back) waits in
// sessionStorage and is removed on return.

const PENDING = 'cc-dashboard-login';
const SIGNED_IN = 'cc-dashboard-signed-in';

export class LoginError extends Error {
  constructor(code, description) {
    super(description || code);
    this.code = code;
  }
}

function base64Url(bytes) {
  let binary = '';
  bytes.forEach((b) => { binary += String.fromCharCode(b); });
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(byteCount) {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

function decodeJwt(token) {
  const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
  return JSON.parse(json);
}

export class Auth {
  constructor(config) {
    this.config = config;
    this.endpoints = {
      auth: `${config.authority}/protocol/openid-connect/auth`,
      token: `${config.authority}/protocol/openid-connect/token`,
      logout: `${config.authority}/protocol/openid-connect/logout`,
    };
    this.tokens = null;
    this.refreshing = null;
  }

  /** The page address the login returns to: the dashboard, with ?realm= when a master admin manages another realm. */
  get redirectUri() {
    const c = this.config;
    return c.realm === c.loginRealm ? c.consoleUrl : `${c.consoleUrl}?realm=${encodeURIComponent(c.realm)}`;
  }

  get signedIn() {
    return this.tokens !== null;
  }

  /** PKCE needs the Web Crypto API, which browsers offer only over HTTPS (and on localhost). */
  static supported() {
    return Boolean(window.isSecureContext && crypto && crypto.subtle);
  }

  /** Whether an earlier sign-in in this tab should be renewed without asking (the login page is skipped when Keycloak still knows the admin). */
  wasSignedIn() {
    return sessionStorage.getItem(SIGNED_IN) === this.config.loginRealm;
  }

  async startLogin({ silent = false } = {}) {
    const verifier = randomString(48);
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
    const pending = {
      state: randomString(24),
      nonce: randomString(24),
      verifier,
      returnTo: window.location.hash,
      silent,
    };
    sessionStorage.setItem(PENDING, JSON.stringify(pending));
    const query = new URLSearchParams({
      client_id: this.config.clientId,
      redirect_uri: this.redirectUri,
      response_type: 'code',
      response_mode: 'query',
      scope: 'openid',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: base64Url(new Uint8Array(digest)),
      code_challenge_method: 'S256',
    });
    if (silent) {
      query.set('prompt', 'none');
    }
    const locale = document.documentElement.lang;
    if (locale) {
      query.set('ui_locales', locale);
    }
    window.location.assign(`${this.endpoints.auth}?${query}`);
  }

  /**
   * Finishes a login when the page is the login's return: exchanges the code for tokens and cleans the
   * address. Returns false when the page was opened normally; throws LoginError when the login failed.
   */
  async completeLogin() {
    const params = new URLSearchParams(window.location.search);
    if (!params.has('state') || !(params.has('code') || params.has('error'))) {
      return false;
    }
    const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
    sessionStorage.removeItem(PENDING);
    window.history.replaceState(null, '', this.redirectUri + (pending?.returnTo || ''));
    if (!pending || pending.state !== params.get('state')) {
      throw new LoginError('invalid_state');
    }
    if (params.has('error')) {
      if (pending.silent) {
        sessionStorage.removeItem(SIGNED_IN);
        return false;
      }
      throw new LoginError(params.get('error'), params.get('error_description'));
    }
    const tokens = await this.tokenRequest({
      grant_type: 'authorization_code',
      code: params.get('code'),
      redirect_uri: this.redirectUri,
      code_verifier: pending.verifier,
    });
    if (decodeJwt(tokens.id_token).nonce !== pending.nonce) {
      this.tokens = null;
      throw new LoginError('invalid_nonce');
    }
    sessionStorage.setItem(SIGNED_IN, this.config.loginRealm);
    return true;
  }

  async tokenRequest(fields) {
    const response = await fetch(this.endpoints.token, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: this.config.clientId, ...fields }),
      credentials: 'omit',
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      this.tokens = null;
      throw new LoginError(body.error || `http_${response.status}`, body.error_description);
    }
    this.tokens = {
      access: body.access_token,
      refresh: body.refresh_token,
      id: body.id_token || this.tokens?.id,
      expiresAt: Date.now() + (body.expires_in || 60) * 1000,
    };
    return body;
  }

  /** A valid access token, refreshed first when it is about to expire; null when signed out. */
  async accessToken({ forceRefresh = false } = {}) {
    if (!this.tokens) {
      return null;
    }
    if (forceRefresh || Date.now() > this.tokens.expiresAt - 20_000) {
      if (!this.refreshing) {
        this.refreshing = this.tokenRequest({ grant_type: 'refresh_token', refresh_token: this.tokens.refresh })
          .catch(() => null)
          .finally(() => { this.refreshing = null; });
      }
      await this.refreshing;
    }
    return this.tokens ? this.tokens.access : null;
  }

  /** The signed-in admin's claims (from the access token, which the server has just issued to us). */
  claims() {
    return this.tokens ? decodeJwt(this.tokens.access) : {};
  }

  /** Ends the Keycloak session too, then comes back to the dashboard's sign-in. */
  signOut() {
    sessionStorage.removeItem(SIGNED_IN);
    const back = new URL(this.redirectUri);
    back.searchParams.set('signed-out', '1');
    const query = new URLSearchParams({
      client_id: this.config.clientId,
      post_logout_redirect_uri: back.toString(),
    });
    if (this.tokens?.id) {
      query.set('id_token_hint', this.tokens.id);
    }
    this.tokens = null;
    window.location.assign(`${this.endpoints.logout}?${query}`);
  }
}
