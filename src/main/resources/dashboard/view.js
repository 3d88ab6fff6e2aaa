// Building the page: translated texts, elements, tables and the confirmation dialog.
// Everything is built with createElement and textContent: the page's CSP enforces Trusted Types, so no
// string is ever parsed as HTML.

const messages = JSON.parse(document.getElementById('cc-messages').textContent);
const lang = document.documentElement.lang || 'en';

/** The message {@code key} with {0}, {1}... replaced (the same keys and format as Keycloak's themes). */
export function t(key, ...args) {
  const text = messages[key];
  if (text === undefined) {
    return key;
  }
  return text.replace(/''|\{(\d+)\}/g, (match, index) => (match === "''" ? "'" : String(args[Number(index)] ?? '')));
}

/**
 * An element: el('button', {class: 'primary', onclick: fn, 'aria-label': '...'}, 'text', child...).
 * Attributes whose value is null, undefined or false are left out; true gives an empty attribute.
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.substring(2), value);
    } else if (name === 'checked' || name === 'value') {
      node[name] = value;
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(container, ...children) {
  container.replaceChildren();
  append(container, children);
}

const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
const numberFormat = new Intl.NumberFormat(lang);

export function date(iso) {
  if (!iso) {
    return '';
  }
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? iso : dateFormat.format(parsed);
}

export function number(n) {
  return numberFormat.format(n ?? 0);
}

/** A date as a <time> element with the exact instant as its datetime. */
export function time(iso) {
  return iso ? el('time', { datetime: iso }, date(iso)) : '';
}

/**
 * A table that becomes a list of cards at narrow widths: each cell carries its column's name in
 * data-label, which the stylesheet shows in front of the value there.
 * columns: [{label, cell: row => content, className?}]
 */
export function table(caption, columns, rows, rowAttributes = () => ({})) {
  return el('div', { class: 'table-wrap' },
    el('table', { class: 'data' },
      el('caption', { class: 'visually-hidden' }, caption),
      el('thead', {}, el('tr', {}, columns.map((c) => el('th', { scope: 'col', class: c.className }, c.label)))),
      el('tbody', {}, rows.map((row) => el('tr', rowAttributes(row),
        columns.map((c, i) => el(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, 'data-label': c.label, class: c.className },
          c.cell(row))))))));
}

export function badge(state) {
  return el('span', { class: `badge badge-${String(state).toLowerCase()}` }, t(`ccDashState${state}`));
}

export function empty(text) {
  return el('p', { class: 'empty' }, text);
}

// ---- the confirmation dialog

const dialog = document.getElementById('cc-dialog');

/**
 * Asks before an action: resolves true when confirmed, false when cancelled (button or Escape). Focus goes
 * to the dialog's first control and comes back to the element that opened it.
 */
export function confirmAction({ title, text, confirmLabel, danger = false, extra = null }) {
  const opener = document.activeElement;
  replace(document.getElementById('cc-dialog-title'), title);
  replace(document.getElementById('cc-dialog-text'), text);
  replace(document.getElementById('cc-dialog-extra'), extra);
  const confirm = document.getElementById('cc-dialog-confirm');
  const cancel = document.getElementById('cc-dialog-cancel');
  confirm.textContent = confirmLabel;
  confirm.className = danger ? 'danger' : 'primary';
  return new Promise((resolve) => {
    const finish = (answer) => {
      confirm.removeEventListener('click', onConfirm);
      cancel.removeEventListener('click', onCancel);
      dialog.removeEventListener('cancel', onEscape);
      dialog.close();
      if (opener && opener.isConnected) {
        opener.focus();
      }
      resolve(answer);
    };
    const onConfirm = (event) => { event.preventDefault(); finish(true); };
    const onCancel = (event) => { event.preventDefault(); finish(false); };
    const onEscape = (event) => { event.preventDefault(); finish(false); };
    confirm.addEventListener('click', onConfirm);
    cancel.addEventListener('click', onCancel);
    dialog.addEventListener('cancel', onEscape);
    dialog.showModal();
    (dialog.querySelector('#cc-dialog-extra input') || cancel).focus();
  });
}

// ---- messages to the admin

const status = document.getElementById('cc-status');
const alertBox = document.getElementById('cc-alert');

/** A polite announcement (screen readers read it when they are idle). */
export function announce(text) {
  status.textContent = '';
  // a fresh text node, so that repeating the same words is announced again
  window.setTimeout(() => { status.textContent = text; }, 50);
}

/** An error, announced at once. */
export function showError(text) {
  alertBox.hidden = false;
  replace(alertBox, el('span', {}, text), ' ',
    el('button', { type: 'button', class: 'link', onclick: () => { alertBox.hidden = true; } }, t('ccDashDismissMessage')));
}

export function clearError() {
  alertBox.hidden = true;
  alertBox.replaceChildren();
}
