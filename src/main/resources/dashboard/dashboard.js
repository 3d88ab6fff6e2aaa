// The compromised-credentials dashboard: held batches (approve, reject), recent batches (revert), flags
// (search, dismiss), counts, and the realm policy. Plain JavaScript, no framework, nothing from elsewhere.

import { Auth, LoginError } from './oidc.js';
import { Api, ApiError } from './api.js';
import {
  announce, badge, clearError, confirmAction, date, el, empty, number, replace, showError, t, table, time,
} from './view.js';

const config = JSON.parse(document.getElementById('cc-config').textContent);
const auth = new Auth(config);
const api = new Api(config.adminBase, auth);

const PAGE = 50;
const MAX_SHOWN = 950; // the API answers at most 1000 a page
const FLAG_STATES = ['ACTIVE', 'SUSPECTED', 'RESOLVED', 'DISMISSED', 'REVERTED'];
const BATCH_STATES = ['HELD', 'CANARY', 'PAUSED', 'APPLIED', 'REJECTED', 'REVERTED', 'PREVIEW'];
const STAGED = ['CANARY', 'PAUSED'];

/** What the signed-in admin may do, from the realm-management roles in their token (Keycloak checks again on every call). */
const can = { view: false, manage: false, viewRealm: false, manageRealm: false };
let policyInForce = {};
const flagView = { state: 'ACTIVE', query: '', shown: PAGE };

const $ = (id) => document.getElementById(id);

// ---- start

async function start() {
  $('cc-realm').textContent = config.realmDisplayName;
  document.title = `${t('ccDashTitle')} · ${config.realmDisplayName}`;

  const consoleOrigin = new URL(config.consoleUrl).origin;
  if (window.location.origin !== consoleOrigin) {
    // the sign-in returns to the server's frontend address: open the dashboard there
    window.location.replace(config.consoleUrl + window.location.search + window.location.hash);
    return;
  }
  if (!Auth.supported()) {
    showSignIn(t('ccDashNeedsHttps'), false);
    return;
  }
  const signedOut = new URLSearchParams(window.location.search).has('signed-out');
  if (signedOut) {
    window.history.replaceState(null, '', auth.redirectUri);
  }
  try {
    if (!(await auth.completeLogin())) {
      if (!signedOut && auth.wasSignedIn()) {
        await auth.startLogin({ silent: true });
        return;
      }
      showSignIn(signedOut ? t('ccDashSignedOut') : t('ccDashSignInText', config.realmDisplayName), true);
      return;
    }
  } catch (e) {
    showSignIn(e instanceof LoginError ? t('ccDashLoginFailed', e.message) : String(e), true);
    return;
  }
  await showDashboard();
}

function showSignIn(text, canSignIn) {
  $('cc-signin').hidden = false;
  $('cc-signin-text').textContent = text;
  $('cc-sign-in').hidden = !canSignIn;
  $('cc-sign-in').addEventListener('click', () => auth.startLogin());
  if (config.serverAdminUrl && canSignIn) {
    $('cc-server-admin').hidden = false;
    $('cc-server-admin-link').href = config.serverAdminUrl;
  }
  $('cc-sign-in').focus();
}

async function showDashboard() {
  const claims = auth.claims();
  // a realm's admins hold realm-management roles; the master realm's hold the roles of the client "<realm>-realm"
  const roleClient = config.loginRealm === config.realm && config.realm !== 'master' ? 'realm-management' : `${config.realm}-realm`;
  const roles = new Set(claims.resource_access?.[roleClient]?.roles || []);
  can.manage = roles.has('manage-users');
  can.view = can.manage || roles.has('view-users');
  can.manageRealm = roles.has('manage-realm');
  can.viewRealm = can.manageRealm || roles.has('view-realm');

  $('cc-who').hidden = false;
  $('cc-user').textContent = t('ccDashSignedInAs', claims.preferred_username || claims.sub);
  $('cc-sign-out').addEventListener('click', () => auth.signOut());

  let stats;
  try {
    stats = await api.cc('GET', '/stats');
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) {
      $('cc-denied').hidden = false;
      $('cc-denied-text').textContent = t('ccDashNoAccess', claims.preferred_username || claims.sub, config.realmDisplayName);
      $('cc-denied-title').focus();
      return;
    }
    throw e;
  }

  $('cc-nav').hidden = false;
  $('cc-app').hidden = false;
  $('cc-app').classList.toggle('read-only', !can.manage);
  $('cc-read-only').hidden = can.manage;
  setUpFlagControls();
  renderStats(stats);
  await Promise.all([loadHeld(), loadRecent(), loadFlags(), loadBounced(), loadPolicy()]);
  const target = window.location.hash && document.getElementById(window.location.hash.substring(1));
  if (target) {
    target.scrollIntoView();
    (target.querySelector('h2') || target).focus();
  }
}

/** Runs a section's loader and shows its failure inside the section, so that one failing call spoils nothing else. */
async function guarded(container, loader) {
  try {
    await loader();
  } catch (e) {
    replace(container, el('p', { class: 'error' }, t('ccDashLoadFailed', e.message)));
  }
}

async function refreshAll() {
  await Promise.all([
    guarded($('cc-stats'), async () => renderStats(await api.cc('GET', '/stats'))),
    loadHeld(), loadRecent(), loadFlags(), loadBounced(),
  ]);
}

// ---- overview

function renderStats(stats) {
  const flags = stats.flags || {};
  const batches = stats.batches || {};
  const bounced = (stats.emails || {}).BOUNCED || 0;
  const tile = (id, label, value, highlight) => el('div', { class: `tile${highlight ? ' tile-alert' : ''}`, id },
    el('dt', {}, label), el('dd', {}, number(value)));
  const tiles = el('dl', { class: 'tiles' },
    tile('cc-count-held', t('ccDashCountHeld'), batches.HELD, (batches.HELD || 0) > 0),
    FLAG_STATES.map((s) => tile(`cc-count-${s.toLowerCase()}`, t(`ccDashCountFlags${s}`), flags[s], false)),
    // emails the server refused for good: the section below lists who was never told
    el('div', { class: `tile${bounced > 0 ? ' tile-alert' : ''}`, id: 'cc-count-bounced' },
      el('dt', {}, el('a', { href: '#bounced-emails' }, t('ccDashCountBounced'))), el('dd', {}, number(bounced))));

  const bySource = stats.flagsBySource || {};
  const sources = Object.keys(bySource).sort();
  const sourceTable = sources.length === 0
    ? empty(t('ccDashNoFlagsYet'))
    : table(t('ccDashBySourceCaption'),
      [{ label: t('ccDashColSource'), cell: (s) => s },
        ...FLAG_STATES.map((state) => ({ label: t(`ccDashState${state}`), className: 'num', cell: (s) => number(bySource[s][state]) }))],
      sources);
  const batchLine = el('p', { class: 'batch-counts' }, t('ccDashBatchCounts'), ' ',
    BATCH_STATES.filter((s) => batches[s]).map((s, i) => [i > 0 ? ' · ' : '', `${t(`ccDashState${s}`)}: ${number(batches[s])}`]));
  replace($('cc-stats'), tiles, el('h3', {}, t('ccDashBySource')), sourceTable, batchLine);
}

// ---- held batches

async function loadHeld() {
  await guarded($('cc-held'), async () => {
    const held = await api.cc('GET', '/batches?state=HELD&max=100');
    if (held.length === 0) {
      replace($('cc-held'), empty(t('ccDashNoHeld')));
      return;
    }
    const columns = [
      { label: t('ccDashColReceived'), cell: (b) => time(b.createdAt) },
      { label: t('ccDashColSource'), cell: (b) => b.source },
      { label: t('ccDashColReason'), cell: (b) => t(`ccDashReason_${b.reason}`) },
      { label: t('ccDashColSubmittedBy'), cell: (b) => b.submittedBy || '' },
      { label: t('ccDashColNewFlags'), className: 'num', cell: (b) => number(b.newlyFlagged) },
      { label: t('ccDashColWhyHeld'), cell: (b) => b.holdReason || '' },
      // what users will read if the batch is approved, and what it rests on: an approver judges the words too
      { label: t('ccDashColUserMessage'), className: 'cc-user-message', cell: (b) => b.userMessage || t('ccDashCategoryText') },
      { label: t('ccDashColEvidence'), className: 'cc-evidence', cell: (b) => b.evidence || '' },
    ];
    if (can.manage) {
      columns.push({
        label: t('ccDashColActions'),
        cell: (b) => el('div', { class: 'actions' },
          el('button', { type: 'button', class: 'primary', 'data-action': 'approve', 'aria-label': t('ccDashApproveLabel', b.source, date(b.createdAt)), onclick: () => approve(b) }, t('ccDashApprove')),
          el('button', { type: 'button', class: 'secondary', 'data-action': 'reject', 'aria-label': t('ccDashRejectLabel', b.source, date(b.createdAt)), onclick: () => reject(b) }, t('ccDashReject'))),
      });
    }
    replace($('cc-held'), table(t('ccDashHeldCaption'), columns, held, (b) => ({ 'data-batch-id': b.batchId })));
  });
}

async function approve(batch) {
  const ok = await confirmAction({
    title: t('ccDashApproveTitle', batch.source),
    text: t('ccDashApproveText', number(batch.newlyFlagged)),
    confirmLabel: t('ccDashApprove'),
  });
  if (ok) {
    await act(async () => {
      const result = await api.cc('POST', `/batches/${encodeURIComponent(batch.batchId)}/approve`);
      return t('ccDashApproved', number(result.newlyFlagged));
    }, 'held-title');
  }
}

async function reject(batch) {
  const ok = await confirmAction({
    title: t('ccDashRejectTitle', batch.source),
    text: t('ccDashRejectText'),
    confirmLabel: t('ccDashReject'),
    danger: true,
  });
  if (ok) {
    await act(async () => {
      await api.cc('POST', `/batches/${encodeURIComponent(batch.batchId)}/reject`);
      return t('ccDashRejected');
    }, 'held-title');
  }
}

/**
 * Runs a change, announces its outcome or its error, and reloads what it may have changed. The button that
 * had the focus is usually gone then: the focus goes to the heading of its section, not to the page's top.
 */
async function act(change, sectionHeading) {
  clearError();
  try {
    const outcome = await change();
    await refreshAll();
    announce(outcome);
  } catch (e) {
    showError(t('ccDashActionFailed', e.message));
  }
  if (!document.activeElement || document.activeElement === document.body) {
    $(sectionHeading).focus();
  }
}

// ---- recent batches

async function loadRecent() {
  await guarded($('cc-recent'), async () => {
    const batches = (await api.cc('GET', '/batches?max=20')).filter((b) => b.state !== 'HELD');
    if (batches.length === 0) {
      replace($('cc-recent'), empty(t('ccDashNoBatches')));
      return;
    }
    const columns = [
      { label: t('ccDashColReceived'), cell: (b) => time(b.createdAt) },
      { label: t('ccDashColSource'), cell: (b) => b.source },
      { label: t('ccDashColReason'), cell: (b) => t(`ccDashReason_${b.reason}`) },
      { label: t('ccDashColState'), cell: (b) => badge(b.state) },
      { label: t('ccDashColFlagged'), className: 'num', cell: (b) => number(b.newlyFlagged) },
      // subjects that carried the leaked password: waiting for a login, confirmed, dismissed unseen
      { label: t('ccDashColLeakVerification'), className: 'num', cell: (b) => (b.suspected === undefined ? ''
        : `${number(b.suspected)} / ${number(b.confirmed ?? 0)} / ${number(b.dismissed ?? 0)}`) },
      // a staged batch: its slice and the rest waiting, the slice's health, why it paused
      { label: t('ccDashColStage'), className: 'cc-stage', cell: (b) => stageText(b) },
      { label: t('ccDashColDecided'), cell: (b) => decidedText(b) },
    ];
    if (can.manage) {
      columns.push({
        label: t('ccDashColActions'),
        cell: (b) => {
          const revertButton = el('button', { type: 'button', class: 'secondary', 'data-action': 'revert', 'aria-label': t('ccDashRevertLabel', b.source, date(b.createdAt)), onclick: () => revert(b) }, t('ccDashRevert'));
          if (STAGED.includes(b.state)) {
            return el('div', { class: 'actions' },
              el('button', { type: 'button', class: 'primary', 'data-action': 'continue', 'aria-label': t('ccDashContinueLabel', b.source, date(b.createdAt)), onclick: () => continueStaged(b) }, t('ccDashContinue')),
              revertButton,
              el('button', { type: 'button', class: 'secondary', 'data-action': 'drop-rest', 'aria-label': t('ccDashDropRestLabel', b.source, date(b.createdAt)), onclick: () => dropRest(b) }, t('ccDashDropRest')));
          }
          return b.state === 'APPLIED' ? revertButton : '';
        },
      });
    }
    replace($('cc-recent'), table(t('ccDashRecentCaption'), columns, batches, (b) => ({ 'data-batch-id': b.batchId })));
  });
}

function stageText(b) {
  const c = b.canary;
  if (!c) {
    return '';
  }
  const h = c.health;
  return el('div', {},
    el('div', {}, t('ccDashStageText', number(c.slice), number(c.rest))),
    h ? el('div', { class: 'help' }, t('ccDashStageHealth', number(h.differs), number(h.withPassword), number(h.bounced), number(h.dismissed), number(h.resolved))) : null,
    c.pauseReason ? el('div', { class: 'cc-pause-reason' }, t('ccDashStagePaused', c.pauseReason)) : null,
    b.state === 'CANARY' && c.watchUntil ? el('div', { class: 'help' }, t('ccDashStageUntil', date(c.watchUntil))) : null,
    c.restDropped ? el('div', { class: 'help' }, t('ccDashStageDropped', number(c.restDropped))) : null);
}

async function continueStaged(batch) {
  const ok = await confirmAction({
    title: t('ccDashContinueTitle', batch.source),
    text: t('ccDashContinueText', number(batch.canary.rest)),
    confirmLabel: t('ccDashContinue'),
  });
  if (ok) {
    await act(async () => {
      const result = await api.cc('POST', `/batches/${encodeURIComponent(batch.batchId)}/continue`);
      return t('ccDashContinued', number(result.newlyFlagged));
    }, 'recent-title');
  }
}

async function dropRest(batch) {
  const ok = await confirmAction({
    title: t('ccDashDropRestTitle', batch.source),
    text: t('ccDashDropRestText', number(batch.canary.rest)),
    confirmLabel: t('ccDashDropRest'),
    danger: true,
  });
  if (ok) {
    await act(async () => {
      const result = await api.cc('POST', `/batches/${encodeURIComponent(batch.batchId)}/drop-rest`);
      return t('ccDashDroppedRest', number(result.canary.restDropped));
    }, 'recent-title');
  }
}

function decidedText(b) {
  if (b.revertedBy) {
    return t('ccDashRevertedBy', b.revertedBy, date(b.revertedAt));
  }
  if (b.decidedBy) {
    return t('ccDashDecidedBy', b.decidedBy, date(b.decidedAt));
  }
  return b.submittedBy ? t('ccDashSubmittedBy', b.submittedBy) : '';
}

async function revert(batch) {
  const correctionsAllowed = policyInForce.emailOnRevert !== false;
  const notify = el('input', { type: 'checkbox', id: 'cc-revert-notify', checked: correctionsAllowed, disabled: !correctionsAllowed });
  const extra = el('div', { class: 'field-check' }, notify,
    el('label', { for: 'cc-revert-notify' }, t('ccDashRevertNotify')),
    correctionsAllowed ? null : el('p', { class: 'help' }, t('ccDashRevertNotifyOff')));
  const ok = await confirmAction({
    title: t('ccDashRevertTitle', batch.source),
    text: t('ccDashRevertText'),
    confirmLabel: t('ccDashRevert'),
    danger: true,
    extra,
  });
  if (ok) {
    const notifyUsers = notify.checked && correctionsAllowed;
    await act(async () => {
      const result = await api.cc('POST', `/batches/${encodeURIComponent(batch.batchId)}/revert`, { notifyUsers });
      return t('ccDashReverted', number(result.revertedFlags), number(result.correctionEmails));
    }, 'recent-title');
  }
}

// ---- flags

function setUpFlagControls() {
  const state = $('cc-flag-state');
  replace(state, FLAG_STATES.map((s) => el('option', { value: s }, t(`ccDashState${s}`))), el('option', { value: '' }, t('ccDashAllStates')));
  state.value = flagView.state;
  state.addEventListener('change', () => {
    flagView.state = state.value;
    flagView.shown = PAGE;
    loadFlags();
  });
  $('cc-flag-search').addEventListener('submit', (event) => {
    event.preventDefault();
    flagView.query = $('cc-flag-query').value.trim();
    flagView.shown = PAGE;
    loadFlags();
  });
  $('cc-flag-clear').addEventListener('click', () => {
    $('cc-flag-query').value = '';
    flagView.query = '';
    flagView.shown = PAGE;
    loadFlags();
    $('cc-flag-query').focus();
  });
}

let flagTicket = 0;

async function loadFlags() {
  const container = $('cc-flags');
  const ticket = ++flagTicket;
  container.setAttribute('aria-busy', 'true');
  await guarded(container, async () => {
    let flags;
    let hasMore = false;
    if (flagView.query) {
      flags = await searchFlags(flagView.query, flagView.state);
    } else {
      // newest first; one more than shown tells whether there are more
      const state = flagView.state ? `state=${flagView.state}&` : '';
      flags = await api.cc('GET', `/flags?${state}first=0&max=${flagView.shown + 1}`);
      hasMore = flags.length > flagView.shown;
      flags = flags.slice(0, flagView.shown);
    }
    if (ticket !== flagTicket) {
      return; // a newer search or filter has been asked for meanwhile
    }
    if (flags.length === 0) {
      replace($('cc-flags'), empty(flagView.query ? t('ccDashNoFlagsFound', flagView.query) : t('ccDashNoFlags')));
      return;
    }
    const columns = [
      { label: t('ccDashColUser'), cell: (f) => f.username || f.userId },
      { label: t('ccDashColState'), cell: (f) => badge(f.state) },
      { label: t('ccDashColReason'), cell: (f) => t(`ccDashReason_${f.reason}`) },
      { label: t('ccDashColSource'), cell: (f) => f.source },
      { label: t('ccDashColFlaggedOn'), cell: (f) => time(f.createdAt) },
      { label: t('ccDashColEmail'), cell: (f) => notificationText(f.notification) },
    ];
    if (can.manage) {
      columns.push({
        label: t('ccDashColActions'),
        cell: (f) => (f.state === 'ACTIVE'
          ? el('button', { type: 'button', class: 'secondary', 'data-action': 'dismiss', 'aria-label': t('ccDashDismissLabel', f.username || f.userId), onclick: () => dismiss(f) }, t('ccDashDismiss'))
          : ''),
      });
    }
    const parts = [table(t('ccDashFlagsCaption'), columns, flags, (f) => ({ 'data-user': f.username || f.userId }))];
    if (hasMore && flagView.shown < MAX_SHOWN) {
      parts.push(el('p', {}, el('button', {
        type: 'button',
        class: 'secondary',
        id: 'cc-flags-more',
        onclick: () => {
          flagView.shown = Math.min(flagView.shown + PAGE, MAX_SHOWN);
          loadFlags();
        },
      }, t('ccDashShowMore'))));
    }
    replace($('cc-flags'), ...parts);
  });
  if (ticket !== flagTicket) {
    return;
  }
  // what the list now shows, for whoever waits on it
  container.dataset.query = flagView.query;
  container.dataset.state = flagView.state;
  container.setAttribute('aria-busy', 'false');
}

// ---- bounced emails

/** The emails the SMTP server refused for good, newest first: who was never told, and the server's reply. */
async function loadBounced() {
  await guarded($('cc-bounced'), async () => {
    const bounces = await api.cc('GET', '/emails/bounced?first=0&max=100');
    if (bounces.length === 0) {
      replace($('cc-bounced'), empty(t('ccDashNoBounces')));
      return;
    }
    replace($('cc-bounced'), table(t('ccDashBouncedCaption'), [
      { label: t('ccDashColRecipient'), cell: (b) => b.username || b.recipient || b.userId || '' },
      { label: t('ccDashColEmailKind'), cell: (b) => t(`ccDashEmailKind_${b.kind}`) },
      { label: t('ccDashColBouncedOn'), cell: (b) => time(b.createdAt) },
      { label: t('ccDashColReply'), cell: (b) => String(b.reply || '').replace(/^bounced: /, '') },
    ], bounces, (b) => ({ 'data-user': b.username || b.recipient || '' })));
  });
}

/** What became of the user's email: queued, sent, off, or "skipped: why". */
function notificationText(notification) {
  if (!notification) {
    return '';
  }
  const [kind, ...why] = notification.split(':');
  const key = `ccDashNotification_${kind.trim()}`;
  const text = t(key, why.join(':').trim());
  return text === key ? notification : text;
}

/** Keycloak's own user search (username, email, name), then each user's latest flag. */
async function searchFlags(query, state) {
  const users = await api.call('GET', `/users?briefRepresentation=true&max=20&search=${encodeURIComponent(query)}`);
  const flags = await Promise.all(users.map((u) => api.cc('GET', `/users/${encodeURIComponent(u.id)}/flag`)
    .catch((e) => {
      if (e instanceof ApiError && e.status === 404) {
        return null;
      }
      throw e;
    })));
  return flags.filter((f) => f && (!state || f.state === state));
}

async function dismiss(flag) {
  const who = flag.username || flag.userId;
  const ok = await confirmAction({
    title: t('ccDashDismissTitle', who),
    text: t('ccDashDismissText', who),
    confirmLabel: t('ccDashDismiss'),
    danger: true,
  });
  if (ok) {
    await act(async () => {
      await api.cc('DELETE', `/users/${encodeURIComponent(flag.userId)}/flag`);
      return t('ccDashDismissed', who);
    }, 'flags-title');
  }
}

// ---- realm policy

const CONFIG_PATH = '/authentication/required-actions/COMPROMISED_PASSWORD_RESET/config';

async function loadPolicy() {
  await guarded($('cc-policy-body'), async () => {
    policyInForce = await api.cc('GET', '/policy');
    showEnforcement(policyInForce.enforcement);
    if (!can.viewRealm) {
      renderPolicyReadOnly();
      return;
    }
    const [description, stored] = await Promise.all([
      api.call('GET', `${CONFIG_PATH}-description`),
      api.call('GET', CONFIG_PATH).catch((e) => {
        if (e instanceof ApiError && e.status === 404) {
          return { config: {} };
        }
        throw e;
      }),
    ]);
    renderPolicyForm(description.properties || [], stored.config || {});
  });
}

// Whether flags are enforced at login: off (the required action is disabled or missing) or weakened (another
// required action runs before it) is said at the top of the page, since every flag depends on it.
function showEnforcement(enforcement) {
  const note = $('cc-enforcement');
  const key = { off: 'ccDashEnforcementOff', weakened: 'ccDashEnforcementWeakened' }[enforcement];
  note.hidden = !key;
  note.textContent = key ? t(key) : '';
}

function renderPolicyReadOnly() {
  const rows = Object.entries(policyInForce);
  replace($('cc-policy-body'),
    el('p', { class: 'hint' }, t('ccDashPolicyNeedsViewRealm')),
    table(t('ccDashPolicyCaption'), [
      { label: t('ccDashColSetting'), cell: ([key]) => key },
      { label: t('ccDashColValue'), cell: ([, value]) => String(value) },
    ], rows));
}

function renderPolicyForm(properties, stored) {
  const readOnly = !can.manageRealm;
  const form = el('form', { id: 'cc-policy-form', class: 'policy', novalidate: true });
  const fields = [];
  for (const property of properties) {
    const id = `policy-${property.name}`;
    const helpId = `${id}-help`;
    const current = policyInForce[property.name] ?? property.defaultValue ?? '';
    let input;
    if (property.type === 'boolean') {
      input = el('input', { type: 'checkbox', id, name: property.name, checked: current === true || current === 'true', disabled: readOnly, 'aria-describedby': helpId });
    } else if (property.type === 'List') {
      input = el('select', { id, name: property.name, disabled: readOnly, 'aria-describedby': helpId },
        (property.options || []).map((o) => el('option', { value: o }, o)));
      input.value = String(current);
    } else {
      const numeric = /^\d+$/.test(String(property.defaultValue ?? ''));
      input = el('input', {
        type: 'text', id, name: property.name, value: String(current), readonly: readOnly,
        inputmode: numeric ? 'numeric' : null, 'aria-describedby': helpId, autocomplete: 'off',
      });
    }
    fields.push({ property, input });
    const help = el('p', { class: 'help', id: helpId }, property.helpText || '');
    form.append(property.type === 'boolean'
      ? el('div', { class: 'field field-check' }, input, el('label', { for: id }, property.label || property.name), help)
      : el('div', { class: 'field' }, el('label', { for: id }, property.label || property.name), input, help));
  }
  if (readOnly) {
    form.prepend(el('p', { class: 'hint' }, t('ccDashPolicyNeedsManageRealm')));
  } else {
    form.append(el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'cc-policy-save' }, t('ccDashPolicySave'))));
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!readOnly) {
      savePolicy(fields, stored);
    }
  });
  replace($('cc-policy-body'), form);
}

async function savePolicy(fields, stored) {
  // Keep what is stored; write a setting only when the admin changed it, so that untouched settings keep
  // following the defaults. An emptied text field goes back to the default.
  const config = { ...stored };
  for (const { property, input } of fields) {
    const value = property.type === 'boolean' ? String(input.checked) : input.value.trim();
    if (value !== String(policyInForce[property.name] ?? '')) {
      if (value === '') {
        delete config[property.name];
      } else {
        config[property.name] = value;
      }
    }
  }
  clearError();
  try {
    await api.call('PUT', CONFIG_PATH, { config });
    await loadPolicy();
    announce(t('ccDashPolicySaved'));
  } catch (e) {
    showError(t('ccDashPolicySaveFailed', e.message));
  }
}

start().catch((e) => showError(String(e && e.message ? e.message : e)));
