// The second factor of one's own account (TOTP, RFC 6238): set up by scanning a QR code (or
// typing the key) into an authenticator app and confirming one code; ten recovery codes are
// shown once, to copy or download; turned off with the password, except by operator-admins,
// who must keep it.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { request } from '../../api/client';
import { t } from '../../i18n';
import { setGuard } from '../../router';
import { refreshSession, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner } from '../../ui';
import { Card, Input, useRefusal } from './forms';
import { qrPath } from './qr';
import { ta } from './strings';

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP". */
export function groupKey(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The QR code of text as an SVG (one unit a module, a quiet zone of four). */
function QrCode(props: { text: string; label: string }) {
  const path = useMemo(() => qrPath(props.text), [props.text]);
  const n = path.size + 8;
  return (
    <svg
      class="qr"
      viewBox={`-4 -4 ${n} ${n}`}
      role="img"
      aria-label={props.label}
      shape-rendering="crispEdges"
    >
      <rect x="-4" y="-4" width={n} height={n} fill="#fff" />
      <path d={path.d} fill="#000" />
    </svg>
  );
}

function RecoveryCodes(props: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const text = `${ta('totp.fileHeader')}\n\n${props.codes.join('\n')}\n`;
  const href = `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
  useEffect(() => {
    setGuard(() => window.confirm(ta('totp.leaveCodes')));
    return () => setGuard(null);
  }, []);
  return (
    <div class="recovery">
      <Banner kind="success">{ta('totp.enabled')}</Banner>
      <Banner kind="warning">{ta('totp.storeNow')}</Banner>
      <ol class="recovery-codes" aria-label={ta('totp.codes')}>
        {props.codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div class="button-row">
        <button
          type="button"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(props.codes.join('\n'));
              setCopied(true);
              announce(ta('totp.copied'));
            } catch {
              announce(ta('totp.copyFailed'));
            }
          }}
        >
          {copied ? ta('totp.copied') : ta('totp.copy')}
        </button>
        <a class="button" href={href} download="bpmc-recovery-codes.txt" data-native>
          {ta('totp.download')}
        </a>
        <button
          type="button"
          class="primary"
          onClick={() => {
            setGuard(null);
            props.onDone();
          }}
        >
          {ta('totp.stored')}
        </button>
      </div>
    </div>
  );
}

export function TotpCard() {
  const session = useStore(sessionStore);
  const [begun, setBegun] = useState<{ secret: string; otpauth_uri: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  // the one input of each step (code, password) shows the refusal at "field"
  const refused = useRefusal({ code: 'field', password: 'field' });
  const fieldError = refused.fields.field ?? null;
  const banner = refused.message || null;
  const [busy, setBusy] = useState(false);
  const u = session.user;
  if (!u) return null;

  const run = async (fn: () => Promise<void>, focus: string) => {
    if (busy) return;
    setBusy(true);
    refused.clear();
    try {
      await fn();
    } catch (err) {
      refused.set(err, { field: focus });
    } finally {
      setBusy(false);
    }
  };

  let body;
  if (codes) {
    body = (
      <RecoveryCodes
        codes={codes}
        onDone={() => {
          setCodes(null);
          announce(ta('totp.enabled'));
        }}
      />
    );
  } else if (u.totp_enabled) {
    body = (
      <>
        <p>
          <span class="badge status-active">{ta('totp.on')}</span> {ta('totp.onLead')}
        </p>
        {u.totp_required ? (
          <p class="muted">{ta('totp.required')}</p>
        ) : (
          <form
            noValidate
            class="record-form narrow"
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                await request('POST', 'session/totp/disable', { body: { password } });
                setPassword('');
                await refreshSession();
                announce(ta('totp.disabled'));
              }, 'totp-password');
            }}
          >
            <Input
              id="totp-password"
              type="password"
              label={ta('password.current')}
              value={password}
              onInput={setPassword}
              autoComplete="current-password"
              error={fieldError ?? undefined}
              hint={ta('totp.disableHint')}
            />
            <div class="button-row">
              <button type="submit" class="danger" disabled={busy}>
                {ta('totp.disable')}
              </button>
            </div>
          </form>
        )}
      </>
    );
  } else if (begun) {
    body = (
      <>
        <ol class="steps">
          <li>
            <p>{ta('totp.step1')}</p>
            <div class="totp-setup">
              <QrCode text={begun.otpauth_uri} label={ta('totp.qr')} />
              <div>
                <p class="small muted" id="totp-key-label">
                  {ta('totp.key')}
                </p>
                <p>
                  <code class="secret totp-key" aria-labelledby="totp-key-label">
                    {groupKey(begun.secret)}
                  </code>
                </p>
                <p>
                  <a href={begun.otpauth_uri} data-native>
                    {ta('totp.openApp')}
                  </a>
                </p>
              </div>
            </div>
          </li>
          <li>
            <form
              noValidate
              class="record-form narrow"
              onSubmit={(e) => {
                e.preventDefault();
                void run(async () => {
                  const a = await request<{ recovery_codes: string[] }>(
                    'POST',
                    'session/totp/confirm',
                    { body: { code: code.replace(/\s/g, '') } },
                  );
                  setCodes(a.data.recovery_codes);
                  setBegun(null);
                  setCode('');
                  await refreshSession();
                }, 'totp-code');
              }}
            >
              <Input
                id="totp-code"
                label={ta('totp.step2')}
                value={code}
                onInput={setCode}
                inputMode="numeric"
                autoComplete="one-time-code"
                error={fieldError ?? undefined}
                class="otp"
              />
              <div class="button-row">
                <button type="submit" class="primary" disabled={busy}>
                  {ta('totp.confirm')}
                </button>
                <button type="button" class="link" onClick={() => setBegun(null)}>
                  {t('form.cancel')}
                </button>
              </div>
            </form>
          </li>
        </ol>
      </>
    );
  } else {
    body = (
      <>
        <p>
          <span class="badge">{ta('totp.off')}</span> {ta('totp.offLead')}
        </p>
        <div class="button-row">
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                const a = await request<{ secret: string; otpauth_uri: string }>(
                  'POST',
                  'session/totp',
                );
                setBegun(a.data);
                announce(ta('totp.step1'));
              }, '')
            }
          >
            {ta('totp.setUp')}
          </button>
        </div>
      </>
    );
  }
  return (
    <Card id="totp" title={ta('totp.title')}>
      {banner ? <Banner kind="error">{banner}</Banner> : null}
      {body}
    </Card>
  );
}
