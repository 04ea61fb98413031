// My API tokens, for integrations: make one (its secret is shown once), see when each was last
// used, revoke or delete it. The collection `api-tokens` (the server keeps each user to their own
// rows; operators filter by user_id to see only theirs here).
import { useEffect, useState } from 'preact/hooks';
import { api, request, type Row } from '../../api/client';
import type { RowOf } from '../../api/types';
import { enumLabel, formatDate, formatDateTime, t } from '../../i18n';
import { sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, Loading } from '../../ui';
import { Card, errorText, Input, useRefusal } from './forms';
import { ta } from './strings';

type Token = Row &
  Pick<
    RowOf<'api-tokens'>,
    'name' | 'scope' | 'expires_on' | 'revoked' | 'prefix' | 'last_used_at'
  >;

function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function stateOf(tk: Token): 'revoked' | 'expired' | 'active' {
  if (tk.revoked) return 'revoked';
  if (tk.expires_on && tk.expires_on <= today()) return 'expired';
  return 'active';
}

export function TokensCard() {
  const session = useStore(sessionStore);
  const me = session.user?.id;
  const [items, setItems] = useState<Token[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [scope, setScope] = useState('read');
  const [expires, setExpires] = useState('');
  const refused = useRefusal({ name: 'name', scope: 'scope', expires_on: 'expires_on' });
  const errors = refused.fields;
  const [actError, setActError] = useState<unknown>(null);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    if (!me) return;
    try {
      const a = await api.list<Token>('api-tokens', { user_id: me, limit: 100 });
      setItems([...a.items].sort((x, y) => y.id - x.id));
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    void load();
  }, [me]);

  const create = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setActError(null);
    try {
      const body: Record<string, string> = { name: name.trim(), scope };
      if (expires) body.expires_on = expires;
      const a = await request<Token & { token: string }>('POST', 'api-tokens', { body });
      setCreated({ name: a.data.name, token: a.data.token });
      setName('');
      setExpires('');
      refused.clear();
      announce(ta('tokens.created'));
      await load();
    } catch (err) {
      refused.set(err, { name: 'tk-name', scope: 'tk-scope', expires_on: 'tk-expires_on' });
    } finally {
      setBusy(false);
    }
  };

  const act = async (tk: Token, what: 'revoke' | 'delete') => {
    if (what === 'delete' && !window.confirm(ta('tokens.deleteConfirm', { name: tk.name }))) return;
    setActError(null);
    refused.clear();
    try {
      if (what === 'revoke')
        await api.patch('api-tokens', tk.id, { revoked: true }, `"${tk.version ?? ''}"`);
      else await api.remove('api-tokens', tk.id);
      announce(what === 'revoke' ? ta('tokens.revokedDone') : t('detail.deleted'));
      await load();
    } catch (err) {
      setActError(err);
    }
  };

  return (
    <Card id="tokens" title={ta('tokens.title')}>
      <p class="hint">{ta('tokens.lead')}</p>
      {error ? <Banner kind="error">{errorText(error)}</Banner> : null}
      {actError ? <Banner kind="error">{errorText(actError)}</Banner> : null}
      {refused.message ? <Banner kind="error">{refused.message}</Banner> : null}
      {created ? (
        <div class="once">
          <Banner kind="warning">{ta('tokens.once', { name: created.name })}</Banner>
          <p>
            <code class="secret" id="new-token">
              {created.token}
            </code>
          </p>
          <div class="button-row">
            <button
              type="button"
              onClick={async () => {
                try {
                  await navigator.clipboard.writeText(created.token);
                  announce(ta('totp.copied'));
                } catch {
                  announce(ta('totp.copyFailed'));
                }
              }}
            >
              {ta('totp.copy')}
            </button>
            <button type="button" class="link" onClick={() => setCreated(null)}>
              {ta('tokens.hide')}
            </button>
          </div>
        </div>
      ) : null}
      {items === null && !error ? <Loading /> : null}
      {items && items.length ? (
        <ul class="token-list">
          {items.map((tk) => {
            const st = stateOf(tk);
            return (
              <li key={tk.id}>
                <div>
                  <strong>{tk.name}</strong>{' '}
                  <span class={`badge status-${st === 'active' ? 'active' : 'closed'}`}>
                    {ta(`tokens.state.${st}`)}
                  </span>
                </div>
                <div class="muted small">
                  {enumLabel('api-tokens', 'scope', tk.scope ?? '')}
                  {tk.prefix ? (
                    <>
                      {' · '}
                      <code>{tk.prefix}…</code>
                    </>
                  ) : null}
                  {tk.expires_on
                    ? ` · ${ta('tokens.expires', { d: formatDate(tk.expires_on) })}`
                    : ''}
                  {' · '}
                  {tk.last_used_at
                    ? ta('tokens.lastUsed', { d: formatDateTime(tk.last_used_at) })
                    : ta('tokens.neverUsed')}
                </div>
                <div class="button-row">
                  {st === 'active' ? (
                    <button type="button" class="small" onClick={() => void act(tk, 'revoke')}>
                      {ta('tokens.revoke')}
                      <span class="visually-hidden">: {tk.name}</span>
                    </button>
                  ) : null}
                  <button type="button" class="small danger" onClick={() => void act(tk, 'delete')}>
                    {t('detail.delete')}
                    <span class="visually-hidden">: {tk.name}</span>
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      ) : items ? (
        <p class="muted">{ta('tokens.none')}</p>
      ) : null}
      <details class="token-new" open={!!Object.keys(errors).length}>
        <summary>{ta('tokens.new')}</summary>
        <form noValidate class="record-form narrow" onSubmit={create}>
          <Input
            id="tk-name"
            label={ta('tokens.name')}
            value={name}
            onInput={setName}
            error={errors.name}
            hint={ta('tokens.nameHint')}
            required
          />
          <div class={`form-field${errors.scope ? ' has-error' : ''}`}>
            <label for="tk-scope">{ta('tokens.scope')}</label>
            <select
              id="tk-scope"
              value={scope}
              aria-invalid={errors.scope ? 'true' : undefined}
              aria-describedby={errors.scope ? 'tk-scope-error' : undefined}
              onChange={(e) => setScope((e.currentTarget as HTMLSelectElement).value)}
            >
              <option value="read">{enumLabel('api-tokens', 'scope', 'read')}</option>
              <option value="read-write">{enumLabel('api-tokens', 'scope', 'read-write')}</option>
            </select>
            {errors.scope ? (
              <p class="field-error" id="tk-scope-error">
                {errors.scope}
              </p>
            ) : null}
          </div>
          <Input
            id="tk-expires_on"
            type="date"
            label={ta('tokens.expiresOn')}
            value={expires}
            onInput={setExpires}
            error={errors.expires_on}
            hint={ta('tokens.expiresHint')}
          />
          <div class="button-row">
            <button type="submit" class="primary" disabled={busy}>
              {ta('tokens.create')}
            </button>
          </div>
        </form>
      </details>
    </Card>
  );
}
